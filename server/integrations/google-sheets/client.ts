import { auth, sheets, type sheets_v4 } from "@googleapis/sheets";
import { parseConfig } from "../config";
import { UpstreamError } from "../errors";
import { classifyNetworkError, defaultPort, DEFAULT_TIMEOUT_MS, parseJson, statusError, tryParseJson } from "../http";
import {
  GOOGLE_DEFAULT_TOKEN_URI,
  ZGoogleApiError,
  ZGoogleOAuthError,
  ZGoogleServiceAccountKey,
  ZGoogleSpreadsheet,
  type TGoogleServiceAccountKey,
  type TGoogleSheetsConfig,
} from "./schemas";

/**
 * Google Sheets v4 through `@googleapis/sheets` with service-account JWT auth (google-auth-library's
 * JWT, which the package brings). google-auth-library always posts the JWT grant to
 * https://oauth2.googleapis.com/token; a request interceptor on the client's transporter sends it to
 * the key's `token_uri` instead, so a key file issued by another endpoint (the sandbox) works.
 * The API root comes from `config.rootUrl`. Retries are off here: the job runtime retries.
 */

export const SHEETS_SCOPE = "https://www.googleapis.com/auth/spreadsheets";

export type TGoogleSheetsClient = ReturnType<typeof createGoogleSheetsClient>;

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

type TGaxiosLikeError = {
  response?: { status?: number; data?: unknown; headers?: Headers };
  status?: number;
  config?: { url?: string | URL };
};

function requestTarget(error: TGaxiosLikeError, fallbackUrl: string): URL {
  try {
    return new URL(String(error.config?.url ?? fallbackUrl));
  } catch {
    return new URL(fallbackUrl);
  }
}

export function createGoogleSheetsClient(config: TGoogleSheetsConfig, options: { timeoutMs?: number } = {}) {
  const key = parseServiceAccountKey(config.serviceAccountJson);
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const secrets = [config.serviceAccountJson, key.private_key];

  const jwt = new auth.JWT({
    email: key.client_email,
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
  const api: sheets_v4.Sheets = sheets({ version: "v4", auth: jwt, rootUrl: config.rootUrl, timeout: timeoutMs });

  const toUpstream = (error: unknown, what: { spreadsheetId?: string }): UpstreamError => {
    if (error instanceof UpstreamError) return error;
    const e = (error ?? {}) as TGaxiosLikeError;
    const status = e.response?.status ?? (typeof e.status === "number" ? e.status : undefined);
    const target = requestTarget(e, config.rootUrl);
    if (status === undefined) {
      return classifyNetworkError(error, {
        provider: "google-sheets",
        host: target.hostname,
        port: defaultPort(target),
        timeoutMs,
      });
    }
    const text = typeof e.response?.data === "string" ? e.response.data : JSON.stringify(e.response?.data ?? "");
    const oauth = tryParseJson(ZGoogleOAuthError, text);
    if (oauth) {
      // The token endpoint refused the service account's JWT.
      const description = oauth.error_description ?? oauth.error;
      const keyProblem = ["invalid_grant", "invalid_client", "unauthorized_client"].includes(oauth.error);
      return statusError({
        provider: "google-sheets",
        status,
        description: { kind: keyProblem ? "auth" : "bad_response", detail: `${oauth.error}: ${description}` },
        messages: { auth: `Google отклонил ключ сервисного аккаунта ${key.client_email}: ${description}` },
        secrets,
      });
    }
    const apiError = tryParseJson(ZGoogleApiError, text)?.error;
    return statusError({
      provider: "google-sheets",
      status,
      description: { detail: apiError ? `${apiError.status ?? apiError.code}: ${apiError.message}` : undefined },
      messages: {
        auth: "Google не принял токен доступа сервисного аккаунта",
        forbidden: what.spreadsheetId
          ? `Нет доступа к таблице ${what.spreadsheetId}: откройте доступ для ${key.client_email}`
          : `Нет доступа (Google Таблицы) для ${key.client_email}`,
        not_found: what.spreadsheetId ? `Таблица ${what.spreadsheetId} не найдена` : undefined,
      },
      secrets,
    });
  };

  return {
    serviceAccountEmail: key.client_email,
    /** The generated Sheets API (for later use cases: values, batchUpdate, …). */
    api,
    /** Exchanges the service account JWT for an access token (proves the key is valid). */
    async authorize(): Promise<{ expiresAt?: number }> {
      try {
        const credentials = await jwt.authorize();
        return { expiresAt: credentials.expiry_date ?? undefined };
      } catch (error) {
        throw toUpstream(error, {});
      }
    },
    async getSpreadsheet(spreadsheetId: string) {
      try {
        const response = await api.spreadsheets.get({
          spreadsheetId,
          fields: "spreadsheetId,properties(title,locale,timeZone),sheets.properties,spreadsheetUrl",
        });
        return parseJson(ZGoogleSpreadsheet, JSON.stringify(response.data), { provider: "google-sheets" });
      } catch (error) {
        throw toUpstream(error, { spreadsheetId });
      }
    },
  };
}
