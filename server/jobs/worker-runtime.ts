/**
 * graphile-worker runtime: runs every job definition on the app's Postgres.
 *   - one graphile task per definition id; cron definitions go to the crontab (system runs, no JobRun);
 *   - tenant runs: JobRun loaded in tenant context, marked running (attempts+1, heartbeat every 10 s), steps
 *     memoized in JobRun.stepState, retries/sleeps re-enqueue the run (see execute-run.ts);
 *   - graceful stop: `stop()` (SIGTERM in scripts/worker.ts) lets running jobs reach their next step
 *     boundary; interrupted runs go back to the queue and resume.
 * graphile-worker's own schema is created with the owner connection (DATABASE_URL); all JobRun access goes
 * through the app role (server/db.ts).
 */
import { run, parseCronItems, type JobHelpers, type Runner, type Task, type TaskList } from "graphile-worker";
import { getEnv } from "../env";
import { logger } from "../logger";
import { cronOf, type TCronJobDefinition, type TEventJobDefinition, type TJobDefinition } from "../../inngest/define";
import { EVENTS } from "../../inngest/events";
import { jobDefinitions } from "../../inngest/functions";
import { JobInterruptedSignal, JobSleepSignal, JobLostSignal } from "./errors";
import { enqueueRunJob, queueNameFor, type TRunJobPayload } from "./enqueue";
import { executeSystemRun, executeTenantRun, type TStepDriver } from "./execute-run";
import { graphileLogger } from "./graphile-logger";
import {
  addRunEvent, cancelActiveRun, failActiveRun, loadJobRun, markRunning, saveStepState, toJson,
} from "./job-run-store";
import { ensureJobQueueSchema } from "./queue-schema";

/** Pauses up to this long wait in-process; longer ones end the execution and resume from the queue. */
export const IN_PROCESS_SLEEP_MAX_MS = 30_000;

export type TStartWorkerOptions = {
  /** Parallel jobs in this process (default WORKER_CONCURRENCY). */
  concurrency?: number;
  /** Defaults to the registry (inngest/functions). */
  definitions?: readonly TJobDefinition[];
  /** Poll interval for future jobs (retries, pauses), ms (graphile default 2000). */
  pollInterval?: number;
  /** Base of the exponential retry backoff, ms (default 10 s: 10 s, 20 s, 40 s…). */
  retryBaseMs?: number;
  /** Run the crontab in this process (default true). */
  cron?: boolean;
  /** Pauses longer than this end the execution and resume from the queue (default IN_PROCESS_SLEEP_MAX_MS). */
  inProcessSleepMaxMs?: number;
  /** On stop(): how long running jobs may continue before they are asked to stop at their next step (default 5 s). */
  shutdownAbortMs?: number;
};

export type TWorkerHandle = {
  /** Graceful: stop taking jobs, let running ones reach a step boundary (≈5 s), resolve when done. */
  stop(): Promise<void>;
  /** Forceful: fail running jobs back to the queue immediately. */
  kill(): Promise<void>;
  /** Resolves when the worker has stopped. */
  promise: Promise<void>;
  runner: Runner | null;
};

type TMemo = { v: unknown } | { sleepUntil: string };

function delay(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new JobInterruptedSignal());
    const t = setTimeout(() => { signal?.removeEventListener("abort", onAbort); resolve(); }, ms);
    const onAbort = () => { clearTimeout(t); reject(new JobInterruptedSignal()); };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

function graphileDriver(opts: {
  companyId: string;
  runId: string;
  attempt: number;
  stepState: Record<string, TMemo>;
  abortSignal: AbortSignal;
  inProcessSleepMaxMs: number;
}): TStepDriver {
  const { companyId, runId, attempt, stepState } = opts;
  // Writes are chained so that parallel steps (Promise.all) can never commit an older snapshot last.
  let chain: Promise<unknown> = Promise.resolve();
  const persist = (): Promise<void> => {
    const next = chain.catch(() => {}).then(async () => {
      if (!(await saveStepState({ companyId, id: runId, attempt, stepState }))) throw new JobLostSignal();
    });
    chain = next;
    return next;
  };
  return {
    async run(id, cb) {
      const memo = stepState[id];
      if (memo && "v" in memo) return memo.v;
      const value = toJson(await cb());
      stepState[id] = { v: value };
      await persist();
      return value;
    },
    async sleep(id, ms) {
      const memo = stepState[id];
      if (memo && "v" in memo) return;
      let until: Date;
      if (memo && "sleepUntil" in memo) {
        until = new Date(memo.sleepUntil);
      } else {
        until = new Date(Date.now() + ms);
        stepState[id] = { sleepUntil: until.toISOString() };
        await persist();
        await addRunEvent(companyId, runId, { step: id, message: `Пауза «${id}»: ${Math.round(ms / 1000)} с` });
      }
      const remaining = until.getTime() - Date.now();
      if (remaining > opts.inProcessSleepMaxMs) throw new JobSleepSignal(until);
      if (remaining > 0) await delay(remaining, opts.abortSignal);
      stepState[id] = { v: null };
      await persist();
    },
  };
}

type TTaskOptions = { retryBaseMs?: number; inProcessSleepMaxMs?: number };

function makeEventTask(def: TEventJobDefinition, topts: TTaskOptions): Task {
  return async (rawPayload: unknown, helpers: JobHelpers) => {
    const payload = rawPayload as TRunJobPayload;
    const { jobRunId, companyId } = payload;
    const row = await loadJobRun(companyId, jobRunId);
    if (!row) {
      helpers.logger.warn(`JobRun ${jobRunId} not found: job dropped`);
      return;
    }
    if (row.status !== "queued" && row.status !== "running") return; // finished, failed or cancelled meanwhile
    if (row.cancelRequestedAt) {
      await cancelActiveRun(companyId, jobRunId);
      return;
    }
    const parsed = EVENTS[def.trigger.event].safeParse(row.input);
    if (!parsed.success) {
      await failActiveRun(companyId, jobRunId, "Некорректные данные задачи: запуск невозможен", "BAD_REQUEST");
      return;
    }
    const data = parsed.data as Record<string, unknown>;
    const isResume = payload.reason === "resume";
    const attempt = isResume ? Math.max(1, row.attempts) : row.attempts + 1;
    if (attempt > row.maxAttempts) {
      await failActiveRun(companyId, jobRunId, row.error ?? "Попытки исчерпаны", row.errorKind ?? "exhausted");
      return;
    }
    if (!(await markRunning({ companyId, id: jobRunId, attempt, startedAt: row.startedAt }))) return;
    const stepState = (row.stepState && typeof row.stepState === "object" ? row.stepState : {}) as Record<string, TMemo>;
    const done = Object.values(stepState).filter((m) => "v" in m).length;
    if (!isResume) {
      await addRunEvent(companyId, jobRunId, {
        message: `Запуск: попытка ${attempt} из ${row.maxAttempts}${done > 0 ? `, продолжение (уже выполнено шагов: ${done})` : ""}`,
      });
    }
    const outcome = await executeTenantRun({
      def,
      runtime: "graphile",
      runId: jobRunId,
      companyId,
      event: { name: def.trigger.event, data },
      attempt,
      maxAttempts: row.maxAttempts,
      fenceAttempt: attempt,
      counters: (row.counters && typeof row.counters === "object" ? row.counters : {}) as Record<string, number>,
      driver: graphileDriver({
        companyId, runId: jobRunId, attempt, stepState, abortSignal: helpers.abortSignal,
        inProcessSleepMaxMs: topts.inProcessSleepMaxMs ?? IN_PROCESS_SLEEP_MAX_MS,
      }),
      heartbeat: "execution",
      abortSignal: helpers.abortSignal,
      retryBaseMs: topts.retryBaseMs,
      requeue: (tx, { runAt, reason }) =>
        enqueueRunJob(tx, { taskId: def.id, jobRunId, companyId, queueName: queueNameFor(def, data), runAt, reason }),
    });
    helpers.logger.debug(`JobRun ${jobRunId}: ${outcome.kind}`);
  };
}

function makeCronTask(def: TCronJobDefinition): Task {
  return async (rawPayload: unknown, helpers: JobHelpers) => {
    const ts = (rawPayload as { _cron?: { ts?: string } } | null)?._cron?.ts ?? new Date().toISOString();
    const memo = new Map<string, unknown>();
    await executeSystemRun({
      def,
      runtime: "graphile",
      runId: String(helpers.job.id),
      ts,
      attempt: helpers.job.attempts,
      driver: {
        async run(id, cb) {
          if (memo.has(id)) return memo.get(id);
          const value = toJson(await cb());
          memo.set(id, value);
          return value;
        },
        sleep: (_id, ms) => delay(ms, helpers.abortSignal),
      },
    });
  };
}

export function buildTaskList(defs: readonly TJobDefinition[], topts: TTaskOptions = {}): TaskList {
  const tasks: TaskList = {};
  for (const def of defs) {
    if (tasks[def.id]) throw new Error(`Duplicate job id: ${def.id}`);
    tasks[def.id] = def.kind === "event" ? makeEventTask(def, topts) : makeCronTask(def);
  }
  return tasks;
}

export function buildCronItems(defs: readonly TJobDefinition[]) {
  return parseCronItems(
    defs
      .filter((d): d is TCronJobDefinition => d.kind === "cron")
      .map((d) => ({
        task: d.id,
        match: cronOf(d),
        identifier: d.id,
        options: { backfillPeriod: 0, maxAttempts: d.retries + 1, jobKey: `pult:cron:${d.id}`, jobKeyMode: "replace" as const },
      })),
  );
}

export async function startWorker(opts: TStartWorkerOptions = {}): Promise<TWorkerHandle> {
  const env = getEnv();
  if (env.inngestEnabled) {
    logger.warn("Inngest is configured: background jobs run through /api/inngest, the graphile worker stays off");
    return { stop: async () => {}, kill: async () => {}, promise: Promise.resolve(), runner: null };
  }
  await ensureJobQueueSchema();
  const defs = opts.definitions ?? jobDefinitions;
  const concurrency = opts.concurrency ?? env.WORKER_CONCURRENCY;
  const runner = await run({
    connectionString: env.DATABASE_URL,
    concurrency,
    maxPoolSize: Math.max(10, concurrency + 2),
    pollInterval: opts.pollInterval,
    noHandleSignals: true,
    gracefulShutdownAbortTimeout: opts.shutdownAbortMs ?? 5_000,
    logger: graphileLogger,
    taskList: buildTaskList(defs, { retryBaseMs: opts.retryBaseMs, inProcessSleepMaxMs: opts.inProcessSleepMaxMs }),
    parsedCronItems: opts.cron === false ? [] : buildCronItems(defs),
  });
  logger.info({ concurrency, jobs: defs.map((d) => d.id) }, "graphile worker started");
  let stopped: Promise<void> | null = null;
  return {
    runner,
    promise: runner.promise,
    stop: () => (stopped ??= runner.stop().catch((err) => { logger.warn({ err }, "worker stop"); })),
    kill: () => runner.kill().catch((err) => { logger.warn({ err }, "worker kill"); }),
  };
}
