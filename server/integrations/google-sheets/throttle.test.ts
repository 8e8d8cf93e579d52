import { describe, expect, it } from "vitest";
import { createInProcessRateLimiter } from "../rate-limiter";
import { backoffDelay, createSheetsWindowLimiter, sheetsLimiterKey, sheetsLimiterOn } from "./throttle";

describe("sheets limiter", () => {
  // No wall-clock thresholds (a loaded machine delays everything): what is asserted is which acquisitions are
  // still waiting, and the order they are served in.
  const settled = async () => {
    for (let i = 0; i < 5; i++) await Promise.resolve();
  };

  it("allows N per window per key and kind, in order, then waits for the window to slide", async () => {
    const platform = createInProcessRateLimiter();
    const limiter = sheetsLimiterOn(platform, { readsPerMinute: 3, writesPerMinute: 1, windowMs: 200, marginMs: 0 });
    const read = sheetsLimiterKey("a@x", "read");
    const order: number[] = [];
    const all = Promise.all([0, 1, 2, 3].map((i) => limiter.acquire(read).then((p) => { order.push(i); p?.release(); })));
    await settled();
    expect(order).toEqual([0, 1, 2]); // the budget of the window
    expect(platform.inspect(read).queued).toBe(1); // the 4th waits for the window to slide
    // Another kind and another account have budgets of their own: served while the 4th read still waits.
    const other: string[] = [];
    void limiter.acquire(sheetsLimiterKey("a@x", "write")).then(() => other.push("write"));
    void limiter.acquire(sheetsLimiterKey("b@x", "read")).then(() => other.push("other account"));
    await settled();
    expect(other).toEqual(["write", "other account"]);
    expect(order).toEqual([0, 1, 2]);
    await all;
    expect(order).toEqual([0, 1, 2, 3]);
  });

  it("runs on the platform limiter: a pause (429 Retry-After) holds every request of that key only", async () => {
    const platform = createInProcessRateLimiter();
    const limiter = sheetsLimiterOn(platform, { windowMs: 60_000, marginMs: 0 });
    const write = sheetsLimiterKey("a@x", "write");
    (await limiter.acquire(write))?.release();
    expect(platform.inspect(write).usedUnits).toBe(1); // the same limiter (and budget) as every other upstream
    limiter.pause!(write, 150);
    expect(platform.inspect(write).pausedForMs).toBeGreaterThan(0);
    let wrote = false;
    const held = limiter.acquire(write).then((p) => { wrote = true; p?.release(); });
    let read = false;
    void limiter.acquire(sheetsLimiterKey("a@x", "read")).then(() => { read = true; });
    await settled();
    expect(read).toBe(true); // reads are not paused
    expect(wrote).toBe(false); // the paused key holds its requests…
    expect(platform.inspect(write).queued).toBe(1);
    await held; // …until the pause is over
    expect(wrote).toBe(true);
    expect(platform.inspect(write).pausedForMs).toBe(0);
  });

  it("window 0 means no pacing", async () => {
    const limiter = createSheetsWindowLimiter({ readsPerMinute: 1, windowMs: 0 });
    let served = 0;
    for (let i = 0; i < 100; i++) void limiter.acquire("google-sheets:a:read").then(() => served++);
    await settled();
    expect(served).toBe(100); // none waited for a timer
  });

  it("backoff doubles, is capped, jittered between 50 and 100 %, and honours Retry-After", () => {
    const policy = { attempts: 5, baseDelayMs: 1000, maxDelayMs: 8000 };
    expect([1, 2, 3, 4, 5].map((n) => backoffDelay(policy, n, undefined, () => 1))).toEqual([1000, 2000, 4000, 8000, 8000]);
    expect(backoffDelay(policy, 1, undefined, () => 0)).toBe(500);
    expect(backoffDelay(policy, 1, 30_000, () => 0)).toBe(30_000);
  });
});
