/** Rate limiters used by the simulators to reproduce the providers' documented limits. */

export type TWindowLimit = { limit: number; windowMs: number };

export type TLimitDecision = {
  allowed: boolean;
  /** Requests still allowed in the current window / bucket after this one. */
  remaining: number;
  /** Milliseconds until the next request would be allowed (0 when allowed). */
  retryAfterMs: number;
  /** Milliseconds until the limiter is fully reset. */
  resetMs: number;
};

/** Sliding window log: at most `limit` requests per `windowMs` per key (MoySklad, amoCRM). */
export function createWindowLimiter(getConfig: () => TWindowLimit) {
  const hits = new Map<string, number[]>();
  return {
    hit(key: string, now = Date.now()): TLimitDecision {
      const { limit, windowMs } = getConfig();
      const recent = (hits.get(key) ?? []).filter((t) => now - t < windowMs);
      if (recent.length >= limit) {
        hits.set(key, recent);
        const retryAfterMs = Math.max(1, windowMs - (now - recent[0]));
        const resetMs = windowMs - (now - recent[recent.length - 1]);
        return { allowed: false, remaining: 0, retryAfterMs, resetMs };
      }
      recent.push(now);
      hits.set(key, recent);
      return {
        allowed: true,
        remaining: limit - recent.length,
        retryAfterMs: 0,
        resetMs: windowMs - (now - recent[0]),
      };
    },
    reset(): void {
      hits.clear();
    },
  };
}

export type TBucketLimit = { capacity: number; drainPerSecond: number };

/** Leaky bucket: each request adds one unit, the bucket drains continuously (Bitrix24). */
export function createLeakyBucket(getConfig: () => TBucketLimit) {
  const buckets = new Map<string, { level: number; at: number }>();
  return {
    hit(key: string, now = Date.now()): TLimitDecision {
      const { capacity, drainPerSecond } = getConfig();
      const prev = buckets.get(key) ?? { level: 0, at: now };
      const level = Math.max(0, prev.level - ((now - prev.at) / 1000) * drainPerSecond);
      if (level + 1 > capacity) {
        buckets.set(key, { level, at: now });
        const retryAfterMs = Math.ceil(((level + 1 - capacity) / drainPerSecond) * 1000);
        return {
          allowed: false,
          remaining: 0,
          retryAfterMs,
          resetMs: Math.ceil((level / drainPerSecond) * 1000),
        };
      }
      const next = level + 1;
      buckets.set(key, { level: next, at: now });
      return {
        allowed: true,
        remaining: Math.floor(capacity - next),
        retryAfterMs: 0,
        resetMs: Math.ceil((next / drainPerSecond) * 1000),
      };
    },
    reset(): void {
      buckets.clear();
    },
  };
}
