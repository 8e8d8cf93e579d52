import { redactSecrets, UpstreamError, type TUpstreamErrorInit } from "../errors";
import { classifyNetworkError, defaultPort, tryParseJson } from "../http";
import { parseA1Range } from "./a1";
import { GOOGLE_SHEETS_LIMITS, ZGoogleApiError, ZGoogleOAuthError } from "./schemas";

/**
 * Google Sheets failures as one UpstreamError subclass with a precise `reason` (for the exports
 * engine) and a Russian `userMessage` that ends with a hint on what to do.
 */

export type TGoogleSheetsErrorReason =
  | "no_access"
  | "spreadsheet_not_found"
  | "sheet_not_found"
  | "duplicate_sheet"
  | "grid_limit"
  | "cell_limit"
  | "cell_too_long"
  | "payload_too_large"
  | "invalid_range"
  | "invalid_request"
  | "quota"
  | "key_rejected"
  | "unauthenticated"
  | "server"
  | "network";

export class GoogleSheetsError extends UpstreamError {
  readonly reason: TGoogleSheetsErrorReason;
  readonly hint?: string;

  constructor(init: Omit<TUpstreamErrorInit, "provider"> & { reason: TGoogleSheetsErrorReason; hint?: string }) {
    const userMessage = init.hint ? `${init.userMessage.replace(/\.+$/, "")}. ${init.hint}` : init.userMessage;
    super({ ...init, provider: "google-sheets", userMessage });
    this.name = "GoogleSheetsError";
    this.reason = init.reason;
    this.hint = init.hint;
  }

  override toJSON() {
    return { ...super.toJSON(), reason: this.reason, hint: this.hint };
  }
}

export function isGoogleSheetsError(error: unknown, reason?: TGoogleSheetsErrorReason): error is GoogleSheetsError {
  return error instanceof GoogleSheetsError && (reason === undefined || error.reason === reason);
}

const fmt = (n: number) => n.toLocaleString("ru-RU").replace(/[\u00a0\u202f]/g, " ");

/** The 10M-cell refusal, with the numbers when the caller knows them. */
export function cellLimitError(options: { spreadsheetId: string; currentCells?: number; addedCells?: number; status?: number; detail?: string }) {
  const numbers =
    options.currentCells !== undefined && options.addedCells !== undefined
      ? `: сейчас ${fmt(options.currentCells)} ячеек, нужно ещё ${fmt(options.addedCells)}, итого ${fmt(options.currentCells + options.addedCells)}`
      : "";
  return new GoogleSheetsError({
    reason: "cell_limit",
    kind: "bad_response",
    status: options.status,
    detail: options.detail,
    userMessage: `Таблица ${options.spreadsheetId} превысит лимит Google Таблиц в ${fmt(GOOGLE_SHEETS_LIMITS.maxCells)} ячеек${numbers}`,
    hint: "Удалите лишние листы, строки или столбцы, отключите ненужные колонки или выберите другую таблицу",
  });
}

export type TSheetsErrorContext = {
  serviceAccountEmail: string;
  spreadsheetId?: string;
  /** A1 ranges the request named (to tell a missing sheet from a bad range). */
  ranges?: string[];
  kind?: "read" | "write";
  rootUrl: string;
  timeoutMs: number;
  secrets: readonly string[];
};

type TGaxiosLikeError = {
  response?: { status?: number; data?: unknown; headers?: { get?(name: string): string | null } };
  status?: number;
  config?: { url?: string | URL };
};

function retryAfterMs(e: TGaxiosLikeError): number | undefined {
  const value = e.response?.headers?.get?.("retry-after");
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

function sheetTitleIn(range: string): string | undefined {
  const parsed = parseA1Range(range);
  return parsed?.sheetTitle ?? undefined;
}

/** Any failure of a Sheets call (gaxios error, network error, token refusal) → GoogleSheetsError. */
export function toGoogleSheetsError(error: unknown, ctx: TSheetsErrorContext): GoogleSheetsError {
  if (error instanceof GoogleSheetsError) return error;
  const email = ctx.serviceAccountEmail;
  const sheetsId = ctx.spreadsheetId ?? "";
  if (error instanceof UpstreamError) {
    const { kind, status, retryAfterMs, retryable, userMessage, detail } = error;
    return new GoogleSheetsError({ reason: "invalid_request", kind, status, retryAfterMs, retryable, userMessage, detail });
  }

  const e = (error ?? {}) as TGaxiosLikeError;
  const status = e.response?.status ?? (typeof e.status === "number" ? e.status : undefined);
  if (status === undefined) {
    let target: URL;
    try {
      target = new URL(String(e.config?.url ?? ctx.rootUrl));
    } catch {
      target = new URL(ctx.rootUrl);
    }
    const network = classifyNetworkError(error, {
      provider: "google-sheets",
      host: target.hostname,
      port: defaultPort(target),
      timeoutMs: ctx.timeoutMs,
    });
    return new GoogleSheetsError({
      reason: "network",
      kind: network.kind,
      userMessage: network.userMessage,
      detail: network.detail,
    });
  }

  const text = typeof e.response?.data === "string" ? e.response.data : JSON.stringify(e.response?.data ?? "");
  const redact = (s: string) => redactSecrets(s, ctx.secrets).replace(/\s+/g, " ").trim().slice(0, 300);

  const oauth = tryParseJson(ZGoogleOAuthError, text);
  if (oauth) {
    const description = redact(oauth.error_description ?? oauth.error);
    const keyProblem = ["invalid_grant", "invalid_client", "unauthorized_client"].includes(oauth.error);
    if (status >= 500) {
      return new GoogleSheetsError({
        reason: "server",
        kind: "server_error",
        status,
        detail: description,
        userMessage: `Сервер авторизации Google недоступен: HTTP ${status}`,
      });
    }
    return new GoogleSheetsError({
      reason: "key_rejected",
      kind: keyProblem ? "auth" : "bad_response",
      status,
      detail: `${oauth.error}: ${description}`,
      userMessage: `Google отклонил ключ сервисного аккаунта ${email}: ${description}`,
      hint:
        "Ключ отозван, удалён или повреждён: создайте новый JSON-ключ в Google Cloud Console " +
        "(IAM → Сервисные аккаунты → Ключи) и сохраните его в настройках подключения",
    });
  }

  const api = tryParseJson(ZGoogleApiError, text)?.error;
  const message = redact(api?.message ?? text);
  const detail = api ? `${api.status ?? api.code}: ${message}` : message || undefined;
  const base = { status, detail };

  if (status === 429) {
    const kind = /read requests/i.test(message) ? "чтение" : /write requests/i.test(message) ? "запись" : ctx.kind === "read" ? "чтение" : "запись";
    const limit = kind === "чтение" ? GOOGLE_SHEETS_LIMITS.readsPerMinute : GOOGLE_SHEETS_LIMITS.writesPerMinute;
    return new GoogleSheetsError({
      ...base,
      reason: "quota",
      kind: "rate_limited",
      retryAfterMs: retryAfterMs(e),
      userMessage: `Превышена квота Google Sheets API (${kind}: ${limit} запросов в минуту для ${email})`,
      hint: "Запрос повторяется автоматически; если ошибка не проходит, уменьшите число одновременных выгрузок в эту таблицу",
    });
  }
  if (status === 401) {
    return new GoogleSheetsError({
      ...base,
      reason: "unauthenticated",
      kind: "auth",
      userMessage: `Google не принял токен доступа сервисного аккаунта ${email}`,
      hint: "Проверьте ключ сервисного аккаунта в настройках подключения",
    });
  }
  if (status === 403) {
    if (/scope/i.test(message)) {
      return new GoogleSheetsError({
        ...base,
        reason: "unauthenticated",
        kind: "forbidden",
        userMessage: `У токена сервисного аккаунта ${email} нет доступа к Google Таблицам (scope)`,
      });
    }
    return new GoogleSheetsError({
      ...base,
      reason: "no_access",
      kind: "forbidden",
      userMessage: sheetsId ? `Нет доступа к таблице ${sheetsId} у сервисного аккаунта ${email}` : `Нет доступа (Google Таблицы) у ${email}`,
      hint: `Откройте доступ к таблице для ${email}: «Настройки доступа» → добавьте этот адрес с ролью «Редактор»`,
    });
  }
  if (status === 404) {
    return new GoogleSheetsError({
      ...base,
      reason: "spreadsheet_not_found",
      kind: "not_found",
      userMessage: sheetsId ? `Таблица ${sheetsId} не найдена` : "Не найдено (Google Таблицы)",
      hint: "Проверьте ссылку или ID таблицы: возможно, таблицу удалили",
    });
  }
  if (status === 413 || /payload size exceeds the limit/i.test(message)) {
    return new GoogleSheetsError({
      ...base,
      reason: "payload_too_large",
      kind: "bad_response",
      userMessage: "Запрос к Google Таблицам слишком большой (больше 10 МБ)",
      hint: "Уменьшите размер пачки строк",
    });
  }
  if (status >= 500) {
    return new GoogleSheetsError({
      ...base,
      reason: "server",
      kind: status === 504 ? "timeout" : "server_error",
      userMessage: `Ошибка на стороне Google Таблиц: HTTP ${status}`,
    });
  }

  // 400 INVALID_ARGUMENT: the message says what was wrong.
  if (/above the limit of [\d,]+ cells/i.test(message)) {
    return cellLimitError({ spreadsheetId: sheetsId, status, detail });
  }
  const chars = /more than the maximum of (\d+) characters in a single cell/i.exec(message);
  if (chars) {
    return new GoogleSheetsError({
      ...base,
      reason: "cell_too_long",
      kind: "bad_response",
      userMessage: `Значение длиннее ${fmt(Number(chars[1]))} символов: Google Таблицы не принимают такие ячейки`,
      hint: "Длинные значения нужно обрезать перед записью",
    });
  }
  const duplicate = /A sheet with the name "(.*)" already exists/.exec(message);
  if (duplicate) {
    return new GoogleSheetsError({
      ...base,
      reason: "duplicate_sheet",
      kind: "bad_response",
      userMessage: `Лист «${duplicate[1]}» уже есть в таблице ${sheetsId}`,
    });
  }
  const grid = /No grid with id: (\d+)/.exec(message);
  if (grid) {
    return new GoogleSheetsError({
      ...base,
      reason: "sheet_not_found",
      kind: "not_found",
      userMessage: `Лист с id ${grid[1]} не найден в таблице ${sheetsId}`,
      hint: "Возможно, лист удалили",
    });
  }
  const limits = /Range \((.*)\) exceeds grid limits\. Max rows: (\d+), max columns: (\d+)/.exec(message);
  if (limits) {
    return new GoogleSheetsError({
      ...base,
      reason: "grid_limit",
      kind: "bad_response",
      userMessage: `Диапазон ${limits[1]} выходит за границы листа (строк: ${limits[2]}, столбцов: ${limits[3]})`,
      hint: "Сначала нужно добавить на лист строки или столбцы",
    });
  }
  const unparsable = /Unable to parse range: (.*)$/.exec(message);
  if (unparsable) {
    // The API says the same for a missing sheet and for broken notation; our own ranges are well-formed.
    const range = unparsable[1];
    const title = sheetTitleIn(range) ?? ctx.ranges?.map(sheetTitleIn).find(Boolean);
    if (title) {
      return new GoogleSheetsError({
        ...base,
        reason: "sheet_not_found",
        kind: "not_found",
        userMessage: `Лист «${title}» не найден в таблице ${sheetsId}`,
        hint: "Возможно, его удалили или переименовали",
      });
    }
    return new GoogleSheetsError({ ...base, reason: "invalid_range", kind: "bad_response", userMessage: `Некорректный диапазон ${range}` });
  }
  return new GoogleSheetsError({
    ...base,
    reason: "invalid_request",
    kind: "bad_response",
    userMessage: `Google Таблицы отклонили запрос (HTTP ${status})${message ? `: ${message}` : ""}`,
  });
}
