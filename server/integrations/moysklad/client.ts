import type { z } from "zod";
import { createJsonRequester, tryParseJson, type TJsonRequest } from "../http";
import { ZMoyskladEmployee, ZMoyskladError, type TMoyskladConfig } from "./schemas";

/**
 * MoySklad JSON API 1.2 over HTTP: Bearer token, mandatory gzip (`Accept-Encoding: gzip`; fetch
 * decompresses), `Accept: application/json;charset=utf-8`. Errors carry the API's own error text;
 * 429 honours `X-Lognex-Retry-After` (milliseconds).
 */

export type TMoyskladClient = ReturnType<typeof createMoyskladClient>;

export function createMoyskladClient(config: TMoyskladConfig, options: { timeoutMs?: number } = {}) {
  const request = createJsonRequester({
    provider: "moysklad",
    baseUrl: config.baseUrl,
    headers: {
      Authorization: `Bearer ${config.token}`,
      "Accept-Encoding": "gzip",
      Accept: "application/json;charset=utf-8",
    },
    secrets: [config.token],
    timeoutMs: options.timeoutMs,
    messages: {
      auth: "Неверный токен МойСклад",
      forbidden: "Нет доступа к API МойСклад",
    },
    describeError: (response) => {
      const body = tryParseJson(ZMoyskladError, response.text);
      const first = body?.errors[0];
      const retryAfter = Number(response.headers.get("x-lognex-retry-after"));
      return {
        detail: first ? `${first.error}${first.code ? ` (код ${first.code})` : ""}` : undefined,
        retryAfterMs: Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined,
      };
    },
  });

  return {
    request: <S extends z.ZodType>(schema: S, req: TJsonRequest) => request(schema, req),
    /** The employee the token belongs to (`GET /context/employee`). */
    getContextEmployee: () => request(ZMoyskladEmployee, { path: "/context/employee" }),
  };
}
