import { z } from "zod";
import { zRequiredString, zUrlWithDefault } from "../config";

/** Google Sheets API v4 + service account key payloads. */

export const GOOGLE_SHEETS_DEFAULT_ROOT_URL = "https://sheets.googleapis.com/";
export const GOOGLE_DEFAULT_TOKEN_URI = "https://oauth2.googleapis.com/token";

/** Documented limits of Google Sheets (ARCHITECTURE.md, "External systems and their limits"). */
export const GOOGLE_SHEETS_LIMITS = {
  maxCells: 10_000_000,
  maxCellChars: 50_000,
  /** Google recommends at most ~2 MB per request; much larger bodies are refused. */
  recommendedPayloadBytes: 2 * 1024 * 1024,
  maxPayloadBytes: 10 * 1024 * 1024,
  readsPerMinute: 60,
  writesPerMinute: 60,
} as const;

/** Accepts a bare spreadsheet id or a full docs.google.com link. */
export const ZSpreadsheetId = z
  .string()
  .trim()
  .transform((value) => /\/spreadsheets\/d\/([A-Za-z0-9_-]+)/.exec(value)?.[1] ?? value)
  .pipe(z.string().regex(/^[A-Za-z0-9_-]+$/, "Нужен ID таблицы или ссылка на неё"));

export const ZGoogleSheetsConfig = z.object({
  rootUrl: zUrlWithDefault(GOOGLE_SHEETS_DEFAULT_ROOT_URL),
  serviceAccountJson: zRequiredString(),
  spreadsheetId: z
    .union([z.literal(""), ZSpreadsheetId])
    .optional()
    .transform((value) => value || undefined),
});
export type TGoogleSheetsConfig = z.output<typeof ZGoogleSheetsConfig>;
export type TGoogleSheetsConfigInput = z.input<typeof ZGoogleSheetsConfig>;

export const googleSheetsSecretFields = ["serviceAccountJson"] as const;

/** The key file of a service account, as downloaded from the Cloud console. */
export const ZGoogleServiceAccountKey = z
  .object({
    type: z.literal("service_account"),
    project_id: z.string().optional(),
    private_key_id: z.string().optional(),
    private_key: z.string().includes("PRIVATE KEY"),
    client_email: z.string().includes("@"),
    client_id: z.string().optional(),
    token_uri: z.url({ protocol: /^https?$/ }).default(GOOGLE_DEFAULT_TOKEN_URI),
    universe_domain: z.string().optional(),
  })
  .loose();
export type TGoogleServiceAccountKey = z.infer<typeof ZGoogleServiceAccountKey>;

export const ZGoogleSheetProperties = z
  .object({
    sheetId: z.number(),
    title: z.string(),
    index: z.number().optional(),
    sheetType: z.string().optional(),
    hidden: z.boolean().optional(),
    gridProperties: z
      .object({ rowCount: z.number(), columnCount: z.number(), frozenRowCount: z.number().optional() })
      .loose()
      .optional(),
  })
  .loose();
export type TGoogleSheetProperties = z.infer<typeof ZGoogleSheetProperties>;

export const ZGoogleSpreadsheet = z
  .object({
    spreadsheetId: z.string(),
    properties: z.object({ title: z.string(), locale: z.string().optional(), timeZone: z.string().optional() }).loose(),
    sheets: z.array(z.object({ properties: ZGoogleSheetProperties }).loose()).default([]),
    spreadsheetUrl: z.string().optional(),
  })
  .loose();
export type TGoogleSpreadsheet = z.infer<typeof ZGoogleSpreadsheet>;

/** Google API error body: `{"error":{"code","message","status"}}`. */
export const ZGoogleApiError = z.object({
  error: z.object({ code: z.number(), message: z.string(), status: z.string().optional() }).loose(),
});

/** OAuth token endpoint error body: `{"error","error_description"}`. */
export const ZGoogleOAuthError = z.object({ error: z.string(), error_description: z.string().optional() });

/** Cells are strings, numbers or booleans; not checked one by one (a read may carry millions). */
const ZCell = z.unknown();

export const ZValueRange = z
  .object({ range: z.string(), majorDimension: z.string().optional(), values: z.array(z.array(ZCell)).default([]) })
  .loose();
export type TValueRange = z.infer<typeof ZValueRange>;

export const ZBatchGetValuesResponse = z.object({ valueRanges: z.array(ZValueRange).default([]) }).loose();

export const ZUpdateValuesResponse = z
  .object({
    updatedRange: z.string(),
    updatedRows: z.number().default(0),
    updatedColumns: z.number().default(0),
    updatedCells: z.number().default(0),
  })
  .loose();

export const ZBatchUpdateValuesResponse = z
  .object({
    totalUpdatedRows: z.number().default(0),
    totalUpdatedCells: z.number().default(0),
    responses: z.array(ZUpdateValuesResponse).default([]),
  })
  .loose();

export const ZAppendValuesResponse = z
  .object({ tableRange: z.string().optional(), updates: ZUpdateValuesResponse })
  .loose();

export const ZBatchClearValuesResponse = z.object({ clearedRanges: z.array(z.string()).default([]) }).loose();

export const ZBatchUpdateSpreadsheetResponse = z
  .object({ replies: z.array(z.record(z.string(), z.unknown())).default([]) })
  .loose();

export const ZAddSheetReply = z.object({ addSheet: z.object({ properties: ZGoogleSheetProperties }) });
