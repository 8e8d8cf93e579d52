import type { z } from "zod";
import { createJsonRequester, tryParseJson, type TErrorDescription } from "../http";
import { ZBitrix24Envelope, ZBitrix24Error, ZBitrix24Profile, type TBitrix24Config } from "./schemas";

/**
 * Bitrix24 REST through an inbound webhook: `{portal}/rest/{userId}/{code}/{method}.json`, POST JSON.
 * The webhook code is part of the URL, so it is redacted from everything and never put in messages.
 * 503 QUERY_LIMIT_EXCEEDED (leaky bucket: 50 requests, drains 2 / s) is `rate_limited`.
 */

export type TBitrix24Client = ReturnType<typeof createBitrix24Client>;

/** One request drains from the bucket every 500 ms. */
const BUCKET_DRAIN_MS = 500;

function describeBitrix24Error(text: string): TErrorDescription {
  const body = tryParseJson(ZBitrix24Error, text);
  if (!body) return {};
  const detail = body.error_description ? `${body.error}: ${body.error_description}` : body.error;
  switch (body.error) {
    case "QUERY_LIMIT_EXCEEDED":
      return { kind: "rate_limited", detail, retryAfterMs: BUCKET_DRAIN_MS };
    case "INVALID_CREDENTIALS":
    case "NO_AUTH_FOUND":
    case "expired_token":
    case "invalid_token":
      return { kind: "auth", detail };
    case "OPERATION_TIME_LIMIT":
      // The method used over 480 s of run time in 10 min and is blocked portal-wide for a while.
      return { kind: "rate_limited", detail };
    case "insufficient_scope":
    case "ACCESS_DENIED":
      return { kind: "forbidden", detail };
    case "ERROR_METHOD_NOT_FOUND":
      return { kind: "not_found", detail };
    default:
      return { detail };
  }
}

export function createBitrix24Client(config: TBitrix24Config, options: { timeoutMs?: number } = {}) {
  const request = createJsonRequester({
    provider: "bitrix24",
    baseUrl: `${config.portalUrl.replace(/\/+$/, "")}/rest/${config.userId}/${config.webhookCode}`,
    secrets: [config.webhookCode],
    timeoutMs: options.timeoutMs,
    messages: {
      auth: "Неверный адрес или код входящего вебхука Битрикс24",
      forbidden: "У вебхука Битрикс24 нет прав на этот метод",
      not_found: "Метод REST не найден в Битрикс24",
    },
    describeError: (response) => describeBitrix24Error(response.text),
  });

  /** Calls a REST method with parameters; returns the whole envelope (`result`, `total`, `next`). */
  const call = <T extends z.ZodType>(method: string, result: T, params: Record<string, unknown> = {}) =>
    request(ZBitrix24Envelope(result), { path: `/${method}.json`, method: "POST", json: params });

  return {
    call,
    /** The webhook's user (`profile`). */
    getProfile: async () => (await call("profile", ZBitrix24Profile)).result,
  };
}
