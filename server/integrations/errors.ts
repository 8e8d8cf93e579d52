/**
 * The one error type every integration client throws, and the result of a connection check.
 * `userMessage` is clear Russian text safe to show to users; neither it nor `message` nor
 * `detail` ever contains secrets (tokens, passwords, keys).
 */

export type TUpstreamProvider =
  | "moysklad"
  | "google-sheets"
  | "telegram"
  | "mail"
  | "ai"
  | "amocrm"
  | "radist"
  | "bitrix24"
  | "onec"
  | "s3";

export const upstreamProviderTitles: Record<TUpstreamProvider, string> = {
  moysklad: "МойСклад",
  "google-sheets": "Google Таблицы",
  telegram: "Telegram",
  mail: "почта",
  ai: "ИИ-провайдер",
  amocrm: "amoCRM",
  radist: "Radist.Online",
  bitrix24: "Битрикс24",
  onec: "1С",
  s3: "S3-хранилище",
};

export type TUpstreamErrorKind =
  | "auth"
  | "forbidden"
  | "not_found"
  | "rate_limited"
  | "unreachable"
  | "timeout"
  | "bad_response"
  | "server_error"
  | "invalid_config";

/** Temporary failures worth retrying with backoff; the others stop at once and are shown to the user. */
const RETRYABLE_KINDS: ReadonlySet<TUpstreamErrorKind> = new Set([
  "rate_limited",
  "unreachable",
  "timeout",
  "server_error",
]);

export type TUpstreamErrorInit = {
  provider: TUpstreamProvider;
  kind: TUpstreamErrorKind;
  userMessage: string;
  status?: number;
  retryAfterMs?: number;
  /** Defaults by kind: rate_limited, unreachable, timeout, server_error are retryable. */
  retryable?: boolean;
  /** Technical detail for logs (already redacted), e.g. the provider's error code. */
  detail?: string;
};

export class UpstreamError extends Error {
  readonly provider: TUpstreamProvider;
  readonly kind: TUpstreamErrorKind;
  readonly status?: number;
  readonly retryAfterMs?: number;
  readonly retryable: boolean;
  readonly userMessage: string;
  readonly detail?: string;

  constructor(init: TUpstreamErrorInit) {
    super(init.userMessage);
    this.name = "UpstreamError";
    this.provider = init.provider;
    this.kind = init.kind;
    this.status = init.status;
    this.retryAfterMs = init.retryAfterMs;
    this.retryable = init.retryable ?? RETRYABLE_KINDS.has(init.kind);
    this.userMessage = init.userMessage;
    this.detail = init.detail;
  }

  toJSON() {
    return {
      name: this.name,
      provider: this.provider,
      kind: this.kind,
      status: this.status,
      retryAfterMs: this.retryAfterMs,
      retryable: this.retryable,
      userMessage: this.userMessage,
      detail: this.detail,
    };
  }
}

export function isUpstreamError(error: unknown): error is UpstreamError {
  return error instanceof UpstreamError;
}

/** Result of a successful connection check; failures throw UpstreamError. */
export type TConnectionCheck = {
  ok: true;
  /** Russian, e.g. "Подключено как Иванов И. (Компания)". */
  summary: string;
  details?: Record<string, unknown>;
};

/** Removes every secret value (and its URL-encoded form) from a text. */
export function redactSecrets(text: string, secrets: readonly (string | undefined | null)[]): string {
  let out = text;
  for (const secret of secrets) {
    if (!secret || secret.length < 4) continue;
    for (const form of new Set([secret, encodeURIComponent(secret)])) out = out.split(form).join("***");
  }
  return out;
}
