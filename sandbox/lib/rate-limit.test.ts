import { describe, expect, it } from "vitest";
import { createLeakyBucket, createWindowLimiter } from "./rate-limit";

describe("window limiter", () => {
  it("allows `limit` per window per key, then tells when to retry", () => {
    const limiter = createWindowLimiter(() => ({ limit: 3, windowMs: 3000 }));
    expect([0, 100, 200].map((t) => limiter.hit("a", t).allowed)).toEqual([true, true, true]);
    const denied = limiter.hit("a", 300);
    expect(denied).toMatchObject({ allowed: false, remaining: 0, retryAfterMs: 2700 });
    expect(limiter.hit("b", 300).allowed).toBe(true);
    expect(limiter.hit("a", 3000).allowed).toBe(true);
  });
});

describe("leaky bucket", () => {
  it("holds `capacity` requests and drains `drainPerSecond`", () => {
    const bucket = createLeakyBucket(() => ({ capacity: 50, drainPerSecond: 2 }));
    for (let i = 0; i < 50; i++) expect(bucket.hit("k", 0).allowed).toBe(true);
    expect(bucket.hit("k", 0)).toMatchObject({ allowed: false, retryAfterMs: 500 });
    expect(bucket.hit("k", 499).allowed).toBe(false);
    expect(bucket.hit("k", 500).allowed).toBe(true);
    expect(bucket.hit("k", 600).allowed).toBe(false);
    bucket.reset();
    expect(bucket.hit("k", 600).allowed).toBe(true);
  });
});
