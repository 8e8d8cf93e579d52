import { describe, expect, it } from "vitest";
import { createInProcessRateLimiter } from "../rate-limiter";
import { backoffDelay, createSheetsWindowLimiter, sheetsLimiterKey, sheetsLimiterOn } from "./throttle";

describe("sheets limiter", () => {
  it("allows N per window per key and kind, in order, then waits for the window to slide", async () => {
    const limiter = createSheetsWindowLimiter({ readsPerMinute: 3, writesPerMinute: 1, windowMs: 200, marginMs: 0 });
    const read = sheetsLimiterKey("a@x", "read");
    const started = Date.now();
    const order: number[] = [];
    await Promise.all([0, 1, 2, 3].map((i) => limiter.acquire(read).then(() => order.push(i))));
    expect(order).toEqual([0, 1, 2, 3]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(190); // the 4th waited for the window
    const t = Date.now();
    await limiter.acquire(sheetsLimiterKey("a@x", "write")); // separate budget
    await limiter.acquire(sheetsLimiterKey("b@x", "read")); // separate account
    expect(Date.now() - t).toBeLessThan(50);
  });

  it("runs on the platform limiter: a pause (429 Retry-After) holds every request of that key only", async () => {
    const platform = createInProcessRateLimiter();
    const limiter = sheetsLimiterOn(platform, { windowMs: 60_000, marginMs: 0 });
    const write = sheetsLimiterKey("a@x", "write");
    (await limiter.acquire(write))?.release();
    expect(platform.inspect(write).usedUnits).toBe(1); // the same limiter (and budget) as every other upstream
    limiter.pause!(write, 150);
    const t = Date.now();
    await limiter.acquire(sheetsLimiterKey("a@x", "read"));
    expect(Date.now() - t).toBeLessThan(50);
    (await limiter.acquire(write))?.release();
    expect(Date.now() - t).toBeGreaterThanOrEqual(140);
  });

  it("window 0 means no pacing", async () => {
    const limiter = createSheetsWindowLimiter({ readsPerMinute: 1, windowMs: 0 });
    const t = Date.now();
    for (let i = 0; i < 100; i++) await limiter.acquire("google-sheets:a:read");
    expect(Date.now() - t).toBeLessThan(50);
  });

  it("backoff doubles, is capped, jittered between 50 and 100 %, and honours Retry-After", () => {
    const policy = { attempts: 5, baseDelayMs: 1000, maxDelayMs: 8000 };
    expect([1, 2, 3, 4, 5].map((n) => backoffDelay(policy, n, undefined, () => 1))).toEqual([1000, 2000, 4000, 8000, 8000]);
    expect(backoffDelay(policy, 1, undefined, () => 0)).toBe(500);
    expect(backoffDelay(policy, 1, 30_000, () => 0)).toBe(30_000);
  });
});
