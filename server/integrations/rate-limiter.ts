import { createHash } from "node:crypto";

/**
 * One rate limiter for every upstream call (ARCHITECTURE.md, "External systems and their limits"):
 * per key (provider + account), a request budget and a concurrency cap, plus server hints
 * (`Retry-After`, `X-Lognex-Retry-After`) that pause the whole key.
 *
 * Budgets come in the providers' own shapes:
 * - `window`: at most `limit` request units in any `windowMs` (sliding log) — MoySklad 45 / 3 s,
 *   Google Sheets 60 / min, amoCRM 7 / s, Telegram ~30 / s. A sliding window never exceeds a
 *   fixed-window or token-bucket server of the same numbers;
 * - `bucket`: a leaky bucket of `capacity` units draining `drainPerSecond` — Bitrix24 (50, 2 / s).
 *
 * `cost` lets a call site weigh a request (MoySklad charges user tokens and login/password 2–4 units
 * through 2026). Waiters are served first-come first-served per key. This implementation is
 * in-process (one worker process); `TRateLimiter` is the seam for a Postgres-backed one.
 */

export type TWindowBudget = { kind: "window"; limit: number; windowMs: number; maxConcurrent?: number };
export type TBucketBudget = { kind: "bucket"; capacity: number; drainPerSecond: number; maxConcurrent?: number };
export type TRateBudget = TWindowBudget | TBucketBudget;

export type TAcquireOptions = {
  budget: TRateBudget;
  /** Units this request costs (default 1). */
  cost?: number;
  signal?: AbortSignal;
};

export type TRatePermit = {
  /** Frees the concurrency slot (the budget units stay spent). Idempotent. */
  release(): void;
  /** How long the caller waited for this permit, ms. */
  waitedMs: number;
};

export interface TRateLimiter {
  /** Resolves when a request may start; always `release()` the permit when the request is over. */
  acquire(key: string, options: TAcquireOptions): Promise<TRatePermit>;
  /** A server said "wait": nobody on this key starts before `ms` from now. */
  pause(key: string, ms: number): void;
  /** Current usage, for tests and diagnostics. */
  inspect(key: string): { inFlight: number; queued: number; pausedForMs: number; usedUnits: number };
}

/** Documented budgets (ARCHITECTURE.md); call sites may override any field. */
export const RATE_BUDGETS = {
  moysklad: { kind: "window", limit: 45, windowMs: 3000, maxConcurrent: 5 },
  googleSheetsRead: { kind: "window", limit: 60, windowMs: 60_000 },
  googleSheetsWrite: { kind: "window", limit: 60, windowMs: 60_000 },
  amocrm: { kind: "window", limit: 7, windowMs: 1000 },
  bitrix24: { kind: "bucket", capacity: 50, drainPerSecond: 2 },
  telegram: { kind: "window", limit: 30, windowMs: 1000 },
  telegramChat: { kind: "window", limit: 1, windowMs: 1000 },
} as const satisfies Record<string, TRateBudget>;

/**
 * Scales a budget's time by `timeScale` (as the simulators do): 1 = real, 0.01 = 100× faster,
 * 0 = no rate limit at all (concurrency caps stay).
 */
export function scaleBudget<B extends TRateBudget>(budget: B, timeScale: number): B {
  if (budget.kind === "window") return { ...budget, windowMs: budget.windowMs * timeScale };
  return { ...budget, drainPerSecond: timeScale === 0 ? Infinity : budget.drainPerSecond / timeScale };
}

/** A limiter key for a provider account that never contains the secret itself. */
export function rateLimitKey(provider: string, secret: string): string {
  return `${provider}:${createHash("sha256").update(secret).digest("hex").slice(0, 16)}`;
}

type TWaiter = {
  cost: number;
  budget: TRateBudget;
  enqueuedAt: number;
  resolve(permit: TRatePermit): void;
  reject(error: unknown): void;
  onAbort?: () => void;
  signal?: AbortSignal;
};

type TKeyState = {
  queue: TWaiter[];
  inFlight: number;
  /** window: [time, cost] entries inside the window. */
  log: Array<{ at: number; cost: number }>;
  /** bucket: level at `levelAt`. */
  level: number;
  levelAt: number;
  pausedUntil: number;
  timer?: ReturnType<typeof setTimeout>;
  timerAt: number;
};

export type TInProcessRateLimiterOptions = {
  /** Clock (ms); injectable for tests. */
  now?: () => number;
};

export function createInProcessRateLimiter(options: TInProcessRateLimiterOptions = {}): TRateLimiter {
  const now = options.now ?? (() => performance.now());
  const keys = new Map<string, TKeyState>();

  const stateOf = (key: string): TKeyState => {
    let state = keys.get(key);
    if (!state) {
      state = { queue: [], inFlight: 0, log: [], level: 0, levelAt: now(), pausedUntil: 0, timerAt: 0 };
      keys.set(key, state);
    }
    return state;
  };

  /** Milliseconds until `cost` units fit the budget (0 = now). */
  const budgetDelay = (state: TKeyState, budget: TRateBudget, cost: number, t: number): number => {
    if (budget.kind === "window") {
      if (!(budget.windowMs > 0)) return 0;
      while (state.log.length && t - state.log[0].at >= budget.windowMs) state.log.shift();
      let used = 0;
      for (const entry of state.log) used += entry.cost;
      if (used + cost <= budget.limit) return 0;
      // Wait until enough of the oldest entries leave the window.
      let free = budget.limit - used;
      for (const entry of state.log) {
        free += entry.cost;
        if (free >= cost) return Math.max(1, entry.at + budget.windowMs - t);
      }
      return budget.windowMs;
    }
    if (!Number.isFinite(budget.drainPerSecond)) return 0;
    const level = Math.max(0, state.level - ((t - state.levelAt) / 1000) * budget.drainPerSecond);
    state.level = level;
    state.levelAt = t;
    if (level + cost <= budget.capacity) return 0;
    return Math.max(1, Math.ceil(((level + cost - budget.capacity) / budget.drainPerSecond) * 1000));
  };

  /** Spends the units; for windows returns the log entry (re-stamped when the request ends). */
  const spend = (state: TKeyState, budget: TRateBudget, cost: number, t: number) => {
    if (budget.kind === "window") {
      if (!(budget.windowMs > 0)) return undefined;
      const entry = { at: t, cost };
      state.log.push(entry);
      return entry;
    }
    if (Number.isFinite(budget.drainPerSecond)) state.level += cost;
    return undefined;
  };

  /**
   * The server counted the request at some moment between its start and its end: counting it from
   * the end on our side keeps our window at least as strict as the server's.
   */
  const restamp = (state: TKeyState, entry: { at: number; cost: number }, t: number) => {
    const index = state.log.indexOf(entry);
    if (index < 0 || t <= entry.at) return;
    state.log.splice(index, 1);
    entry.at = t;
    let position = state.log.length;
    while (position > 0 && state.log[position - 1].at > t) position--;
    state.log.splice(position, 0, entry);
  };

  const schedule = (key: string, state: TKeyState, delay: number) => {
    const at = now() + delay;
    if (state.timer && state.timerAt <= at) return;
    if (state.timer) clearTimeout(state.timer);
    state.timerAt = at;
    state.timer = setTimeout(() => {
      state.timer = undefined;
      pump(key);
    }, Math.max(1, Math.ceil(delay)));
  };

  const pump = (key: string) => {
    const state = keys.get(key);
    if (!state) return;
    while (state.queue.length) {
      const head = state.queue[0];
      const max = head.budget.maxConcurrent ?? Infinity;
      if (state.inFlight >= max) return; // a release will pump again
      const t = now();
      const paused = state.pausedUntil - t;
      const delay = Math.max(paused, budgetDelay(state, head.budget, head.cost, t));
      if (delay > 0) {
        schedule(key, state, delay);
        return;
      }
      state.queue.shift();
      if (head.signal && head.onAbort) head.signal.removeEventListener("abort", head.onAbort);
      const entry = spend(state, head.budget, head.cost, t);
      state.inFlight++;
      let released = false;
      head.resolve({
        waitedMs: t - head.enqueuedAt,
        release: () => {
          if (released) return;
          released = true;
          if (entry) restamp(state, entry, now());
          state.inFlight--;
          pump(key);
          cleanup(key, state);
        },
      });
    }
    cleanup(key, state);
  };

  /** Forgets idle keys whose budget memory has expired. */
  const cleanup = (key: string, state: TKeyState) => {
    if (state.queue.length || state.inFlight || state.timer) return;
    const t = now();
    const logIdle = state.log.length === 0 || t - state.log[state.log.length - 1].at > 60 * 60_000;
    if (logIdle && state.level <= 0 && state.pausedUntil <= t) keys.delete(key);
  };

  return {
    acquire(key, { budget, cost = 1, signal }) {
      const limit = budget.kind === "window" ? budget.limit : budget.capacity;
      if (cost > limit) return Promise.reject(new RangeError(`request cost ${cost} exceeds the budget (${limit})`));
      if (signal?.aborted) return Promise.reject(signal.reason);
      const state = stateOf(key);
      return new Promise<TRatePermit>((resolve, reject) => {
        const waiter: TWaiter = { cost, budget, enqueuedAt: now(), resolve, reject, signal };
        if (signal) {
          waiter.onAbort = () => {
            const index = state.queue.indexOf(waiter);
            if (index >= 0) state.queue.splice(index, 1);
            reject(signal.reason);
            pump(key);
          };
          signal.addEventListener("abort", waiter.onAbort, { once: true });
        }
        state.queue.push(waiter);
        pump(key);
      });
    },
    pause(key, ms) {
      if (!(ms > 0)) return;
      const state = stateOf(key);
      state.pausedUntil = Math.max(state.pausedUntil, now() + ms);
      if (state.queue.length) schedule(key, state, ms);
    },
    inspect(key) {
      const state = keys.get(key);
      if (!state) return { inFlight: 0, queued: 0, pausedForMs: 0, usedUnits: 0 };
      return {
        inFlight: state.inFlight,
        queued: state.queue.length,
        pausedForMs: Math.max(0, state.pausedUntil - now()),
        usedUnits: state.log.reduce((sum, e) => sum + e.cost, 0) + state.level,
      };
    },
  };
}

/** The worker process's shared limiter (every integration client uses it unless given another). */
export const sharedRateLimiter: TRateLimiter = createInProcessRateLimiter();

/** Runs `fn` under a permit, releasing it however `fn` ends. */
export async function withRateLimit<T>(
  limiter: TRateLimiter,
  key: string,
  options: TAcquireOptions,
  fn: () => Promise<T>,
): Promise<T> {
  const permit = await limiter.acquire(key, options);
  try {
    return await fn();
  } finally {
    permit.release();
  }
}
