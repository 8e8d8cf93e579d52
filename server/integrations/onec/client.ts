import type { z } from "zod";
import { createJsonRequester, type TJsonRequest } from "../http";
import { ZOnecPing, type TOnecConfig } from "./schemas";

/** The 1C HTTP service over HTTP Basic (UTF-8 credentials: infobase user names are often Cyrillic). */

export type TOnecClient = ReturnType<typeof createOnecClient>;

export function createOnecClient(config: TOnecConfig, options: { timeoutMs?: number } = {}) {
  const credentials = Buffer.from(`${config.username}:${config.password}`, "utf8").toString("base64");
  const request = createJsonRequester({
    provider: "onec",
    baseUrl: config.baseUrl,
    headers: { Authorization: `Basic ${credentials}` },
    secrets: [config.password, credentials],
    timeoutMs: options.timeoutMs,
    messages: {
      auth: "Неверный логин или пароль пользователя 1С",
      forbidden: "У пользователя 1С нет прав на HTTP-сервис",
      not_found: "HTTP-сервис 1С не найден по этому адресу (проверьте публикацию и корневой URL)",
    },
    // 1C answers errors as plain text (the handler's exception text).
    describeError: (response) => ({ detail: response.text.trim() || undefined }),
  });

  return {
    request: <S extends z.ZodType>(schema: S, req: TJsonRequest) => request(schema, req),
    ping: () => request(ZOnecPing, { path: "/ping" }),
  };
}
