import { createInProcessRateLimiter, RATE_BUDGETS, sharedRateLimiter, type TRateLimiter, type TWindowBudget } from "../rate-limiter";

/**
 * Client-side pacing for the Sheets API on the platform's rate limiter (server/integrations/rate-limiter.ts):
 * keys `google-sheets:<service account>:<read|write>`, each with Google's per-user budget, and exponential
 * backoff with jitter for retries. By default every client uses the process-wide shared limiter, so all
 * clients of one service account share one budget, and a 429 pauses the whole key.
 *
 * `TSheetsRateLimiter` is the small interface the client needs: a permit per request (released when the
 * response is in, so the request counts from its end: never earlier than Google counted it) and a pause.
 */

export type TSheetsRateLimiter = {
  acquire(key: string): Promise<void | { release(): void }>;
  /** A server said "wait": nobody on this key starts before `ms` from now. */
  pause?(key: string, ms: number): void;
};

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
  readsPerMinute: RATE_BUDGETS.googleSheetsRead.limit,
  writesPerMinute: RATE_BUDGETS.googleSheetsWrite.limit,
  windowMs: RATE_BUDGETS.googleSheetsWrite.windowMs,
  marginMs: 1_000,
};

export function sheetsLimiterKey(serviceAccountEmail: string, kind: "read" | "write"): string {
  return `google-sheets:${serviceAccountEmail}:${kind}`;
}

/** The Sheets budgets on a platform limiter: keys ending in `:read` use the read budget, the others the write one. */
export function sheetsLimiterOn(limiter: TRateLimiter, budgets: Partial<TSheetsBudgets> = {}): TSheetsRateLimiter {
  const b = { ...GOOGLE_SHEETS_BUDGETS, ...budgets };
  const budget = (limit: number): TWindowBudget => ({ kind: "window", limit, windowMs: b.windowMs > 0 ? b.windowMs + b.marginMs : 0 });
  const read = budget(b.readsPerMinute);
  const write = budget(b.writesPerMinute);
  return {
    acquire: (key) => {
      const bud = key.endsWith(":read") ? read : write;
      if (!(bud.windowMs > 0) || !Number.isFinite(bud.limit)) return Promise.resolve();
      return limiter.acquire(key, { budget: bud });
    },
    pause: (key, ms) => limiter.pause(key, ms),
  };
}

/**
 * A limiter of its own (sliding window per key, FIFO), for tests and a simulator at a time scale; the
 * clients' default is the shared one below.
 */
export function createSheetsWindowLimiter(budgets: Partial<TSheetsBudgets> = {}): TSheetsRateLimiter {
  return sheetsLimiterOn(createInProcessRateLimiter(), budgets);
}

/** No pacing at all (tests against a simulator with quotas off). */
export const unlimitedSheetsLimiter: TSheetsRateLimiter = { acquire: () => Promise.resolve() };

/** The process-wide shared limiter: one budget per service account for every client (and every provider on one limiter). */
export const defaultSheetsLimiter: TSheetsRateLimiter = sheetsLimiterOn(sharedRateLimiter);

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
