/**
 * Client-side pacing for the Sheets API: a limiter keyed by `google-sheets:<service account>:<read|write>`
 * and exponential backoff with jitter for retries.
 *
 * `TSheetsRateLimiter` is the small interface the client needs (`acquire(key)`), so the shared
 * per-account limiter (server/integrations/rate-limiter.ts) can replace the local one below.
 */

export type TSheetsRateLimiter = { acquire(key: string): Promise<void> };

export type TSheetsBudgets = {
  /** Google: 60 read and 60 write requests per minute per user (service account). */
  readsPerMinute: number;
  writesPerMinute: number;
  /** The quota window (60 s; smaller for a simulator running at a time scale). */
  windowMs: number;
  /** Extra wait per window so requests that arrive late at Google do not fall into the previous one. */
  marginMs: number;
};

export const GOOGLE_SHEETS_BUDGETS: TSheetsBudgets = {
  readsPerMinute: 60,
  writesPerMinute: 60,
  windowMs: 60_000,
  marginMs: 1_000,
};

export function sheetsLimiterKey(serviceAccountEmail: string, kind: "read" | "write"): string {
  return `google-sheets:${serviceAccountEmail}:${kind}`;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Sliding window per key (the quota's own shape): at most N acquisitions within any window,
 * granted in FIFO order. Keys ending in `:read` use the read budget, the others the write budget.
 */
export function createSheetsWindowLimiter(budgets: Partial<TSheetsBudgets> = {}): TSheetsRateLimiter {
  const b = { ...GOOGLE_SHEETS_BUDGETS, ...budgets };
  const windows = new Map<string, number[]>();
  const queues = new Map<string, Promise<void>>();
  const window = b.windowMs + b.marginMs;

  const take = async (key: string, limit: number) => {
    const times = windows.get(key) ?? [];
    windows.set(key, times);
    for (;;) {
      const now = Date.now();
      while (times.length > 0 && now - times[0] >= window) times.shift();
      if (times.length < limit) {
        times.push(now);
        return;
      }
      await sleep(times[0] + window - now);
    }
  };

  return {
    acquire(key) {
      const limit = key.endsWith(":read") ? b.readsPerMinute : b.writesPerMinute;
      if (b.windowMs <= 0 || !Number.isFinite(limit)) return Promise.resolve();
      const next = (queues.get(key) ?? Promise.resolve()).then(() => take(key, limit));
      queues.set(key, next);
      return next;
    },
  };
}

/** No pacing at all (tests against a simulator with quotas off). */
export const unlimitedSheetsLimiter: TSheetsRateLimiter = { acquire: () => Promise.resolve() };

/** One limiter per process by default, so every client of the same service account shares the budget. */
export const defaultSheetsLimiter: TSheetsRateLimiter = createSheetsWindowLimiter();

export type TRetryPolicy = {
  /** Total attempts including the first. */
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
};

export const DEFAULT_RETRY_POLICY: TRetryPolicy = { attempts: 7, baseDelayMs: 1_000, maxDelayMs: 32_000 };

/** Delay before retry number `retry` (1-based): base·2^(retry-1), capped, with "equal jitter" (50–100 %). */
export function backoffDelay(policy: TRetryPolicy, retry: number, retryAfterMs?: number, random = Math.random): number {
  const exp = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1));
  const jittered = exp / 2 + random() * (exp / 2);
  return Math.max(jittered, retryAfterMs ?? 0);
}
