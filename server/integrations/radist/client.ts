import type { z } from "zod";
import { createJsonRequester, tryParseJson, type TJsonRequest } from "../http";
import { ZRadistCompanyList, ZRadistConnectionList, ZRadistError, type TRadistConfig } from "./schemas";

/** Radist.Online API v2: `X-Api-Key` header, FastAPI-style `{"detail"}` errors. */

export type TRadistClient = ReturnType<typeof createRadistClient>;

export function createRadistClient(config: TRadistConfig, options: { timeoutMs?: number } = {}) {
  const request = createJsonRequester({
    provider: "radist",
    baseUrl: config.baseUrl,
    headers: { "X-Api-Key": config.apiKey },
    secrets: [config.apiKey],
    timeoutMs: options.timeoutMs,
    messages: {
      auth: "Неверный API-ключ Radist.Online",
      forbidden: "Ключ Radist.Online не даёт доступа к компании",
      not_found: "Компания не найдена в Radist.Online",
    },
    describeError: (response) => {
      const body = tryParseJson(ZRadistError, response.text);
      return { detail: body ? (typeof body.detail === "string" ? body.detail : JSON.stringify(body.detail)) : undefined };
    },
  });

  return {
    request: <S extends z.ZodType>(schema: S, req: TJsonRequest) => request(schema, req),
    listCompanies: () => request(ZRadistCompanyList, { path: "/companies/" }),
    listConnections: (companyId: number, page: { limit?: number; offset?: number } = {}) =>
      request(ZRadistConnectionList, {
        path: `/companies/${companyId}/connections/`,
        query: { limit: page.limit ?? 100, offset: page.offset ?? 0 },
      }),
  };
}
