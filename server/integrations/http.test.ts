import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { redactSecrets, UpstreamError } from "./errors";
import { classifyNetworkError, createJsonRequester, fetchUpstream, statusError } from "./http";
import { expectUpstreamError } from "./testing";

describe("integration transport helpers", () => {
  let server: Server;
  let url: string;

  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.url === "/hang") return; // accepts, never answers
      if (req.url === "/moved") {
        res.writeHead(301, { Location: "https://new.example.com/api" }).end();
        return;
      }
      if (req.url === "/html") {
        res.writeHead(502, { "Content-Type": "text/html" }).end("<html><body>Bad Gateway</body></html>");
        return;
      }
      if (req.url === "/slow-down") {
        res.writeHead(429, { "Retry-After": "7" }).end();
        return;
      }
      res.writeHead(200, { "Content-Type": "application/json" }).end(JSON.stringify({ value: "not a number" }));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const request = () =>
    createJsonRequester({ provider: "onec", baseUrl: url, secrets: ["s3cr3t-value"], timeoutMs: 300 });

  it("a server that never answers → timeout (retryable)", async () => {
    await expectUpstreamError(fetchUpstream({ provider: "amocrm", url: `${url}/hang`, timeoutMs: 200 }), {
      provider: "amocrm",
      kind: "timeout",
      retryable: true,
      messageIncludes: "Сервер не ответил вовремя (amoCRM)",
    });
  });

  it("redirects are not followed", async () => {
    const error = await expectUpstreamError(request()(z.unknown(), { path: "/moved" }), {
      provider: "onec",
      kind: "bad_response",
      status: 301,
    });
    expect(error.userMessage).toContain("перенаправление на https://new.example.com/api");
  });

  it("HTML error pages are not quoted; 5xx is a retryable server_error", async () => {
    const error = await expectUpstreamError(request()(z.unknown(), { path: "/html" }), {
      provider: "onec",
      kind: "server_error",
      status: 502,
      retryable: true,
    });
    expect(error.userMessage).toBe("Ошибка на стороне сервера (1С): HTTP 502");
  });

  it("429 reads Retry-After", async () => {
    const error = await expectUpstreamError(request()(z.unknown(), { path: "/slow-down" }), {
      provider: "onec",
      kind: "rate_limited",
    });
    expect(error.retryAfterMs).toBe(7000);
    expect(error.userMessage).toBe("Превышен лимит запросов (1С), повторите через 7 с");
  });

  it("a body that does not match the schema → bad_response naming the field", async () => {
    const error = await expectUpstreamError(request()(z.object({ value: z.number() }), { path: "/ok" }), {
      provider: "onec",
      kind: "bad_response",
      retryable: false,
    });
    expect(error.userMessage).toContain("поле value");
  });

  it("finds the real system code behind library wrappers (nodemailer's ESOCKET)", () => {
    const wrapped = Object.assign(new Error("connect ECONNREFUSED 10.0.0.1:465"), { code: "ESOCKET" });
    const error = classifyNetworkError(wrapped, { provider: "mail", title: "почта (SMTP)", host: "10.0.0.1", port: 465 });
    expect(error.userMessage).toBe("Сервер недоступен (почта (SMTP)): ECONNREFUSED 10.0.0.1:465");
    const dns = classifyNetworkError(new TypeError("fetch failed", { cause: { code: "ENOTFOUND" } }), {
      provider: "moysklad",
      host: "api.moysklad.example",
      port: 443,
    });
    expect(dns).toMatchObject({ kind: "unreachable", userMessage: "Сервер недоступен (МойСклад): ENOTFOUND api.moysklad.example:443" });
    const tls = classifyNetworkError(new Error("x", { cause: { code: "CERT_HAS_EXPIRED" } }), {
      provider: "bitrix24",
      host: "b24.example",
      port: 443,
    });
    expect(tls.userMessage).toBe("Ошибка защищённого соединения (Битрикс24): CERT_HAS_EXPIRED b24.example:443");
  });

  it("redacts secrets from provider texts", () => {
    expect(redactSecrets("token abc123 and abc%2F1", ["abc123", "abc/1", undefined])).toBe("token *** and ***");
    const error = statusError({ provider: "ai", status: 403, description: { detail: "key abc123 is blocked" }, secrets: ["abc123"] });
    expect(error).toBeInstanceOf(UpstreamError);
    expect(error.userMessage).toBe("Нет доступа (ИИ-провайдер): key *** is blocked");
  });
});
