import { describe, expect, it } from "vitest";
import {
  createInProcessRateLimiter,
  RATE_BUDGETS,
  rateLimitKey,
  scaleBudget,
  withRateLimit,
  type TRateBudget,
} from "./rate-limiter";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Starts `n` acquisitions at once; each holds its permit `holdMs`; returns the grant times. */
async function run(budget: TRateBudget, n: number, holdMs = 0, cost = 1) {
  const limiter = createInProcessRateLimiter();
  const started = performance.now();
  let inFlight = 0;
  let maxInFlight = 0;
  const grants: number[] = [];
  await Promise.all(
    Array.from({ length: n }, () =>
      withRateLimit(limiter, "k", { budget, cost }, async () => {
        grants.push(performance.now() - started);
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        if (holdMs) await sleep(holdMs);
        inFlight--;
      }),
    ),
  );
  return { grants: grants.sort((a, b) => a - b), maxInFlight, limiter };
}

describe("rate limiter", () => {
  it("MoySklad budget: never more than 45 requests in any 3 s window (time-scaled ×0.1)", async () => {
    const budget = scaleBudget(RATE_BUDGETS.moysklad, 0.1); // 45 per 300 ms
    const { grants } = await run(budget, 100);
    expect(grants.slice(0, 45).every((t) => t < 100)).toBe(true); // the first 45 start at once
    for (let i = 0; i + 45 < grants.length; i++) {
      expect(grants[i + 45] - grants[i]).toBeGreaterThanOrEqual(299);
    }
    expect(grants[99]).toBeGreaterThanOrEqual(600);
  });

  it("at most 5 requests in flight per key", async () => {
    const { maxInFlight, grants } = await run({ kind: "window", limit: 1000, windowMs: 1000, maxConcurrent: 5 }, 20, 20);
    expect(maxInFlight).toBe(5);
    expect(grants[19]).toBeGreaterThanOrEqual(60); // 4 waves of 20 ms
  });

  it("request cost: 4-unit requests fit 11 per window", async () => {
    const { grants } = await run({ kind: "window", limit: 45, windowMs: 200 }, 22, 0, 4);
    expect(grants.filter((t) => t < 100)).toHaveLength(11);
    expect(grants[11]).toBeGreaterThanOrEqual(199);
  });

  it("leaky bucket (Bitrix24 style): a burst of `capacity`, then the drain rate", async () => {
    const { grants } = await run({ kind: "bucket", capacity: 5, drainPerSecond: 100 }, 10);
    expect(grants.filter((t) => t < 5)).toHaveLength(5);
    expect(grants[9]).toBeGreaterThanOrEqual(45); // 5 more units drain in 50 ms
  });

  it("a server hint pauses the whole key", async () => {
    const limiter = createInProcessRateLimiter();
    const budget: TRateBudget = { kind: "window", limit: 100, windowMs: 1000 };
    await (await limiter.acquire("k", { budget })).release();
    limiter.pause("k", 120);
    expect(limiter.inspect("k").pausedForMs).toBeGreaterThan(100);
    const started = performance.now();
    const permits = await Promise.all([limiter.acquire("k", { budget }), limiter.acquire("k", { budget })]);
    expect(performance.now() - started).toBeGreaterThanOrEqual(115);
    permits.forEach((p) => p.release());
    // other keys are not affected
    const other = performance.now();
    (await limiter.acquire("other", { budget })).release();
    expect(performance.now() - other).toBeLessThan(50);
  });

  it("waiters are served in order, can be aborted, and a window of 0 means unlimited", async () => {
    const limiter = createInProcessRateLimiter();
    const budget: TRateBudget = { kind: "window", limit: 1, windowMs: 10_000, maxConcurrent: 1 };
    const first = await limiter.acquire("k", { budget });
    const controller = new AbortController();
    const aborted = limiter.acquire("k", { budget, signal: controller.signal });
    controller.abort(new Error("cancelled"));
    await expect(aborted).rejects.toThrow("cancelled");
    expect(limiter.inspect("k").queued).toBe(0);
    first.release();

    const unlimited = scaleBudget(RATE_BUDGETS.moysklad, 0);
    const { grants, maxInFlight } = await run(unlimited, 200);
    expect(grants[199]).toBeLessThan(200);
    expect(maxInFlight).toBeLessThanOrEqual(5);
  });

  it("keys never contain the secret", () => {
    const key = rateLimitKey("moysklad", "secret-token-123");
    expect(key).toMatch(/^moysklad:[0-9a-f]{16}$/);
    expect(key).not.toContain("secret");
    expect(rateLimitKey("moysklad", "secret-token-123")).toBe(key);
    expect(rateLimitKey("moysklad", "another-token")).not.toBe(key);
  });

  it("documented budgets", () => {
    expect(RATE_BUDGETS.moysklad).toEqual({ kind: "window", limit: 45, windowMs: 3000, maxConcurrent: 5 });
    expect(RATE_BUDGETS.googleSheetsWrite).toEqual({ kind: "window", limit: 60, windowMs: 60_000 });
    expect(RATE_BUDGETS.bitrix24).toEqual({ kind: "bucket", capacity: 50, drainPerSecond: 2 });
    expect(scaleBudget(RATE_BUDGETS.bitrix24, 0.5).drainPerSecond).toBe(4);
  });

  it("a cost above the whole budget is refused instead of waiting forever", async () => {
    const limiter = createInProcessRateLimiter();
    await expect(limiter.acquire("k", { budget: { kind: "window", limit: 3, windowMs: 100 }, cost: 4 })).rejects.toThrow(RangeError);
  });
});
