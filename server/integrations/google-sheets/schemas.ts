import { z } from "zod";
import { zRequiredString, zUrlWithDefault } from "../config";

/** Google Sheets API v4 + service account key payloads. */

export const GOOGLE_SHEETS_DEFAULT_ROOT_URL = "https://sheets.googleapis.com/";
export const GOOGLE_DEFAULT_TOKEN_URI = "https://oauth2.googleapis.com/token";

/** Accepts a bare spreadsheet id or a full docs.google.com link. */
const ZSpreadsheetId = z
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
    gridProperties: z.object({ rowCount: z.number(), columnCount: z.number() }).loose().optional(),
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
