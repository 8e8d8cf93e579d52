import { auth, sheets, type sheets_v4 } from "@googleapis/sheets";
import type { z } from "zod";
import { parseConfig } from "../config";
import { UpstreamError } from "../errors";
import { DEFAULT_TIMEOUT_MS } from "../http";
import { a1, parseA1Range } from "./a1";
import { cellLimitError, GoogleSheetsError, toGoogleSheetsError } from "./errors";
import { sheetRequests, type TAddSheetInput, type TSheetsRequest } from "./requests";
import {
  GOOGLE_DEFAULT_TOKEN_URI,
  GOOGLE_SHEETS_LIMITS,
  ZAddSheetReply,
  ZAppendValuesResponse,
  ZBatchClearValuesResponse,
  ZBatchGetValuesResponse,
  ZBatchUpdateSpreadsheetResponse,
  ZBatchUpdateValuesResponse,
  ZGoogleServiceAccountKey,
  ZGoogleSpreadsheet,
  ZSpreadsheetId,
  ZValueRange,
  type TGoogleServiceAccountKey,
  type TGoogleSheetProperties,
  type TGoogleSheetsConfig,
} from "./schemas";
import {
  backoffDelay,
  DEFAULT_RETRY_POLICY,
  defaultSheetsLimiter,
  sheetsLimiterKey,
  type TRetryPolicy,
  type TSheetsRateLimiter,
} from "./throttle";

/**
 * Google Sheets v4 through `@googleapis/sheets` with service-account JWT auth (google-auth-library's
 * JWT, which the package brings). google-auth-library always posts the JWT grant to
 * https://oauth2.googleapis.com/token; a request interceptor on the client's transporter sends it to
 * the key's `token_uri` instead, so a key file issued by another endpoint (the sandbox) works.
 * The API root comes from `config.rootUrl`.
 *
 * Every API call waits for the limiter (key `google-sheets:<service account>:read|write`, 60/min
 * each by default), is retried on 429 and 5xx (and network failures of reads) with exponential
 * backoff and jitter (the library's own retries are off), and fails with GoogleSheetsError
 * (reason + Russian message with a hint).
 */

export const SHEETS_SCOPE = "https://www.googleapis.com/auth/spreadsheets";

export type TGoogleSheetsClient = ReturnType<typeof createGoogleSheetsClient>;

export type TSheetInfo = {
  sheetId: number;
  title: string;
  index: number;
  hidden: boolean;
  rowCount: number;
  columnCount: number;
  frozenRowCount: number;
};

export type TSpreadsheetInfo = {
  spreadsheetId: string;
  title: string;
  locale?: string;
  timeZone?: string;
  url?: string;
  sheets: TSheetInfo[];
};

export type TValueRenderOption = "FORMATTED_VALUE" | "UNFORMATTED_VALUE" | "FORMULA";
export type TValueInputOption = "RAW" | "USER_ENTERED";

export type TAppendResult = {
  updatedRange: string;
  tableRange?: string;
  /** 1-based rows the values landed in (inclusive). */
  firstRow: number;
  lastRow: number;
  updatedRows: number;
  updatedCells: number;
};

export type TSheetsClientStats = {
  /** HTTP calls to the Sheets API (retries included; token requests excluded). */
  requests: number;
  reads: number;
  writes: number;
  retries: number;
  rateLimited: number;
  serverErrors: number;
  /** Time spent waiting for the limiter and in backoff. */
  throttledMs: number;
  byMethod: Record<string, number>;
};

export type TGoogleSheetsClientOptions = {
  timeoutMs?: number;
  /** Defaults to one in-process limiter shared by all clients (60 reads + 60 writes / min per account). */
  limiter?: TSheetsRateLimiter;
  retry?: Partial<TRetryPolicy>;
  /** For tests: replaces setTimeout-based waiting in backoff. */
  sleep?: (ms: number) => Promise<void>;
};

/** A spreadsheet id from an id or a docs.google.com link; invalid_config otherwise. */
export function parseSpreadsheetId(urlOrId: string): string {
  return parseConfig("google-sheets", ZSpreadsheetId, urlOrId);
}

export function parseServiceAccountKey(json: string): TGoogleServiceAccountKey {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    throw new UpstreamError({
      provider: "google-sheets",
      kind: "invalid_config",
      userMessage: "Ключ сервисного аккаунта Google должен быть JSON-файлом из Google Cloud Console",
    });
  }
  return parseConfig("google-sheets", ZGoogleServiceAccountKey, value);
}

/** Grid cells a spreadsheet holds (what counts toward the 10,000,000 limit). */
export function countCells(spreadsheet: Pick<TSpreadsheetInfo, "sheets">): number {
  return spreadsheet.sheets.reduce((n, s) => n + s.rowCount * s.columnCount, 0);
}

function sheetInfo(p: TGoogleSheetProperties, fallbackIndex = 0): TSheetInfo {
  return {
    sheetId: p.sheetId,
    title: p.title,
    index: p.index ?? fallbackIndex,
    hidden: p.hidden ?? false,
    rowCount: p.gridProperties?.rowCount ?? 1000,
    columnCount: p.gridProperties?.columnCount ?? 26,
    frozenRowCount: p.gridProperties?.frozenRowCount ?? 0,
  };
}

/** 1-based first and last row of an A1 range such as `'Лист'!A101:T150`. */
function rowsOf(range: string): { firstRow: number; lastRow: number } {
  const parsed = parseA1Range(range);
  const firstRow = (parsed?.startRow ?? 0) + 1;
  return { firstRow, lastRow: parsed?.endRow ?? firstRow };
}

type TCallSpec = {
  method: string;
  kind: "read" | "write";
  spreadsheetId?: string;
  ranges?: string[];
};

const sleepFor = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function createGoogleSheetsClient(
  config: Pick<TGoogleSheetsConfig, "rootUrl" | "serviceAccountJson">,
  options: TGoogleSheetsClientOptions = {},
) {
  const key = parseServiceAccountKey(config.serviceAccountJson);
  const email = key.client_email;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const secrets = [config.serviceAccountJson, key.private_key];
  const limiter = options.limiter ?? defaultSheetsLimiter;
  const policy: TRetryPolicy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
  const sleep = options.sleep ?? sleepFor;
  const noRetry = { retry: false, retryConfig: { retry: 0, noResponseRetries: 0 } };

  const jwt = new auth.JWT({
    email,
    key: key.private_key,
    keyId: key.private_key_id,
    scopes: [SHEETS_SCOPE],
    transporterOptions: { timeout: timeoutMs },
  });
  jwt.transporter.interceptors.request.add({
    resolved: async (request) => {
      const url = new URL(String(request.url));
      if (`${url.origin}${url.pathname}` === GOOGLE_DEFAULT_TOKEN_URI && key.token_uri !== GOOGLE_DEFAULT_TOKEN_URI) {
        request.url = new URL(key.token_uri);
      }
      request.retry = false;
      request.retryConfig = { ...request.retryConfig, retry: 0, noResponseRetries: 0 };
      return request;
    },
  });
  /** An API URL under the configured root (as the generated client builds it). */
  const apiUrl = (path: string) => `${config.rootUrl}/${path}`.replace(/([^:]\/)\/+/g, "$1");
  const api: sheets_v4.Sheets = sheets({ version: "v4", auth: jwt, rootUrl: config.rootUrl, timeout: timeoutMs, ...noRetry });

  const stats: TSheetsClientStats = {
    requests: 0,
    reads: 0,
    writes: 0,
    retries: 0,
    rateLimited: 0,
    serverErrors: 0,
    throttledMs: 0,
    byMethod: {},
  };

  const errorContext = (spec: TCallSpec) => ({
    serviceAccountEmail: email,
    spreadsheetId: spec.spreadsheetId,
    ranges: spec.ranges,
    kind: spec.kind,
    rootUrl: config.rootUrl,
    timeoutMs,
    secrets,
  });

  /** One API call: limiter, retries with backoff, error mapping, response validation. */
  async function call<S extends z.ZodType>(spec: TCallSpec, schema: S, run: () => Promise<{ data: unknown }>): Promise<z.output<S>> {
    for (let attempt = 1; ; attempt++) {
      const waitStart = performance.now();
      const limiterKey = sheetsLimiterKey(email, spec.kind);
      const permit = await limiter.acquire(limiterKey);
      stats.throttledMs += performance.now() - waitStart;
      stats.requests += 1;
      stats[spec.kind === "read" ? "reads" : "writes"] += 1;
      stats.byMethod[spec.method] = (stats.byMethod[spec.method] ?? 0) + 1;
      let error: GoogleSheetsError;
      try {
        const response = await run();
        const parsed = schema.safeParse(response.data);
        if (parsed.success) return parsed.data;
        const issue = parsed.error.issues[0];
        throw new GoogleSheetsError({
          reason: "invalid_request",
          kind: "bad_response",
          userMessage:
            `Неожиданный ответ Google Таблиц (${spec.method}): ` +
            `поле ${issue?.path.join(".") || "ответ"} не соответствует ожидаемому формату`,
          detail: issue?.message,
        });
      } catch (e) {
        error = toGoogleSheetsError(e, errorContext(spec));
      } finally {
        permit?.release();
      }
      const delay = backoffDelay(policy, attempt, error.retryAfterMs);
      if (error.reason === "quota") {
        stats.rateLimited += 1;
        // Google said the budget is spent: the whole key waits (Retry-After when given), not just this request.
        limiter.pause?.(limiterKey, delay);
      }
      if (error.reason === "server") stats.serverErrors += 1;
      // A write that lost its connection may have been applied: the caller (the job) decides.
      const retryHere = error.retryable && (error.reason !== "network" || spec.kind === "read");
      if (!retryHere || attempt >= policy.attempts) throw error;
      stats.retries += 1;
      stats.throttledMs += delay;
      await sleep(delay);
    }
  }

  async function getSpreadsheet(spreadsheetId: string): Promise<TSpreadsheetInfo> {
    const data = await call({ method: "spreadsheets.get", kind: "read", spreadsheetId }, ZGoogleSpreadsheet, () =>
      api.spreadsheets.get({
        spreadsheetId,
        fields: "spreadsheetId,properties(title,locale,timeZone),sheets.properties,spreadsheetUrl",
      }),
    );
    return {
      spreadsheetId: data.spreadsheetId,
      title: data.properties.title,
      locale: data.properties.locale,
      timeZone: data.properties.timeZone,
      url: data.spreadsheetUrl,
      sheets: data.sheets.map((s, i) => sheetInfo(s.properties, i)),
    };
  }

  async function batchUpdate(spreadsheetId: string, requests: TSheetsRequest[]) {
    const data = await call({ method: "spreadsheets.batchUpdate", kind: "write", spreadsheetId }, ZBatchUpdateSpreadsheetResponse, () =>
      api.spreadsheets.batchUpdate({ spreadsheetId, requestBody: { requests } }),
    );
    return { replies: data.replies };
  }

  async function readRanges(
    spreadsheetId: string,
    ranges: string[],
    opts: { valueRenderOption?: TValueRenderOption; majorDimension?: "ROWS" | "COLUMNS" } = {},
  ) {
    const data = await call({ method: "values.batchGet", kind: "read", spreadsheetId, ranges }, ZBatchGetValuesResponse, () =>
      api.spreadsheets.values.batchGet({
        spreadsheetId,
        ranges,
        valueRenderOption: opts.valueRenderOption ?? "UNFORMATTED_VALUE",
        majorDimension: opts.majorDimension ?? "ROWS",
      }),
    );
    return data.valueRanges.map((v) => ({ range: v.range, values: v.values as unknown[][] }));
  }

  return {
    serviceAccountEmail: email,
    /** The generated Sheets API, for anything not wrapped here (not throttled, not retried). */
    api,

    /** Exchanges the service account JWT for an access token (proves the key is valid). */
    async authorize(): Promise<{ expiresAt?: number }> {
      try {
        const credentials = await jwt.authorize();
        return { expiresAt: credentials.expiry_date ?? undefined };
      } catch (error) {
        throw toGoogleSheetsError(error, errorContext({ method: "token", kind: "read" }));
      }
    },

    getSpreadsheet,

    /** Finds a sheet by title (exact, then case-insensitive); undefined when absent. */
    async findSheet(spreadsheetId: string, title: string): Promise<TSheetInfo | undefined> {
      const { sheets: list } = await getSpreadsheet(spreadsheetId);
      return list.find((s) => s.title === title) ?? list.find((s) => s.title.toLowerCase() === title.toLowerCase());
    },

    /** spreadsheets.batchUpdate: all requests apply atomically or none does. */
    batchUpdate,

    async addSheet(spreadsheetId: string, input: TAddSheetInput): Promise<TSheetInfo> {
      const { replies } = await batchUpdate(spreadsheetId, [sheetRequests.addSheet(input)]);
      const reply = ZAddSheetReply.safeParse(replies[0]);
      if (!reply.success) {
        throw new GoogleSheetsError({
          reason: "invalid_request",
          kind: "bad_response",
          userMessage: "Неожиданный ответ Google Таблиц на addSheet",
        });
      }
      return sheetInfo(reply.data.addSheet.properties);
    },

    async deleteSheet(spreadsheetId: string, sheetId: number): Promise<void> {
      await batchUpdate(spreadsheetId, [sheetRequests.deleteSheet(sheetId)]);
    },

    async renameSheet(spreadsheetId: string, sheetId: number, title: string): Promise<void> {
      await batchUpdate(spreadsheetId, [sheetRequests.renameSheet(sheetId, title)]);
    },

    async setSheetHidden(spreadsheetId: string, sheetId: number, hidden: boolean): Promise<void> {
      await batchUpdate(spreadsheetId, [sheetRequests.setSheetHidden(sheetId, hidden)]);
    },

    /**
     * Grows a sheet's grid to at least `rows` × `columns` (never shrinks). Refuses before writing,
     * with the numbers, when the spreadsheet would pass 10,000,000 cells.
     */
    async ensureGridSize(spreadsheetId: string, sheet: string | number, need: { rows?: number; columns?: number }): Promise<TSheetInfo> {
      const spreadsheet = await getSpreadsheet(spreadsheetId);
      const found = spreadsheet.sheets.find((s) => (typeof sheet === "number" ? s.sheetId === sheet : s.title === sheet));
      if (!found) {
        throw new GoogleSheetsError({
          reason: "sheet_not_found",
          kind: "not_found",
          userMessage: `Лист «${String(sheet)}» не найден в таблице ${spreadsheetId}`,
          hint: "Возможно, его удалили или переименовали",
        });
      }
      const addRows = Math.max(0, (need.rows ?? 0) - found.rowCount);
      const addColumns = Math.max(0, (need.columns ?? 0) - found.columnCount);
      if (addRows === 0 && addColumns === 0) return found;
      const current = countCells(spreadsheet);
      const added = (found.rowCount + addRows) * (found.columnCount + addColumns) - found.rowCount * found.columnCount;
      if (current + added > GOOGLE_SHEETS_LIMITS.maxCells) {
        throw cellLimitError({ spreadsheetId, currentCells: current, addedCells: added });
      }
      const requests: TSheetsRequest[] = [];
      if (addRows) requests.push(sheetRequests.appendRows(found.sheetId, addRows));
      if (addColumns) requests.push(sheetRequests.appendColumns(found.sheetId, addColumns));
      await batchUpdate(spreadsheetId, requests);
      return { ...found, rowCount: found.rowCount + addRows, columnCount: found.columnCount + addColumns };
    },

    /** values.get; `values` as the API returns them (UNFORMATTED by default: numbers stay numbers). */
    async readRange(
      spreadsheetId: string,
      range: string,
      opts: { valueRenderOption?: TValueRenderOption; majorDimension?: "ROWS" | "COLUMNS" } = {},
    ): Promise<{ range: string; values: unknown[][] }> {
      const data = await call({ method: "values.get", kind: "read", spreadsheetId, ranges: [range] }, ZValueRange, () =>
        api.spreadsheets.values.get({
          spreadsheetId,
          range,
          valueRenderOption: opts.valueRenderOption ?? "UNFORMATTED_VALUE",
          majorDimension: opts.majorDimension ?? "ROWS",
        }),
      );
      return { range: data.range, values: data.values as unknown[][] };
    },

    /** values.batchGet: several ranges in one read request. */
    readRanges,

    /**
     * One column as a flat list: index 0 is row `fromRow` (1-based, default 1); trailing empty
     * cells are not returned, empty cells inside are "".
     */
    async readColumn(spreadsheetId: string, sheetTitle: string, columnLetter: string, opts: { fromRow?: number } = {}): Promise<unknown[]> {
      const from = opts.fromRow ?? 1;
      const [column] = await readRanges(spreadsheetId, [a1(sheetTitle, `${columnLetter}${from}:${columnLetter}`)], {
        majorDimension: "COLUMNS",
      });
      return column?.values[0] ?? [];
    },

    /**
     * values.batchUpdate (RAW by default): many ranges in one write request. A range's rows may come
     * already serialised (`valuesJson`, a JSON array of rows): the body is then assembled as text and
     * sent as is — the generated client would deep-copy a multi-megabyte body twice before sending it.
     */
    async updateValues(
      spreadsheetId: string,
      data: ({ range: string; values: unknown[][] } | { range: string; valuesJson: string })[],
      opts: { valueInputOption?: TValueInputOption } = {},
    ): Promise<{ updatedRows: number; updatedCells: number; updatedRanges: string[] }> {
      if (data.length === 0) return { updatedRows: 0, updatedCells: 0, updatedRanges: [] };
      const ranges = data.map((d) => d.range);
      const parts = data.map((d) => `{"range":${JSON.stringify(d.range)},"values":${"valuesJson" in d ? d.valuesJson : JSON.stringify(d.values)}}`);
      const body = `{"valueInputOption":${JSON.stringify(opts.valueInputOption ?? "RAW")},"data":[${parts.join(",")}]}`;
      const result = await call({ method: "values.batchUpdate", kind: "write", spreadsheetId, ranges }, ZBatchUpdateValuesResponse, () =>
        jwt.request({
          url: apiUrl(`v4/spreadsheets/${encodeURIComponent(spreadsheetId)}/values:batchUpdate`),
          method: "POST",
          headers: { "Content-Type": "application/json" },
          data: body,
          responseType: "json",
          timeout: timeoutMs,
          ...noRetry,
        }),
      );
      return {
        updatedRows: result.totalUpdatedRows,
        updatedCells: result.totalUpdatedCells,
        updatedRanges: result.responses.map((r) => r.updatedRange),
      };
    },

    /**
     * values.append after the table found in `range` (RAW, OVERWRITE by default: empty rows of the
     * grid are used first, the grid grows as needed). Returns where the rows landed.
     */
    async appendValues(
      spreadsheetId: string,
      range: string,
      values: unknown[][],
      opts: { valueInputOption?: TValueInputOption; insertDataOption?: "OVERWRITE" | "INSERT_ROWS" } = {},
    ): Promise<TAppendResult> {
      const data = await call({ method: "values.append", kind: "write", spreadsheetId, ranges: [range] }, ZAppendValuesResponse, () =>
        api.spreadsheets.values.append({
          spreadsheetId,
          range,
          valueInputOption: opts.valueInputOption ?? "RAW",
          insertDataOption: opts.insertDataOption ?? "OVERWRITE",
          requestBody: { values },
        }),
      );
      const { updates } = data;
      return {
        updatedRange: updates.updatedRange,
        tableRange: data.tableRange,
        ...rowsOf(updates.updatedRange),
        updatedRows: updates.updatedRows,
        updatedCells: updates.updatedCells,
      };
    },

    /** values.batchClear: clears values (not formatting) of one or more ranges in one write request. */
    async clearRange(spreadsheetId: string, range: string | string[]): Promise<{ clearedRanges: string[] }> {
      const ranges = Array.isArray(range) ? range : [range];
      const data = await call({ method: "values.batchClear", kind: "write", spreadsheetId, ranges }, ZBatchClearValuesResponse, () =>
        api.spreadsheets.values.batchClear({ spreadsheetId, requestBody: { ranges } }),
      );
      return { clearedRanges: data.clearedRanges };
    },

    /** Request counters since creation (or the last resetStats), for run reports and the benchmark. */
    stats(): TSheetsClientStats {
      return { ...stats, byMethod: { ...stats.byMethod } };
    },

    resetStats(): void {
      Object.assign(stats, { requests: 0, reads: 0, writes: 0, retries: 0, rateLimited: 0, serverErrors: 0, throttledMs: 0, byMethod: {} });
    },
  };
}
