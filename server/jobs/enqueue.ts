/**
 * graphile-worker queue operations done through the caller's transaction (the transactional outbox):
 * `graphile_worker.add_job` runs on the same connection as the business change, so the job exists if and
 * only if the change commits. The app role `pult_app` may call it thanks to prisma/sql/graphile-grants.sql.
 *
 * One graphile job per JobRun at a time: job_key = "pult:run:<JobRun id>". Re-adding with the same key while
 * the old job is still locked (e.g. by a dead worker) makes graphile-worker retire the old job and insert a
 * fresh one — that is how the stale-run sweeper re-queues.
 */
import type { TTx } from "../db";
import type { TEventJobDefinition } from "../../inngest/define";
import type { TRequeueReason } from "./execute-run";

export const WORKER_SCHEMA = "graphile_worker";
/** graphile-level attempts of one job: only infrastructure failures of our own task wrapper use them. */
export const GRAPHILE_JOB_MAX_ATTEMPTS = 3;

export type TRunJobPayload = { jobRunId: string; companyId: string; reason: TRequeueReason };

export function jobKeyForRun(jobRunId: string): string {
  return `pult:run:${jobRunId}`;
}

/** `concurrency: { key, limit: 1 }` → one serial graphile queue per job type and key value. */
export function queueNameFor(def: TEventJobDefinition, data: Record<string, unknown>): string | null {
  const c = def.concurrency;
  if (!c || c.limit !== 1) return null;
  const value = data[c.key];
  if (value === undefined || value === null || value === "") return null;
  return `${def.id}:${String(value)}`.slice(0, 128);
}

type TRunJobSpec = { taskId: string; jobRunId: string; companyId: string; queueName: string | null; runAt?: Date | null; reason: TRequeueReason };

/** Many jobs in one statement (`graphile_worker.add_jobs`), each as enqueueRunJob adds it. */
export async function enqueueRunJobs(tx: TTx, jobs: TRunJobSpec[]): Promise<void> {
  if (jobs.length === 0) return;
  const specs = jobs.map((j) => ({
    identifier: j.taskId,
    payload: { jobRunId: j.jobRunId, companyId: j.companyId, reason: j.reason } satisfies TRunJobPayload,
    queue_name: j.queueName,
    run_at: j.runAt ? j.runAt.toISOString() : null,
    max_attempts: GRAPHILE_JOB_MAX_ATTEMPTS,
    job_key: jobKeyForRun(j.jobRunId),
  }));
  await tx.$queryRaw`
    SELECT count(*)::int AS n FROM graphile_worker.add_jobs(ARRAY(
      SELECT ROW(s.identifier, s.payload, s.queue_name, s.run_at, s.max_attempts, s.job_key, NULL, NULL)::graphile_worker.job_spec
      FROM json_to_recordset(${JSON.stringify(specs)}::json) AS s(identifier text, payload json, queue_name text, run_at timestamptz, max_attempts smallint, job_key text)
    ))`;
}

export async function enqueueRunJob(tx: TTx, opts: TRunJobSpec): Promise<void> {
  const payload: TRunJobPayload = { jobRunId: opts.jobRunId, companyId: opts.companyId, reason: opts.reason };
  await tx.$queryRaw`
    SELECT (graphile_worker.add_job(
      identifier => ${opts.taskId}::text,
      payload => ${JSON.stringify(payload)}::json,
      queue_name => ${opts.queueName}::text,
      run_at => ${opts.runAt ? opts.runAt.toISOString() : null}::timestamptz,
      max_attempts => ${GRAPHILE_JOB_MAX_ATTEMPTS}::int,
      job_key => ${jobKeyForRun(opts.jobRunId)}::text,
      job_key_mode => 'replace'
    )).id::text AS id`;
}
