/**
 * Failure classification for background jobs: permanent errors stop a run at once (shown to the user with
 * the reason), everything else is temporary and retried with exponential backoff.
 */
import { isAppError } from "../errors";

const PERMANENT_APP_CODES = new Set(["BAD_REQUEST", "PRECONDITION_FAILED"]);
const PERMANENT_UPSTREAM_KINDS = new Set(["auth", "forbidden", "invalid_config"]);

type TErrorLike = {
  name?: unknown;
  message?: unknown;
  retryable?: unknown;
  kind?: unknown;
  userMessage?: unknown;
  retryAfterMs?: unknown;
};

function asRecord(err: unknown): TErrorLike | null {
  return err && typeof err === "object" ? (err as TErrorLike) : null;
}

/** True when retrying cannot help: bad credentials, forbidden, invalid configuration or input. */
export function isPermanentError(err: unknown): boolean {
  const e = asRecord(err);
  if (!e) return false;
  if (e.retryable === false) return true;
  if (e.retryable === true) return false;
  if (isAppError(err)) return PERMANENT_APP_CODES.has(err.code);
  if (e.name === "UpstreamError" && typeof e.kind === "string") return PERMANENT_UPSTREAM_KINDS.has(e.kind);
  if (e.name === "NonRetriableError" || e.name === "ZodError") return true;
  return false;
}

/** The Russian reason shown on the job-runs page. */
export function describeJobError(err: unknown): string {
  const e = asRecord(err);
  if (e && typeof e.userMessage === "string" && e.userMessage) return e.userMessage;
  if (e?.name === "ZodError") return "Некорректные данные задачи";
  const message = e && typeof e.message === "string" && e.message ? e.message : String(err);
  return `Внутренняя ошибка: ${message}`.slice(0, 2000);
}

export function errorKindOf(err: unknown): string {
  const e = asRecord(err);
  if (isAppError(err)) return err.code;
  if (e?.name === "UpstreamError" && typeof e.kind === "string") return `upstream:${e.kind}`;
  return typeof e?.name === "string" ? e.name : "Error";
}

/** A delay the error asks for (e.g. an upstream Retry-After), in ms. */
export function retryAfterMsOf(err: unknown): number | null {
  const v = asRecord(err)?.retryAfterMs;
  return typeof v === "number" && Number.isFinite(v) && v >= 0 ? v : null;
}

/** Exponential backoff with ±20 % jitter: base·2^(attempt−1), capped. `attempt` is the one that just failed (1-based). */
export function backoffMs(attempt: number, baseMs: number, capMs = 30 * 60_000): number {
  const raw = Math.min(capMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(raw * (0.8 + Math.random() * 0.4));
}

// ── Control-flow signals thrown inside a run (never shown to users) ──────────────────────────────────────

/** The user asked to cancel the run. */
export class JobCancelledSignal extends Error {
  constructor() {
    super("Job run cancelled");
    this.name = "JobCancelledSignal";
  }
}

/** Another execution took the run over (the sweeper re-queued it): stop without writing anything. */
export class JobLostSignal extends Error {
  constructor() {
    super("Job run was taken over by another execution");
    this.name = "JobLostSignal";
  }
}

/** The worker is shutting down: stop at a step boundary and continue later. */
export class JobInterruptedSignal extends Error {
  constructor() {
    super("Job run interrupted by worker shutdown");
    this.name = "JobInterruptedSignal";
  }
}

/** A long `step.sleep`: end this execution and resume at `until`. */
export class JobSleepSignal extends Error {
  constructor(readonly until: Date) {
    super(`Job run sleeps until ${until.toISOString()}`);
    this.name = "JobSleepSignal";
  }
}

export function isControlSignal(err: unknown): boolean {
  return err instanceof JobCancelledSignal || err instanceof JobLostSignal || err instanceof JobInterruptedSignal || err instanceof JobSleepSignal;
}
