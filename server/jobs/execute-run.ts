/**
 * The shared run wrapper: both runtimes (graphile-worker and Inngest) execute a definition through here, so
 * JobRun / JobRunEvent bookkeeping, step logging, cancellation, failure classification and retry decisions
 * are written once. A runtime supplies a `TStepDriver` (how a step is memoized and how a pause happens) and,
 * for graphile, `requeue` (how a run goes back to the queue, inside the same transaction as its status).
 */
import type { TTx } from "../db";
import { logger } from "../logger";
import type {
  TCronJobDefinition, TEventJobDefinition, TJobLogLevel, TJobRuntimeName, TRunContext, TStepTools,
} from "../../inngest/define";
import type { TOutgoingEvent } from "../../inngest/events";
import {
  JobCancelledSignal, JobInterruptedSignal, JobLostSignal, JobSleepSignal, backoffMs, describeJobError,
  errorKindOf, isControlSignal, isPermanentError, retryAfterMsOf,
} from "./errors";
import {
  addRunEvent, finishRun, isCancelRequested, loadJobRun, markStepStarted, readRunControl, setRunProgress, touchHeartbeat,
} from "./job-run-store";
import { sendEvent } from "./send-event";

export const HEARTBEAT_INTERVAL_MS = 10_000;

export type TStepDriver = {
  /** Runs `cb` unless the runtime already holds a result for `id`; resolves to the JSON result. */
  run(id: string, cb: () => Promise<unknown>): Promise<unknown>;
  /** A durable pause. */
  sleep(id: string, ms: number): Promise<void>;
};

export type TRequeueReason = "start" | "resume";
/** graphile only: put the run back into the queue (called inside the transaction that updates its status). */
export type TRequeueFn = (tx: TTx, opts: { runAt: Date; reason: TRequeueReason }) => Promise<void>;

export type TRunOutcome =
  | { kind: "succeeded"; result: unknown }
  | { kind: "cancelled" }
  | { kind: "failed"; reason: string }
  | { kind: "retry"; reason: string; error: unknown; delayMs: number | null }
  | { kind: "sleep"; until: Date }
  | { kind: "interrupted" }
  | { kind: "lost" };

export type TExecuteTenantRunOptions = {
  def: TEventJobDefinition;
  runtime: TJobRuntimeName;
  runId: string;
  companyId: string;
  event: { name: string; data: Record<string, unknown> };
  /** 1-based attempt of this execution and the run's limit. */
  attempt: number;
  maxAttempts: number;
  /** graphile: the attempt number that fences this execution's writes; Inngest: null. */
  fenceAttempt: number | null;
  counters: Record<string, number>;
  driver: TStepDriver;
  /** "execution": heartbeat for the whole execution (graphile); "step": only while a step callback runs (Inngest). */
  heartbeat: "execution" | "step";
  abortSignal?: AbortSignal;
  requeue?: TRequeueFn;
  retryBaseMs?: number;
};

/** Ids must be unique within a run: a repeated id gets a ":2", ":3"… suffix (as Inngest does). */
function uniqueIds() {
  const seen = new Map<string, number>();
  return (id: string): string => {
    const n = (seen.get(id) ?? 0) + 1;
    seen.set(id, n);
    return n === 1 ? id : `${id}:${n}`;
  };
}

function startHeartbeat(companyId: string, runId: string, fenceAttempt: number | null, onLost: () => void) {
  const timer = setInterval(() => {
    touchHeartbeat(companyId, runId, fenceAttempt)
      .then((ok) => { if (!ok) onLost(); })
      .catch((err) => logger.warn({ err, runId }, "job heartbeat failed"));
  }, HEARTBEAT_INTERVAL_MS);
  timer.unref?.();
  return { stop: () => clearInterval(timer) };
}

function clampProgress(pct: number): number {
  if (!Number.isFinite(pct)) return 0;
  return Math.max(0, Math.min(100, Math.round(pct)));
}

/** Sends events from inside a run: once per step id, with derived idempotency keys so a replay creates nothing new. */
async function sendEventsFromRun(opts: {
  parentRunId: string;
  stepId: string;
  companyId: string | null;
  events: readonly TOutgoingEvent[];
}): Promise<{ runIds: string[] }> {
  const runIds: string[] = [];
  for (const [i, ev] of opts.events.entries()) {
    if (opts.companyId !== null && ev.data.companyId !== opts.companyId) {
      throw Object.assign(new Error("A tenant job may only send events of its own company"), { retryable: false });
    }
    const ids = await sendEvent(null, {
      name: ev.name,
      data: ev.data,
      trigger: "event",
      idempotencyKey: ev.idempotencyKey ?? `${opts.parentRunId}:${opts.stepId}:${i}`,
    } as Parameters<typeof sendEvent>[1]);
    runIds.push(...ids);
  }
  return { runIds };
}

/** Executes one attempt of a tenant run. Returns what happened; all JobRun writes are done here. */
export async function executeTenantRun(o: TExecuteTenantRunOptions): Promise<TRunOutcome> {
  const { companyId, runId, fenceAttempt } = o;
  const nextId = uniqueIds();
  const counters = { ...o.counters };
  let lost = false;
  const execHeartbeat = o.heartbeat === "execution" ? startHeartbeat(companyId, runId, fenceAttempt, () => { lost = true; }) : null;

  const checkpoint = async () => {
    if (o.abortSignal?.aborted) throw new JobInterruptedSignal();
    if (lost) throw new JobLostSignal();
    const c = await readRunControl(companyId, runId, fenceAttempt);
    if (c.lost) throw new JobLostSignal();
    if (c.cancelRequested) throw new JobCancelledSignal();
  };

  const runStep = async (id: string, fn: () => unknown): Promise<unknown> => {
    await checkpoint();
    return o.driver.run(id, async () => {
      if (!(await markStepStarted(companyId, runId, fenceAttempt, id))) throw new JobLostSignal();
      const stepHeartbeat = o.heartbeat === "step" ? startHeartbeat(companyId, runId, fenceAttempt, () => { lost = true; }) : null;
      const t0 = Date.now();
      try {
        const value = await fn();
        await addRunEvent(companyId, runId, { step: id, message: `Шаг «${id}» выполнен`, data: { durationMs: Date.now() - t0 } });
        return value;
      } catch (err) {
        if (!isControlSignal(err)) {
          await addRunEvent(companyId, runId, { level: "error", step: id, message: `Шаг «${id}»: ${describeJobError(err)}` }).catch(() => {});
          // On Inngest the step error surfaces in a later invocation (after Inngest's own retries), without the
          // original error object: decide the run's fate here, where the error is known.
          if (o.runtime === "inngest") await settle(err).catch((e) => logger.error({ err: e, runId }, "job settle failed"));
        }
        throw err;
      } finally {
        stepHeartbeat?.stop();
      }
    });
  };

  const step: TStepTools = {
    run: ((id: string, fn: () => unknown) => runStep(nextId(id), fn)) as TStepTools["run"],
    sleep: async (id, ms) => {
      const sid = nextId(id);
      await checkpoint();
      await o.driver.sleep(sid, Math.max(0, Math.round(ms)));
    },
    sendEvent: async (id, events) => {
      const sid = nextId(id);
      const list = (Array.isArray(events) ? events : [events]) as readonly TOutgoingEvent[];
      return (await runStep(sid, () => sendEventsFromRun({ parentRunId: runId, stepId: sid, companyId, events: list }))) as { runIds: string[] };
    },
  };

  const run: TRunContext<string> = {
    id: runId,
    companyId,
    runtime: o.runtime,
    attempt: o.attempt,
    progress: async (pct, more) => {
      if (more) Object.assign(counters, more);
      const ok = await setRunProgress({ companyId, id: runId, attempt: fenceAttempt, progress: clampProgress(pct), counters: more ? counters : undefined });
      if (!ok) { lost = true; throw new JobLostSignal(); }
    },
    log: async (message: string, data?: unknown, level: TJobLogLevel = "info") => {
      await addRunEvent(companyId, runId, { level, message, data });
    },
    isCancelRequested: () => isCancelRequested(companyId, runId),
  };

  let settledOutcome: TRunOutcome | null = null;

  /** Records the fate of the run after an error (idempotent within one execution). */
  async function settle(err: unknown): Promise<TRunOutcome> {
    if (settledOutcome) return settledOutcome;
    execHeartbeat?.stop();
    const finish = (f: Parameters<typeof finishRun>[0]["finish"], event: Parameters<typeof finishRun>[0]["event"], then?: (tx: TTx) => Promise<void>) =>
      finishRun({ companyId, id: runId, attempt: fenceAttempt, finish: f, event, then });
    let outcome: TRunOutcome;
    if (err instanceof JobLostSignal) {
      outcome = { kind: "lost" };
    } else if (err instanceof JobCancelledSignal) {
      const ok = await finish({ status: "cancelled" }, { level: "warn", message: "Задача отменена пользователем" });
      outcome = ok ? { kind: "cancelled" } : { kind: "lost" };
    } else if (err instanceof JobInterruptedSignal) {
      const ok = await finish(
        { status: "queued", heartbeatAt: null },
        { level: "warn", message: "Обработчик останавливается: задача продолжится после перезапуска" },
        o.requeue ? (tx) => o.requeue!(tx, { runAt: new Date(), reason: "resume" }) : undefined,
      );
      outcome = ok ? { kind: "interrupted" } : { kind: "lost" };
    } else if (err instanceof JobSleepSignal) {
      const until = err.until;
      const ok = await finish(
        { status: "sleeping", until },
        { message: `Пауза до ${until.toISOString()}: задача продолжится автоматически` },
        o.requeue ? (tx) => o.requeue!(tx, { runAt: until, reason: "resume" }) : undefined,
      );
      outcome = ok ? { kind: "sleep", until } : { kind: "lost" };
    } else {
      const reason = describeJobError(err);
      const errorKind = errorKindOf(err);
      if (isPermanentError(err)) {
        const ok = await finish({ status: "failed", error: reason, errorKind }, { level: "error", message: `Ошибка без повтора: ${reason}` });
        outcome = ok ? { kind: "failed", reason } : { kind: "lost" };
      } else if (o.attempt >= o.maxAttempts) {
        const ok = await finish(
          { status: "failed", error: reason, errorKind },
          { level: "error", message: `Попытки исчерпаны (${o.attempt} из ${o.maxAttempts}): ${reason}` },
        );
        outcome = ok ? { kind: "failed", reason } : { kind: "lost" };
      } else {
        const delayMs = o.runtime === "graphile" ? (retryAfterMsOf(err) ?? backoffMs(o.attempt, o.retryBaseMs ?? 10_000)) : null;
        const when = delayMs === null ? "повтор будет выполнен автоматически" : `повтор через ${Math.max(1, Math.round(delayMs / 1000))} с`;
        const ok = await finish(
          { status: "queued", error: reason, errorKind, heartbeatAt: null },
          { level: "warn", message: `Ошибка (попытка ${o.attempt} из ${o.maxAttempts}), ${when}: ${reason}` },
          o.requeue && delayMs !== null ? (tx) => o.requeue!(tx, { runAt: new Date(Date.now() + delayMs), reason: "start" }) : undefined,
        );
        outcome = ok ? { kind: "retry", reason, error: err, delayMs } : { kind: "lost" };
      }
    }
    settledOutcome = outcome;
    return outcome;
  }

  try {
    const result = await o.def.handler({ event: o.event as never, step, run });
    execHeartbeat?.stop();
    const c = await readRunControl(companyId, runId, fenceAttempt);
    if (c.lost) return { kind: "lost" };
    if (c.cancelRequested) return await settle(new JobCancelledSignal());
    const ok = await finishRun({
      companyId, id: runId, attempt: fenceAttempt,
      finish: { status: "succeeded", result },
      event: { message: "Задача выполнена" },
    });
    return ok ? { kind: "succeeded", result } : { kind: "lost" };
  } catch (err) {
    if (settledOutcome) return settledOutcome;
    // Inngest: a step that failed in an earlier invocation was settled there; trust the stored status.
    if (o.runtime === "inngest" && (err as { name?: string } | null)?.name === "StepError") {
      const row = await loadJobRun(companyId, runId);
      if (row?.status === "failed") return { kind: "failed", reason: row.error ?? describeJobError(err) };
      if (row?.status === "cancelled") return { kind: "cancelled" };
    }
    return await settle(err);
  } finally {
    execHeartbeat?.stop();
  }
}

// ── System (cron) runs: no company, no JobRun row; logs go to the process logger ────────────────────────

export type TExecuteSystemRunOptions = {
  def: TCronJobDefinition;
  runtime: TJobRuntimeName;
  runId: string;
  ts: string;
  attempt: number;
  driver: TStepDriver;
};

export async function executeSystemRun(o: TExecuteSystemRunOptions): Promise<unknown> {
  const nextId = uniqueIds();
  const log = logger.child({ job: o.def.id, runId: o.runId, runtime: o.runtime });
  const step: TStepTools = {
    run: ((id: string, fn: () => unknown) => o.driver.run(nextId(id), async () => fn())) as TStepTools["run"],
    sleep: (id, ms) => o.driver.sleep(nextId(id), Math.max(0, Math.round(ms))),
    sendEvent: async (id, events) => {
      const sid = nextId(id);
      const list = (Array.isArray(events) ? events : [events]) as readonly TOutgoingEvent[];
      return (await o.driver.run(sid, () => sendEventsFromRun({ parentRunId: `${o.def.id}:${o.ts}`, stepId: sid, companyId: null, events: list }))) as { runIds: string[] };
    },
  };
  const run: TRunContext<null> = {
    id: o.runId,
    companyId: null,
    runtime: o.runtime,
    attempt: o.attempt,
    progress: async () => {},
    log: async (message, data, level = "info") => { log[level]({ data }, message); },
    isCancelRequested: async () => false,
  };
  return o.def.handler({ event: { name: "cron", data: { ts: o.ts } }, step, run });
}
