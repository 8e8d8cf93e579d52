/**
 * Inngest runtime: each job definition becomes an Inngest function (trigger/cron, concurrency key, retries
 * mapped to Inngest's own), executed through the same wrapper as graphile-worker (execute-run.ts), so JobRun
 * and JobRunEvent are written the same way. Served at /api/inngest when getEnv().inngestEnabled.
 *
 * Mapping notes:
 *   - step.run → Inngest step.run (Inngest memoizes); permanent errors become NonRetriableError;
 *   - step.sleep → a memoized "<id>:pause" step (moves the heartbeat to the wake-up time) + Inngest step.sleep;
 *   - retries: Inngest retries (its backoff); the wrapper records each failure and the final outcome;
 *   - the JobRun id comes from `event.data._pult.runs[<job id>]` (set by sendEvent); events sent by other
 *     means get a JobRun created on the fly (idempotency key "inngest:<run id>").
 */
import { NonRetriableError, RetryAfterError, type InngestFunction } from "inngest";
import type { Inngest } from "inngest";
import { getInngest } from "../../inngest/client";
import { cronOf, type TCronJobDefinition, type TEventJobDefinition, type TJobDefinition } from "../../inngest/define";
import { EVENTS } from "../../inngest/events";
import { jobDefinitions } from "../../inngest/functions";
import { withTenant } from "../db";
import { describeJobError, isControlSignal, isPermanentError, retryAfterMsOf } from "./errors";
import { executeSystemRun, executeTenantRun, type TStepDriver } from "./execute-run";
import { addRunEvent, cancelActiveRun, failActiveRun, loadJobRun, markRunning, touchHeartbeat } from "./job-run-store";
import { createJobRun, type TPultEventMeta } from "./send-event";

type TStepLike = {
  run: (id: string, fn: () => unknown) => Promise<unknown>;
  sleep: (id: string, ms: number) => Promise<void>;
};

/** The parts of Inngest's handler context the wrapper uses. */
export type TInngestCtx = {
  event: { name: string; data?: unknown; id?: string };
  step: TStepLike;
  runId: string;
  attempt: number;
  maxAttempts?: number;
};

type TRetries = 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10 | 11 | 12 | 13 | 14 | 15 | 16 | 17 | 18 | 19 | 20;

function toInngestError(err: unknown): unknown {
  if (isControlSignal(err) || isPermanentError(err)) return new NonRetriableError(describeJobError(err), { cause: err });
  const after = retryAfterMsOf(err);
  if (after !== null) return new RetryAfterError(describeJobError(err), after, { cause: err });
  return err;
}

function inngestDriver(ctx: TInngestCtx, companyId: string | null, runId: string | null): TStepDriver {
  return {
    run: (id, cb) =>
      ctx.step.run(id, async () => {
        try {
          return await cb();
        } catch (err) {
          throw toInngestError(err);
        }
      }),
    async sleep(id, ms) {
      if (companyId && runId) {
        await ctx.step.run(`${id}:pause`, async () => {
          await touchHeartbeat(companyId, runId, null, new Date(Date.now() + ms));
          await addRunEvent(companyId, runId, { step: id, message: `Пауза «${id}»: ${Math.round(ms / 1000)} с` });
          return null;
        });
      }
      await ctx.step.sleep(id, ms);
    },
  };
}

function pultMeta(data: unknown): TPultEventMeta | null {
  const m = (data as { _pult?: unknown } | null | undefined)?._pult as TPultEventMeta | undefined;
  return m && typeof m === "object" && m.runs && typeof m.runs === "object" ? m : null;
}

export async function runEventJobOnInngest(def: TEventJobDefinition, ctx: TInngestCtx): Promise<unknown> {
  const parsed = EVENTS[def.trigger.event].safeParse(ctx.event.data);
  if (!parsed.success) throw new NonRetriableError(`Некорректные данные события ${def.trigger.event}`);
  const data = parsed.data as Record<string, unknown> & { companyId: string };
  const companyId = data.companyId;
  const presetId = pultMeta(ctx.event.data)?.runs[def.id] ?? null;

  const runId = (await ctx.step.run("job-run:resolve", async () => {
    if (presetId) {
      if (await loadJobRun(companyId, presetId)) return presetId;
      // sendEvent's transaction may not have committed yet: let Inngest retry this step a few times.
      if (ctx.attempt < 2) throw new Error(`JobRun ${presetId} is not visible yet`);
      return null;
    }
    const r = await withTenant(companyId, (tx) =>
      createJobRun(tx, { def, companyId, data, trigger: "event", createdById: null, idempotencyKey: `inngest:${ctx.runId}` }),
    );
    return r.id;
  })) as string | null;
  if (!runId) return { skipped: "job-run-missing" };

  const row = await loadJobRun(companyId, runId);
  if (!row) return { skipped: "job-run-missing" };
  if (row.status === "succeeded" || row.status === "cancelled") return { skipped: row.status };
  if (row.status === "failed") throw new NonRetriableError(row.error ?? "Задача завершилась с ошибкой");
  if (row.cancelRequestedAt) {
    await cancelActiveRun(companyId, runId);
    return { cancelled: true };
  }

  const attempt = ctx.attempt + 1;
  const maxAttempts = ctx.maxAttempts ?? def.retries + 1;
  await markRunning({ companyId, id: runId, attempt: Math.max(row.attempts, attempt), startedAt: row.startedAt });

  const outcome = await executeTenantRun({
    def,
    runtime: "inngest",
    runId,
    companyId,
    event: { name: def.trigger.event, data },
    attempt,
    maxAttempts,
    fenceAttempt: null,
    counters: (row.counters && typeof row.counters === "object" ? row.counters : {}) as Record<string, number>,
    driver: inngestDriver(ctx, companyId, runId),
    heartbeat: "step",
  });
  switch (outcome.kind) {
    case "succeeded": return outcome.result ?? null;
    case "cancelled": return { cancelled: true };
    case "failed": throw new NonRetriableError(outcome.reason);
    case "retry": throw toInngestError(outcome.error);
    default: return { skipped: outcome.kind };
  }
}

export async function runCronJobOnInngest(def: TCronJobDefinition, ctx: TInngestCtx): Promise<unknown> {
  const ts = new Date().toISOString();
  return executeSystemRun({ def, runtime: "inngest", runId: ctx.runId, ts, attempt: ctx.attempt + 1, driver: inngestDriver(ctx, null, null) });
}

/** Inngest onFailure: the function exhausted its retries (or failed permanently): make sure JobRun says so. */
async function onInngestFailure(def: TEventJobDefinition, failure: { event: { data: { run_id: string; event: { data?: unknown } } }; error: Error }) {
  const original = failure.event.data.event;
  const parsed = EVENTS[def.trigger.event].safeParse(original?.data);
  if (!parsed.success) return;
  const companyId = (parsed.data as { companyId: string }).companyId;
  let runId = pultMeta(original?.data)?.runs[def.id] ?? null;
  if (!runId) {
    const found = await withTenant(companyId, (tx) =>
      tx.jobRun.findFirst({ where: { type: def.id, idempotencyKey: `inngest:${failure.event.data.run_id}` }, select: { id: true } }),
    );
    runId = found?.id ?? null;
  }
  if (runId) await failActiveRun(companyId, runId, describeJobError(failure.error), "inngest");
}

export function toInngestFunction(def: TJobDefinition, client: Inngest = getInngest()): InngestFunction.Any {
  const retries = def.retries as TRetries;
  if (def.kind === "cron") {
    return client.createFunction(
      { id: def.id, name: def.title, retries, triggers: [{ cron: cronOf(def) }] },
      async (ctx) => runCronJobOnInngest(def, ctx as unknown as TInngestCtx),
    ) as unknown as InngestFunction.Any;
  }
  return client.createFunction(
    {
      id: def.id,
      name: def.title,
      retries,
      triggers: [{ event: def.trigger.event }],
      ...(def.concurrency ? { concurrency: { limit: def.concurrency.limit, key: `event.data.${def.concurrency.key}` } } : {}),
      onFailure: async (failure) => onInngestFailure(def, failure as unknown as Parameters<typeof onInngestFailure>[1]),
    },
    async (ctx) => runEventJobOnInngest(def, ctx as unknown as TInngestCtx),
  ) as unknown as InngestFunction.Any;
}

let cached: InngestFunction.Any[] | null = null;

/** All registry definitions as Inngest functions (built once, lazily). */
export function getInngestFunctions(): InngestFunction.Any[] {
  cached ??= jobDefinitions.map((d) => toInngestFunction(d));
  return cached;
}
