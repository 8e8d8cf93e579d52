import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { getClosedPort } from "../../../sandbox/lib/ports";
import type { TSimulator } from "../../../sandbox/lib/simulator";
import {
  MOYSKLAD_API_PREFIX,
  moyskladDemo,
  moyskladSimulator,
  type TMoyskladSimState,
} from "../../../sandbox/moysklad/server";
import { expectUpstreamError } from "../testing";
import { checkMoyskladConnection } from "./check-connection";
import { createMoyskladClient } from "./client";

describe("MoySklad client against the simulator", () => {
  let sim: TSimulator<TMoyskladSimState>;
  let baseUrl: string;

  beforeAll(async () => {
    sim = await moyskladSimulator.start();
    baseUrl = `${sim.url}${MOYSKLAD_API_PREFIX}`;
  });
  afterAll(() => sim.stop());
  beforeEach(() => sim.reset());

  it("reports who the token belongs to, with gzip and bearer auth on the wire", async () => {
    const result = await checkMoyskladConnection({ baseUrl, token: moyskladDemo.token });
    expect(result).toMatchObject({ ok: true, summary: "Подключено как Иванов И.П. (pult-demo)" });
    const [request] = sim.requests;
    expect(request.path).toBe(`${MOYSKLAD_API_PREFIX}/context/employee`);
    expect(request.headers["accept-encoding"]).toContain("gzip");
    expect(request.headers.authorization).toBe(`Bearer ${moyskladDemo.token}`);
  });

  it("responds gzipped and refuses requests without gzip (415)", async () => {
    const gz = await fetch(`${baseUrl}/context/employee`, {
      headers: { Authorization: `Bearer ${moyskladDemo.token}`, "Accept-Encoding": "gzip" },
    });
    expect(gz.headers.get("content-encoding")).toBe("gzip");
    const plain = await fetch(`${baseUrl}/context/employee`, {
      headers: { Authorization: `Bearer ${moyskladDemo.token}`, "Accept-Encoding": "identity" },
    });
    expect(plain.status).toBe(415);
    expect(((await plain.json()) as { errors: Array<{ code: number }> }).errors[0].code).toBe(1062);
  });

  it("wrong token → auth error in Russian without the token", async () => {
    const token = "wrong-token-0123456789abcdef";
    const error = await expectUpstreamError(checkMoyskladConnection({ baseUrl, token }), {
      provider: "moysklad",
      kind: "auth",
      status: 401,
      retryable: false,
      secrets: [token],
    });
    expect(error.userMessage).toBe("Неверный токен МойСклад");
    expect(error.detail).toContain("1056");
  });

  it("closed port → unreachable", async () => {
    const port = await getClosedPort();
    await expectUpstreamError(
      checkMoyskladConnection({ baseUrl: `http://127.0.0.1:${port}/api/remap/1.2`, token: moyskladDemo.token }),
      {
        provider: "moysklad",
        kind: "unreachable",
        retryable: true,
        secrets: [moyskladDemo.token],
        messageIncludes: `ECONNREFUSED 127.0.0.1:${port}`,
      },
    );
  });

  it("45 requests / 3 s per token, then 429 with X-Lognex-Retry-After", async () => {
    // Raw client (no client-side limiter, no retries) to see the simulator's own 429.
    const client = createMoyskladClient({ baseUrl, token: moyskladDemo.token }, { limiter: null, maxAttempts: 1 });
    await Promise.all(Array.from({ length: 45 }, () => client.getContextEmployee()));
    const error = await expectUpstreamError(client.getContextEmployee(), {
      provider: "moysklad",
      kind: "rate_limited",
      status: 429,
      retryable: true,
      secrets: [moyskladDemo.token],
    });
    expect(error.retryAfterMs).toBeGreaterThan(0);
    expect(error.retryAfterMs).toBeLessThanOrEqual(3000);
    const last = await fetch(`${baseUrl}/context/employee`, {
      headers: { Authorization: `Bearer ${moyskladDemo.token}`, "Accept-Encoding": "gzip" },
    });
    expect(last.status).toBe(429);
    expect(last.headers.get("x-ratelimit-remaining")).toBe("0");
    expect(Number(last.headers.get("x-lognex-retry-after"))).toBeGreaterThan(0);
  });

  it("invalid config → invalid_config", async () => {
    await expectUpstreamError(checkMoyskladConnection({ baseUrl: "ftp://x", token: "" }), {
      provider: "moysklad",
      kind: "invalid_config",
      messageIncludes: "token",
    });
  });
});
