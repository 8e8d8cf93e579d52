/**
 * The stale-run sweeper (system operation, all companies). A run whose worker died stays "running" with an
 * old heartbeat; its graphile job stays locked by the dead worker (and, for serial queues, so does the whole
 * company queue). For each such run the sweeper
 *   1. releases the dead worker's locks (graphile_worker.force_unlock_workers),
 *   2. re-queues the run when attempts remain (it resumes from its memoized steps), else fails it with
 *      «Обработчик остановился во время выполнения (нет сигнала N с)».
 * It also re-enqueues "queued" runs that lost their graphile job.
 *
 * On Inngest, Inngest owns liveness and retries (final failures reach JobRun through onFailure): nothing to do.
 */
import { withSystem, type TTx } from "../db";
import { getEnv } from "../env";
import { logger } from "../logger";
import type { TEventJobDefinition, TJobRuntimeName } from "../../inngest/define";
import { enqueueRunJob, jobKeyForRun, queueNameFor } from "./enqueue";
import { jobDefinitions } from "../../inngest/functions";

export type TSweepResult = { requeued: string[]; failed: string[]; releasedWorkers: string[]; skipped?: string };

type TCandidate = {
  id: string;
  companyId: string;
  type: string;
  attempts: number;
  maxAttempts: number;
  input: unknown;
  silentSeconds: number;
};

function definitionOf(type: string): TEventJobDefinition | undefined {
  return jobDefinitions.find((d): d is TEventJobDefinition => d.kind === "event" && d.id === type);
}

export function staleReason(silentSeconds: number): string {
  return `Обработчик остановился во время выполнения (нет сигнала ${Math.max(0, Math.round(silentSeconds))} с)`;
}

async function requeueOrFail(tx: TTx, run: TCandidate, reason: string, result: TSweepResult): Promise<void> {
  const def = definitionOf(run.type);
  const now = new Date();
  if (def && run.attempts < run.maxAttempts) {
    await tx.jobRun.update({
      where: { id: run.id },
      data: { status: "queued", heartbeatAt: null, error: reason, errorKind: "stale" },
    });
    await tx.jobRunEvent.create({
      data: { companyId: run.companyId, jobRunId: run.id, level: "warn", message: `${reason}; задача снова поставлена в очередь и продолжится с последнего выполненного шага` },
    });
    await enqueueRunJob(tx, {
      taskId: def.id,
      jobRunId: run.id,
      companyId: run.companyId,
      queueName: queueNameFor(def, (run.input ?? {}) as Record<string, unknown>),
      reason: "start",
    });
    result.requeued.push(run.id);
  } else {
    const why = def ? reason : `${reason}; тип задачи «${run.type}» больше не существует`;
    await tx.jobRun.update({
      where: { id: run.id },
      data: { status: "failed", error: why, errorKind: "stale", finishedAt: now },
    });
    await tx.jobRunEvent.create({ data: { companyId: run.companyId, jobRunId: run.id, level: "error", message: why } });
    await tx.$queryRaw`SELECT graphile_worker.remove_job(${jobKeyForRun(run.id)}::text) IS NOT NULL AS removed`;
    result.failed.push(run.id);
  }
}

export async function sweepStaleRuns(opts: { runtime: TJobRuntimeName; staleAfterSeconds?: number; limit?: number }): Promise<TSweepResult> {
  const result: TSweepResult = { requeued: [], failed: [], releasedWorkers: [] };
  if (opts.runtime !== "graphile") return { ...result, skipped: "inngest" };
  const staleAfter = opts.staleAfterSeconds ?? getEnv().JOB_STALE_AFTER_SECONDS;
  const limit = opts.limit ?? 200;

  await withSystem(async (tx) => {
    const stale = await tx.$queryRaw<TCandidate[]>`
      SELECT id::text AS id, "companyId"::text AS "companyId", type, attempts, "maxAttempts", input,
             EXTRACT(EPOCH FROM (now() - coalesce("heartbeatAt", "updatedAt")))::float8 AS "silentSeconds"
        FROM "JobRun"
       WHERE status = 'running'
         AND coalesce("heartbeatAt", "updatedAt") < now() - make_interval(secs => ${staleAfter}::int)
       ORDER BY coalesce("heartbeatAt", "updatedAt")
       LIMIT ${limit}::int
       FOR UPDATE SKIP LOCKED`;

    if (stale.length > 0) {
      // The workers that hold these runs' jobs are gone: release everything they locked (jobs and queues).
      const keys = stale.map((r) => jobKeyForRun(r.id));
      const lockers = await tx.$queryRaw<{ locked_by: string }[]>`
        SELECT DISTINCT locked_by FROM graphile_worker._private_jobs
         WHERE key = ANY(${keys}::text[]) AND locked_by IS NOT NULL`;
      const workerIds = lockers.map((l) => l.locked_by);
      if (workerIds.length > 0) {
        await tx.$queryRaw`SELECT graphile_worker.force_unlock_workers(${workerIds}::text[])::text AS ok`;
        result.releasedWorkers.push(...workerIds);
      }
      for (const run of stale) await requeueOrFail(tx, run, staleReason(run.silentSeconds), result);
    }

    // Queued runs whose graphile job is gone or permanently failed (e.g. the task wrapper itself kept crashing).
    const orphaned = await tx.$queryRaw<TCandidate[]>`
      SELECT r.id::text AS id, r."companyId"::text AS "companyId", r.type, r.attempts, r."maxAttempts", r.input, 0::float8 AS "silentSeconds"
        FROM "JobRun" r
       WHERE r.status = 'queued'
         AND r."updatedAt" < now() - make_interval(secs => ${staleAfter}::int)
         AND NOT EXISTS (
           SELECT 1 FROM graphile_worker._private_jobs j
            WHERE j.key = 'pult:run:' || r.id::text AND (j.attempts < j.max_attempts OR j.locked_at IS NOT NULL))
       LIMIT ${limit}::int
       FOR UPDATE OF r SKIP LOCKED`;
    for (const run of orphaned) {
      await requeueOrFail(tx, { ...run, attempts: Math.min(run.attempts, run.maxAttempts - 1) }, "Задача потеряла место в очереди", result);
    }
  }, { timeout: 60_000 });

  if (result.requeued.length || result.failed.length) logger.warn(result, "stale job runs swept");
  return result;
}
