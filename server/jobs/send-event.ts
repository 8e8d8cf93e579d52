/**
 * Sends a typed event: for every job triggered by it, creates the JobRun (queued) and enqueues it.
 *
 * - graphile-worker (default): the JobRun and the graphile job are written in ONE transaction — the caller's
 *   when `tx` is given (transactional outbox: no job without the business change, no change without its job),
 *   else a new tenant transaction.
 * - Inngest (when configured): JobRuns are created, then `inngest.send` carries their ids in `data._pult`.
 *   Not transactional: the Inngest function waits briefly for the JobRun to become visible.
 *
 * Dedup: the same `idempotencyKey` for the same company and job type yields the existing JobRun (no second
 * run, nothing enqueued again).
 */
import { getEnv } from "../env";
import { AppError } from "../errors";
import { withTenant, type TTx } from "../db";
import type { TActor } from "../tenancy/roles";
import { EVENTS, isEventName, type TEventData, type TEventName } from "../../inngest/events";
import type { TEventJobDefinition, TJobRuntimeName } from "../../inngest/define";
import { jobDefinitions } from "../../inngest/functions";
import { enqueueRunJob, enqueueRunJobs, queueNameFor } from "./enqueue";

export type TJobTriggerKind = "manual" | "event" | "schedule";

export type TSendEventInput<N extends TEventName = TEventName> = {
  name: N;
  data: TEventData<N>;
  trigger: TJobTriggerKind;
  actor?: TActor | null;
  idempotencyKey?: string | null;
  /** Start no earlier than this (graphile: job run_at; Inngest: event ts). */
  runAt?: Date | null;
};

/** Metadata carried in Inngest event data (ignored by handlers: the catalog schema strips it). */
export type TPultEventMeta = { runs: Record<string, string> };

export function currentJobRuntime(): TJobRuntimeName {
  return getEnv().inngestEnabled ? "inngest" : "graphile";
}

export function definitionsForEvent(name: string): TEventJobDefinition[] {
  return jobDefinitions.filter((d): d is TEventJobDefinition => d.kind === "event" && d.trigger.event === name);
}

type TJobRunSpec = {
  def: TEventJobDefinition;
  companyId: string;
  data: Record<string, unknown>;
  trigger: TJobTriggerKind;
  createdById: string | null;
  idempotencyKey: string | null;
};

/** The JobRun row of one job for an event, queued. */
function jobRunRow(opts: TJobRunSpec) {
  return {
    companyId: opts.companyId,
    type: opts.def.id,
    title: opts.def.title,
    trigger: opts.trigger,
    status: "queued" as const,
    input: JSON.parse(JSON.stringify(opts.data)),
    idempotencyKey: opts.idempotencyKey,
    createdById: opts.createdById,
    maxAttempts: opts.def.retries + 1,
  };
}

/** The first line of a JobRun's log. */
function queuedLogLine(companyId: string, jobRunId: string, event: string, trigger: TJobTriggerKind) {
  return { companyId, jobRunId, level: "info", message: "Задача поставлена в очередь", data: { event, trigger } };
}

/** Creates (or finds, by idempotency key) the JobRun of one job for an event. */
export async function createJobRun(tx: TTx, opts: TJobRunSpec): Promise<{ id: string; created: boolean }> {
  const rows = await tx.jobRun.createManyAndReturn({
    data: [jobRunRow(opts)],
    skipDuplicates: true,
    select: { id: true },
  });
  if (rows.length === 1) return { id: rows[0].id, created: true };
  const existing = await tx.jobRun.findFirst({
    where: { companyId: opts.companyId, type: opts.def.id, idempotencyKey: opts.idempotencyKey },
    select: { id: true },
  });
  if (!existing) throw new Error(`JobRun for ${opts.def.id} was neither created nor found`);
  return { id: existing.id, created: false };
}

async function assertTenantContext(tx: TTx, companyId: string): Promise<void> {
  const rows = await tx.$queryRaw<{ company: string | null; bypass: string | null }[]>`
    SELECT current_setting('app.company_id', true) AS company, current_setting('app.bypass_rls', true) AS bypass`;
  const { company, bypass } = rows[0] ?? { company: null, bypass: null };
  if (bypass === "on") return;
  if (company !== companyId) throw new Error("sendEvent: the transaction belongs to another company (or has no tenant context)");
}

/** The event's data as its schema reads it; a Russian error for data that does not fit. */
function parseEventData(name: TEventName, raw: unknown): Record<string, unknown> & { companyId: string } {
  const parsed = EVENTS[name].safeParse(raw);
  if (!parsed.success) throw new AppError("BAD_REQUEST", `Некорректные данные события ${name}`, { issues: parsed.error.issues });
  return parsed.data as Record<string, unknown> & { companyId: string };
}

/**
 * Many events of one name for one company in the caller's transaction: what sendEvent does for each, written
 * with a few statements for the whole batch (the JobRuns, their first log lines, the graphile jobs) instead of a
 * few per event. Every event carries an idempotency key; one whose run exists already adds nothing. On Inngest
 * the events go one by one through sendEvent.
 */
export async function sendEvents<N extends TEventName>(tx: TTx, inputs: TSendEventInput<N>[]): Promise<void> {
  if (inputs.length === 0) return;
  if (currentJobRuntime() === "inngest") {
    for (const input of inputs) await sendEvent(tx, input);
    return;
  }
  const name = inputs[0]!.name;
  if (!isEventName(name)) throw new AppError("BAD_REQUEST", `Неизвестное событие: ${String(name)}`);
  const events = inputs.map((input) => {
    if (input.name !== name) throw new Error("sendEvents: one event name per batch");
    if (!input.idempotencyKey) throw new Error("sendEvents: every event needs an idempotency key");
    return { input, key: input.idempotencyKey, data: parseEventData(name, input.data) };
  });
  const companyId = events[0]!.data.companyId;
  if (events.some((e) => e.data.companyId !== companyId)) throw new Error("sendEvents: one company per batch");
  await assertTenantContext(tx, companyId);
  const byKey = new Map(events.map((e) => [e.key, e]));
  for (const def of definitionsForEvent(name)) {
    const created = await tx.jobRun.createManyAndReturn({
      data: events.map((e) => jobRunRow({ def, companyId, data: e.data, trigger: e.input.trigger, createdById: e.input.actor?.userId ?? null, idempotencyKey: e.key })),
      skipDuplicates: true,
      select: { id: true, idempotencyKey: true },
    });
    if (created.length === 0) continue;
    await tx.jobRunEvent.createMany({ data: created.map((r) => queuedLogLine(companyId, r.id, name, byKey.get(r.idempotencyKey!)!.input.trigger)) });
    await enqueueRunJobs(tx, created.map((r) => {
      const e = byKey.get(r.idempotencyKey!)!;
      return { taskId: def.id, jobRunId: r.id, companyId, queueName: queueNameFor(def, e.data), runAt: e.input.runAt ?? null, reason: "start" as const };
    }));
  }
}

/** Returns the ids of the JobRuns created (or found by idempotency key), one per job triggered by the event. */
export async function sendEvent<N extends TEventName>(tx: TTx | null, input: TSendEventInput<N>): Promise<string[]> {
  if (!isEventName(input.name)) throw new AppError("BAD_REQUEST", `Неизвестное событие: ${String(input.name)}`);
  const data = parseEventData(input.name, input.data);
  const defs = definitionsForEvent(input.name);
  if (defs.length === 0) return [];

  const runtime = currentJobRuntime();
  const idempotencyKey = input.idempotencyKey ?? null;
  const createdById = input.actor?.userId ?? null;

  const work = async (t: TTx) => {
    if (tx) await assertTenantContext(t, data.companyId);
    const out: { def: TEventJobDefinition; id: string; created: boolean }[] = [];
    for (const def of defs) {
      const r = await createJobRun(t, { def, companyId: data.companyId, data, trigger: input.trigger, createdById, idempotencyKey });
      if (r.created) {
        await t.jobRunEvent.create({ data: queuedLogLine(data.companyId, r.id, input.name, input.trigger) });
        if (runtime === "graphile") {
          await enqueueRunJob(t, {
            taskId: def.id, jobRunId: r.id, companyId: data.companyId, queueName: queueNameFor(def, data), runAt: input.runAt ?? null, reason: "start",
          });
        }
      }
      out.push({ def, ...r });
    }
    return out;
  };

  const runs = tx ? await work(tx) : await withTenant(data.companyId, work);

  const fresh = runs.filter((r) => r.created);
  if (runtime === "inngest" && fresh.length > 0) {
    const { getInngest } = await import("../../inngest/client");
    const meta: TPultEventMeta = { runs: Object.fromEntries(fresh.map((r) => [r.def.id, r.id])) };
    try {
      await getInngest().send({
        name: input.name,
        data: { ...data, _pult: meta },
        ...(idempotencyKey ? { id: `${data.companyId}:${input.name}:${idempotencyKey}` } : {}),
        ...(input.runAt ? { ts: input.runAt.getTime() } : {}),
      });
    } catch (err) {
      throw new AppError("UPSTREAM", "Не удалось передать задачу в Inngest; повторите попытку позже", { cause: String(err) });
    }
  }
  return runs.map((r) => r.id);
}
