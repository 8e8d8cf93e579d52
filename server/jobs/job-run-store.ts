/**
 * JobRun / JobRunEvent bookkeeping used by the runtimes (never by job handlers). Every write runs in the
 * run's tenant context. Writes made by an execution are "fenced" with the attempt number it started with:
 * when the stale-run sweeper re-queues a run and a new execution takes it over, the old one's writes match
 * no row and it stops (JobLostSignal).
 */
import { withTenant, Prisma, type TTx } from "../db";
import type { TJobLogLevel } from "../../inngest/define";

export type TJobRunRow = Awaited<ReturnType<typeof loadJobRun>>;

/** JSON-safe copy of a value (what a persisted step result looks like). */
export function toJson(value: unknown): Prisma.InputJsonValue | null {
  if (value === undefined) return null;
  return JSON.parse(JSON.stringify(value)) as Prisma.InputJsonValue | null;
}

function jsonOrDbNull(value: unknown): Prisma.InputJsonValue | typeof Prisma.DbNull {
  const v = toJson(value);
  return v === null ? Prisma.DbNull : v;
}

export async function loadJobRun(companyId: string, id: string) {
  return withTenant(companyId, (tx) => tx.jobRun.findFirst({ where: { id } }));
}

/** `attempt` null = no fence (Inngest guarantees a single execution per run itself). */
function fence(id: string, attempt: number | null): Prisma.JobRunWhereInput {
  return attempt === null ? { id, status: "running" } : { id, status: "running", attempts: attempt };
}

export async function markRunning(opts: {
  companyId: string;
  id: string;
  attempt: number;
  startedAt: Date | null;
}): Promise<boolean> {
  return withTenant(opts.companyId, async (tx) => {
    const now = new Date();
    const r = await tx.jobRun.updateMany({
      where: { id: opts.id, status: { in: ["queued", "running"] } },
      data: { status: "running", attempts: opts.attempt, startedAt: opts.startedAt ?? now, heartbeatAt: now, finishedAt: null },
    });
    return r.count === 1;
  });
}

/** Refreshes heartbeatAt; false when the execution lost the run. */
export async function touchHeartbeat(companyId: string, id: string, attempt: number | null, at?: Date): Promise<boolean> {
  return withTenant(companyId, async (tx) => {
    const r = await tx.jobRun.updateMany({ where: fence(id, attempt), data: { heartbeatAt: at ?? new Date() } });
    return r.count === 1;
  });
}

/** Read-only check between steps. */
export async function readRunControl(companyId: string, id: string, attempt: number | null): Promise<{ lost: boolean; cancelRequested: boolean }> {
  return withTenant(companyId, async (tx) => {
    const r = await tx.jobRun.findFirst({ where: { id }, select: { status: true, attempts: true, cancelRequestedAt: true } });
    const lost = !r || r.status !== "running" || (attempt !== null && r.attempts !== attempt);
    return { lost, cancelRequested: Boolean(r?.cancelRequestedAt) };
  });
}

export async function isCancelRequested(companyId: string, id: string): Promise<boolean> {
  return withTenant(companyId, async (tx) => {
    const r = await tx.jobRun.findFirst({ where: { id }, select: { cancelRequestedAt: true, status: true } });
    return Boolean(r?.cancelRequestedAt) || r?.status === "cancelled";
  });
}

export type TRunEventInput = { level?: TJobLogLevel; step?: string | null; message: string; data?: unknown };

export async function addRunEvent(companyId: string, jobRunId: string, e: TRunEventInput): Promise<void> {
  await withTenant(companyId, (tx) =>
    tx.jobRunEvent.create({
      data: {
        companyId,
        jobRunId,
        level: e.level ?? "info",
        step: e.step ?? null,
        message: e.message.slice(0, 4000),
        data: e.data === undefined ? Prisma.DbNull : jsonOrDbNull(e.data),
      },
    }),
  );
}

/** Marks a step as current (fenced) and logs its start. */
export async function markStepStarted(companyId: string, id: string, attempt: number | null, step: string): Promise<boolean> {
  return withTenant(companyId, async (tx) => {
    const r = await tx.jobRun.updateMany({ where: fence(id, attempt), data: { currentStep: step, heartbeatAt: new Date() } });
    if (r.count !== 1) return false;
    await tx.jobRunEvent.create({ data: { companyId, jobRunId: id, level: "info", step, message: `Шаг «${step}» начат` } });
    return true;
  });
}

/** Persists the memoized step state (graphile runtime; fenced). */
export async function saveStepState(opts: {
  companyId: string;
  id: string;
  attempt: number | null;
  stepState: Record<string, unknown>;
}): Promise<boolean> {
  return withTenant(opts.companyId, async (tx) => {
    const r = await tx.jobRun.updateMany({
      where: fence(opts.id, opts.attempt),
      data: { stepState: toJson(opts.stepState) ?? {}, heartbeatAt: new Date() },
    });
    return r.count === 1;
  });
}

export async function setRunProgress(opts: {
  companyId: string;
  id: string;
  attempt: number | null;
  progress: number;
  counters?: Record<string, number>;
}): Promise<boolean> {
  return withTenant(opts.companyId, async (tx) => {
    const data: Prisma.JobRunUpdateManyMutationInput = { progress: opts.progress, heartbeatAt: new Date() };
    if (opts.counters) data.counters = toJson(opts.counters) ?? {};
    const r = await tx.jobRun.updateMany({ where: fence(opts.id, opts.attempt), data });
    return r.count === 1;
  });
}

export type TRunFinish =
  | { status: "succeeded"; result: unknown }
  | { status: "failed"; error: string; errorKind: string }
  | { status: "cancelled" }
  /** Waiting for a retry: back to the queue with the last error. */
  | { status: "queued"; error?: string; errorKind?: string; heartbeatAt?: Date | null }
  /** A long pause: stays "running", heartbeatAt = wake-up time (so the stale-run sweeper leaves it alone). */
  | { status: "sleeping"; until: Date };

/** Writes the outcome of an execution (fenced) plus one event; `then` runs in the same transaction (re-enqueue). */
export async function finishRun(opts: {
  companyId: string;
  id: string;
  attempt: number | null;
  finish: TRunFinish;
  event: TRunEventInput;
  then?: (tx: TTx) => Promise<void>;
}): Promise<boolean> {
  const f = opts.finish;
  const now = new Date();
  let data: Prisma.JobRunUpdateManyMutationInput;
  switch (f.status) {
    case "succeeded":
      data = { status: "succeeded", result: jsonOrDbNull(f.result), progress: 100, currentStep: null, error: null, errorKind: null, finishedAt: now, heartbeatAt: now };
      break;
    case "failed":
      data = { status: "failed", error: f.error, errorKind: f.errorKind, finishedAt: now, heartbeatAt: now };
      break;
    case "cancelled":
      data = { status: "cancelled", finishedAt: now, heartbeatAt: now };
      break;
    case "queued":
      data = {
        status: "queued",
        ...(f.error !== undefined ? { error: f.error, errorKind: f.errorKind ?? null } : {}),
        ...(f.heartbeatAt !== undefined ? { heartbeatAt: f.heartbeatAt } : {}),
      };
      break;
    case "sleeping":
      data = { heartbeatAt: f.until };
      break;
  }
  return withTenant(opts.companyId, async (tx) => {
    const r = await tx.jobRun.updateMany({ where: fence(opts.id, opts.attempt), data });
    if (r.count !== 1) return false;
    await tx.jobRunEvent.create({
      data: {
        companyId: opts.companyId,
        jobRunId: opts.id,
        level: opts.event.level ?? "info",
        step: opts.event.step ?? null,
        message: opts.event.message.slice(0, 4000),
        data: opts.event.data === undefined ? Prisma.DbNull : jsonOrDbNull(opts.event.data),
      },
    });
    if (opts.then) await opts.then(tx);
    return true;
  });
}

/** Fails a run that is still queued or running (no fence): invalid input, Inngest onFailure. */
export async function failActiveRun(companyId: string, id: string, reason: string, errorKind: string): Promise<boolean> {
  return withTenant(companyId, async (tx) => {
    const r = await tx.jobRun.updateMany({
      where: { id, status: { in: ["queued", "running"] } },
      data: { status: "failed", error: reason, errorKind, finishedAt: new Date() },
    });
    if (r.count === 1) await tx.jobRunEvent.create({ data: { companyId, jobRunId: id, level: "error", message: reason } });
    return r.count === 1;
  });
}

/** Marks a run cancelled when it is about to start (cancel was requested while it waited). */
export async function cancelActiveRun(companyId: string, id: string): Promise<boolean> {
  return withTenant(companyId, async (tx) => {
    const r = await tx.jobRun.updateMany({
      where: { id, status: { in: ["queued", "running"] } },
      data: { status: "cancelled", finishedAt: new Date() },
    });
    if (r.count === 1) await tx.jobRunEvent.create({ data: { companyId, jobRunId: id, level: "warn", message: "Задача отменена пользователем" } });
    return r.count === 1;
  });
}

/** Cancels a run that never started (or was waiting for a retry). */
export async function cancelQueuedRun(companyId: string, id: string): Promise<boolean> {
  return withTenant(companyId, async (tx) => {
    const now = new Date();
    const r = await tx.jobRun.updateMany({ where: { id, status: "queued" }, data: { status: "cancelled", finishedAt: now } });
    if (r.count === 1) await tx.jobRunEvent.create({ data: { companyId, jobRunId: id, level: "warn", message: "Задача отменена до запуска" } });
    return r.count === 1;
  });
}
