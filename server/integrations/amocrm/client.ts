import type { z } from "zod";
import { createJsonRequester, tryParseJson, type TJsonRequest } from "../http";
import { ZAmocrmAccount, ZAmocrmProblem, type TAmocrmConfig } from "./schemas";

/** amoCRM API v4 (read-only use): Bearer long-lived token; problem+json errors. */

export type TAmocrmClient = ReturnType<typeof createAmocrmClient>;

export function createAmocrmClient(config: TAmocrmConfig, options: { timeoutMs?: number } = {}) {
  const request = createJsonRequester({
    provider: "amocrm",
    baseUrl: config.baseUrl,
    headers: { Authorization: `Bearer ${config.accessToken}`, Accept: "application/hal+json, application/json" },
    secrets: [config.accessToken],
    timeoutMs: options.timeoutMs,
    messages: { auth: "Неверный или отозванный токен amoCRM", forbidden: "Нет доступа к аккаунту amoCRM" },
    describeError: (response) => {
      const problem = tryParseJson(ZAmocrmProblem, response.text);
      return { detail: problem ? [problem.title, problem.detail].filter(Boolean).join(": ") : undefined };
    },
  });

  return {
    request: <S extends z.ZodType>(schema: S, req: TJsonRequest) => request(schema, req),
    /** The account the token belongs to (`GET /api/v4/account`). */
    getAccount: () => request(ZAmocrmAccount, { path: "/api/v4/account" }),
  };
}
