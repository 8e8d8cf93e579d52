import http from "node:http";
import https from "node:https";
import { promisify } from "node:util";
import { gunzip } from "node:zlib";
import type { z } from "zod";
import {
  redactSecrets,
  UpstreamError,
  upstreamProviderTitles,
  type TUpstreamErrorKind,
  type TUpstreamProvider,
} from "./errors";

/**
 * Shared transport helpers for the integration clients: fetch with a timeout, classification of
 * network failures and HTTP statuses into UpstreamError, and JSON parsing through zod schemas.
 * Nothing here puts a URL (which may carry a webhook code or bot token) or a secret into a message.
 */

export const DEFAULT_TIMEOUT_MS = 15_000;

export type TUpstreamTarget = {
  provider: TUpstreamProvider;
  /** Overrides the provider title in messages, e.g. "почта (IMAP)". */
  title?: string;
  host: string;
  port: number | string;
  timeoutMs?: number;
};

type TErrorLike = { name?: unknown; code?: unknown; message?: unknown; cause?: unknown; error?: unknown; errors?: unknown };

/** The error and everything it wraps (`cause`, grammY's `error`, AggregateError's `errors`). */
function errorChain(error: unknown, depth = 0, seen = new Set<unknown>()): TErrorLike[] {
  if (!error || typeof error !== "object" || seen.has(error) || depth > 6) return [];
  seen.add(error);
  const e = error as TErrorLike;
  const nested = [e.cause, e.error, ...(Array.isArray(e.errors) ? e.errors : [])];
  return [e, ...nested.flatMap((n) => errorChain(n, depth + 1, seen))];
}

const TIMEOUT_CODES = new Set([
  "ETIMEDOUT",
  "ETIMEOUT",
  "CONNECT_TIMEOUT",
  "GREETING_TIMEOUT",
  "UPGRADE_TIMEOUT",
  "ESOCKETTIMEDOUT",
  "UND_ERR_CONNECT_TIMEOUT",
  "UND_ERR_HEADERS_TIMEOUT",
  "UND_ERR_BODY_TIMEOUT",
]);

function isTimeout(chain: TErrorLike[]): boolean {
  return chain.some(
    (e) =>
      e.name === "TimeoutError" ||
      (typeof e.code === "string" && TIMEOUT_CODES.has(e.code)) ||
      (typeof e.message === "string" && /timed out|timeout/i.test(e.message)),
  );
}

/** Codes that only say "socket problem" (nodemailer replaces ECONNREFUSED & co. with these). */
const WRAPPER_CODES = new Set(["ESOCKET", "ECONNECTION"]);

/** System codes as they appear in messages like "connect ECONNREFUSED 127.0.0.1:4101". */
const CODE_IN_MESSAGE =
  /\b(ECONNREFUSED|ECONNRESET|ECONNABORTED|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH|EADDRNOTAVAIL|EPIPE|ETIMEDOUT|CERT_[A-Z_]+|ERR_TLS_[A-Z_]+)\b/;

/** The most specific system error code in the chain (ECONNREFUSED, ENOTFOUND, CERT_HAS_EXPIRED, …). */
function networkCode(chain: TErrorLike[]): string | undefined {
  const codes: string[] = [];
  for (const e of chain) {
    if (typeof e.code === "string" && /^[A-Z][A-Z0-9_]+$/.test(e.code)) codes.push(e.code);
    // "connect ECONNREFUSED 127.0.0.1:4101" — the original code when a library overwrote `code`.
    const inMessage = typeof e.message === "string" ? CODE_IN_MESSAGE.exec(e.message) : null;
    if (inMessage) codes.push(inMessage[1]);
  }
  const specific = codes.filter((c) => !WRAPPER_CODES.has(c));
  return specific.find((c) => c.startsWith("E") && !c.startsWith("ERR_")) ?? specific[0] ?? codes[0];
}

function titleOf(target: { provider: TUpstreamProvider; title?: string }): string {
  return target.title ?? upstreamProviderTitles[target.provider];
}

/** Converts a failure that produced no HTTP response (refused, DNS, TLS, timeout) into UpstreamError. */
export function classifyNetworkError(error: unknown, target: TUpstreamTarget): UpstreamError {
  if (error instanceof UpstreamError) return error;
  const chain = errorChain(error);
  const title = titleOf(target);
  const address = `${target.host}:${target.port}`;
  if (isTimeout(chain)) {
    const seconds = Math.round((target.timeoutMs ?? DEFAULT_TIMEOUT_MS) / 1000);
    return new UpstreamError({
      provider: target.provider,
      kind: "timeout",
      userMessage: `Сервер не ответил вовремя (${title}): ${address}, ожидание ${seconds} с`,
      detail: networkCode(chain),
    });
  }
  const code = networkCode(chain) ?? "сетевая ошибка";
  const tls = /CERT|SSL|TLS|SELF_SIGNED|EPROTO/.test(code);
  return new UpstreamError({
    provider: target.provider,
    kind: "unreachable",
    userMessage: tls
      ? `Ошибка защищённого соединения (${title}): ${code} ${address}`
      : `Сервер недоступен (${title}): ${code} ${address}`,
    detail: code,
  });
}

export function defaultPort(url: URL): string {
  return url.port || (url.protocol === "https:" ? "443" : "80");
}

/** `Retry-After` in seconds or as an HTTP date → milliseconds. */
export function retryAfterFromHeaders(headers: Headers): number | undefined {
  const value = headers.get("retry-after");
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

export type TErrorMessages = Partial<Record<TUpstreamErrorKind, string>>;

/** What a provider knows about its own error bodies. */
export type TErrorDescription = {
  /** Provider's error text/code, shown after the message (redacted, truncated). */
  detail?: string;
  /** Overrides the kind derived from the HTTP status (e.g. Bitrix24's 503 QUERY_LIMIT_EXCEEDED). */
  kind?: TUpstreamErrorKind;
  retryAfterMs?: number;
};

function kindForStatus(status: number): TUpstreamErrorKind {
  if (status === 401) return "auth";
  if (status === 403) return "forbidden";
  if (status === 404) return "not_found";
  if (status === 429) return "rate_limited";
  if (status === 408 || status === 504) return "timeout";
  if (status >= 500) return "server_error";
  return "bad_response";
}

/** Builds the UpstreamError for a non-success HTTP status. */
export function statusError(options: {
  provider: TUpstreamProvider;
  title?: string;
  status: number;
  description?: TErrorDescription;
  messages?: TErrorMessages;
  secrets?: readonly (string | undefined)[];
}): UpstreamError {
  const { status, description = {} } = options;
  const kind = description.kind ?? kindForStatus(status);
  const title = titleOf(options);
  const retryAfterMs = description.retryAfterMs;
  // HTML error pages (proxies, web servers) say nothing useful to a user.
  const detail =
    description.detail && !/^\s*<(!doctype|html|head|body)/i.test(description.detail)
      ? redactSecrets(description.detail, options.secrets ?? []).replace(/\s+/g, " ").trim().slice(0, 300)
      : undefined;
  const defaults: Record<TUpstreamErrorKind, string> = {
    auth: `Неверные учётные данные (${title})`,
    forbidden: `Нет доступа (${title})`,
    not_found: `Не найдено (${title})`,
    rate_limited:
      `Превышен лимит запросов (${title})` +
      (retryAfterMs !== undefined ? `, повторите через ${Math.max(1, Math.ceil(retryAfterMs / 1000))} с` : ""),
    timeout: `Сервер не ответил вовремя (${title}): HTTP ${status}`,
    server_error: `Ошибка на стороне сервера (${title}): HTTP ${status}`,
    bad_response: `Запрос отклонён (${title}): HTTP ${status}`,
    unreachable: `Сервер недоступен (${title})`,
    invalid_config: `Некорректные настройки (${title})`,
  };
  const custom = options.messages?.[kind];
  const base = custom ?? defaults[kind];
  const showDetail = detail && kind !== "auth" && kind !== "rate_limited";
  return new UpstreamError({
    provider: options.provider,
    kind,
    status,
    retryAfterMs,
    userMessage: showDetail ? `${base}: ${detail}` : base,
    detail,
  });
}

export type TUpstreamResponse = { status: number; ok: boolean; headers: Headers; text: string };

export type TFetchOptions = {
  provider: TUpstreamProvider;
  title?: string;
  url: string | URL;
  method?: string;
  headers?: Record<string, string>;
  body?: string | URLSearchParams;
  timeoutMs?: number;
};

/** Observers of every upstream HTTP call (metrics register here; clients stay free of them). */
export type TUpstreamCallListener = (call: { provider: TUpstreamProvider; status: string; ms: number }) => void;
const callListeners = new Set<TUpstreamCallListener>();
export function onUpstreamCall(listener: TUpstreamCallListener): () => void {
  callListeners.add(listener);
  return () => callListeners.delete(listener);
}
function notify(provider: TUpstreamProvider, status: string, started: number): void {
  for (const l of callListeners) l({ provider, status, ms: performance.now() - started });
}

/** fetch with a timeout covering the whole exchange (headers and body); network failures → UpstreamError. */
export async function fetchUpstream(options: TFetchOptions): Promise<TUpstreamResponse> {
  const url = new URL(options.url);
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const started = performance.now();
  try {
    const response = await fetch(url, {
      method: options.method ?? "GET",
      headers: options.headers,
      body: options.body,
      redirect: "manual",
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await response.text();
    notify(options.provider, String(response.status), started);
    return { status: response.status, ok: response.ok, headers: response.headers, text };
  } catch (error) {
    notify(options.provider, "network_error", started);
    throw classifyNetworkError(error, {
      provider: options.provider,
      title: options.title,
      host: url.hostname,
      port: defaultPort(url),
      timeoutMs,
    });
  }
}

const keepAliveAgents = { http: new http.Agent({ keepAlive: true }), https: new https.Agent({ keepAlive: true }) };
const gunzipAsync = promisify(gunzip);

/**
 * `fetchUpstream` on node:http(s) for large compressed bodies (MoySklad pages, a few MB of JSON each):
 * the compressed bytes are collected as they come and inflated in one piece on libuv's thread pool,
 * not chunk by chunk through web streams on the event loop (which fetch does, and which was a fifth of
 * an export's CPU). Same contract: timeout over the whole exchange, no redirects followed, network
 * failures → UpstreamError.
 */
export async function fetchUpstreamBuffered(options: TFetchOptions): Promise<TUpstreamResponse> {
  const url = new URL(options.url);
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const started = performance.now();
  const secure = url.protocol === "https:";
  try {
    const { status, headers, body } = await new Promise<{ status: number; headers: Headers; body: Buffer }>((resolve, reject) => {
      const request = (secure ? https : http).request(url, { method: options.method ?? "GET", headers: options.headers, agent: secure ? keepAliveAgents.https : keepAliveAgents.http }, (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("error", reject);
        response.on("end", () => {
          const h = new Headers();
          for (const [name, value] of Object.entries(response.headers)) {
            if (Array.isArray(value)) for (const v of value) h.append(name, v);
            else if (value !== undefined) h.set(name, value);
          }
          resolve({ status: response.statusCode ?? 0, headers: h, body: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks) });
        });
      });
      const timer = setTimeout(() => request.destroy(Object.assign(new Error(`timeout after ${timeoutMs} ms`), { name: "TimeoutError" })), timeoutMs);
      request.on("close", () => clearTimeout(timer));
      request.on("error", reject);
      if (options.body !== undefined) request.write(String(options.body));
      request.end();
    });
    const encoding = headers.get("content-encoding");
    // Inflated into one buffer of the size the gzip trailer announces (ISIZE: the size mod 2^32) — each
    // output piece would be a round trip to the event loop and a copy at the end.
    const gzipped = encoding && /\bgzip\b/i.test(encoding) && body.length >= 18;
    const size = gzipped ? body.readUInt32LE(body.length - 4) : 0;
    const plain = gzipped ? await gunzipAsync(body, { chunkSize: Math.min(64 << 20, Math.max(16 << 10, size + 1)) }) : body;
    notify(options.provider, String(status), started);
    return { status, ok: status >= 200 && status < 300, headers, text: plain.toString("utf8") };
  } catch (error) {
    notify(options.provider, "network_error", started);
    throw classifyNetworkError(error, { provider: options.provider, title: options.title, host: url.hostname, port: defaultPort(url), timeoutMs });
  }
}

/** Parses a JSON body with a zod schema; anything else is a `bad_response`. */
export function parseJson<S extends z.ZodType>(
  schema: S,
  text: string,
  context: { provider: TUpstreamProvider; title?: string },
): z.output<S> {
  const title = titleOf(context);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new UpstreamError({
      provider: context.provider,
      kind: "bad_response",
      userMessage: `Неожиданный ответ сервера (${title}): не JSON`,
    });
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? issue.path.join(".") : "ответ";
    throw new UpstreamError({
      provider: context.provider,
      kind: "bad_response",
      userMessage: `Неожиданный ответ сервера (${title}): поле ${where} не соответствует ожидаемому формату`,
      detail: issue?.message,
    });
  }
  return parsed.data;
}

/** Parses a JSON body leniently (for error bodies); undefined when it is not JSON or does not match. */
export function tryParseJson<S extends z.ZodType>(schema: S, text: string): z.output<S> | undefined {
  try {
    const parsed = schema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

export function joinUrl(base: string, path: string, query?: Record<string, string | number | undefined>): URL {
  const url = new URL(`${base.replace(/\/+$/, "")}/${path.replace(/^\/+/, "")}`);
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined) url.searchParams.set(key, String(value));
  }
  return url;
}

export type TJsonRequest = {
  path: string;
  method?: string;
  query?: Record<string, string | number | undefined>;
  /** Sent as JSON with Content-Type: application/json. */
  json?: unknown;
  headers?: Record<string, string>;
};

/**
 * A small JSON-over-HTTP client bound to one provider account: base URL, auth headers, secrets
 * to redact, the provider's error-body reader and Russian messages per error kind.
 */
export function createJsonRequester(base: {
  provider: TUpstreamProvider;
  title?: string;
  baseUrl: string;
  headers?: Record<string, string>;
  secrets: readonly (string | undefined)[];
  timeoutMs?: number;
  messages?: TErrorMessages;
  describeError?: (response: TUpstreamResponse) => TErrorDescription | undefined;
}) {
  return async function request<S extends z.ZodType>(schema: S, req: TJsonRequest): Promise<z.output<S>> {
    const headers: Record<string, string> = { Accept: "application/json", ...base.headers, ...req.headers };
    let body: string | undefined;
    if (req.json !== undefined) {
      headers["Content-Type"] = "application/json";
      body = JSON.stringify(req.json);
    }
    const response = await fetchUpstream({
      provider: base.provider,
      title: base.title,
      url: joinUrl(base.baseUrl, req.path, req.query),
      method: req.method,
      headers,
      body,
      timeoutMs: base.timeoutMs,
    });
    if (response.status < 200 || response.status >= 300) {
      const own = base.describeError?.(response) ?? {};
      const location = response.status < 400 ? response.headers.get("location") : null;
      throw statusError({
        provider: base.provider,
        title: base.title,
        status: response.status,
        description: {
          kind: own.kind,
          // Redirects are not followed (they would carry credentials elsewhere): the address is outdated.
          detail: own.detail ?? (location ? `перенаправление на ${location}` : undefined),
          retryAfterMs: own.retryAfterMs ?? retryAfterFromHeaders(response.headers),
        },
        messages: base.messages,
        secrets: base.secrets,
      });
    }
    return parseJson(schema, response.text, base);
  };
}
