import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { bitrix24Demo, bitrix24Simulator, type TBitrix24SimState } from "../../../sandbox/bitrix24/server";
import { getClosedPort } from "../../../sandbox/lib/ports";
import type { TSimulator } from "../../../sandbox/lib/simulator";
import { expectUpstreamError } from "../testing";
import { checkBitrix24Connection } from "./check-connection";
import { createBitrix24Client } from "./client";

describe("Bitrix24 client against the simulator", () => {
  let sim: TSimulator<TBitrix24SimState>;

  beforeAll(async () => {
    sim = await bitrix24Simulator.start();
  });
  afterAll(() => sim.stop());
  beforeEach(() => sim.reset());

  it("calls profile through the inbound webhook", async () => {
    const result = await checkBitrix24Connection({ portalUrl: sim.url, ...bitrix24Demo });
    expect(result.summary).toBe(`Подключено как Мария Смирнова (${new URL(sim.url).host})`);
    expect(sim.requests[0]).toMatchObject({
      method: "POST",
      path: `/rest/${bitrix24Demo.userId}/${bitrix24Demo.webhookCode}/profile.json`,
    });
  });

  it("accepts the user id as a string (settings forms)", async () => {
    const result = await checkBitrix24Connection({ portalUrl: sim.url, userId: "1", webhookCode: bitrix24Demo.webhookCode });
    expect(result.details).toMatchObject({ userId: "1", admin: true });
  });

  it("wrong webhook code → auth, code not in the message", async () => {
    const webhookCode = "wrongcode0123456";
    const error = await expectUpstreamError(
      checkBitrix24Connection({ portalUrl: sim.url, userId: 1, webhookCode }),
      { provider: "bitrix24", kind: "auth", status: 401, secrets: [webhookCode] },
    );
    expect(error.detail).toBe("INVALID_CREDENTIALS: Invalid request credentials");
  });

  it("leaky bucket: a burst beyond 50 requests → 503 QUERY_LIMIT_EXCEEDED → rate_limited", async () => {
    const client = createBitrix24Client({ portalUrl: sim.url, ...bitrix24Demo });
    const burst = await Promise.allSettled(Array.from({ length: 60 }, () => client.getProfile()));
    const passed = burst.filter((r) => r.status === "fulfilled").length;
    const limited = burst.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    // 50 fit into the bucket (a few more if it drained while the burst was in flight).
    expect(passed).toBeGreaterThanOrEqual(50);
    expect(limited.length).toBeGreaterThan(0);
    const error = await expectUpstreamError(Promise.reject(limited[0].reason), {
      provider: "bitrix24",
      kind: "rate_limited",
      status: 503,
      retryable: true,
      secrets: [bitrix24Demo.webhookCode],
    });
    expect(error.retryAfterMs).toBe(500);
    expect(sim.requests.filter((r) => r.path.endsWith("/profile.json"))).toHaveLength(60);
    // The bucket drains 2 requests / s.
    await new Promise((r) => setTimeout(r, 600));
    await expect(client.getProfile()).resolves.toMatchObject({ ID: "1" });
  });

  it("unknown method → not_found", async () => {
    const client = createBitrix24Client({ portalUrl: sim.url, ...bitrix24Demo });
    await expectUpstreamError(client.call("crm.unknown.method", z.unknown()), {
      provider: "bitrix24",
      kind: "not_found",
      status: 404,
    });
  });

  it("closed port → unreachable", async () => {
    const port = await getClosedPort();
    await expectUpstreamError(checkBitrix24Connection({ portalUrl: `http://127.0.0.1:${port}`, ...bitrix24Demo }), {
      provider: "bitrix24",
      kind: "unreachable",
      messageIncludes: `ECONNREFUSED 127.0.0.1:${port}`,
      secrets: [bitrix24Demo.webhookCode],
    });
  });
});
