import { withTenant } from "../db";
import { AppError } from "../errors";

const EVENT_SELECT = { id: true, level: true, step: true, message: true, data: true, createdAt: true } as const;

/**
 * One job run with its events in order. For live polling pass the last event id you have (`afterEventId`):
 * only newer events are returned; `cursor` is the id to pass next time.
 */
export async function getJobRun(opts: { companyId: string; id: string; afterEventId?: string | null; limit?: number }) {
  const limit = Math.max(1, Math.min(1000, opts.limit ?? 500));
  return withTenant(opts.companyId, async (tx) => {
    const run = await tx.jobRun.findFirst({ where: { id: opts.id }, omit: { stepState: true } });
    if (!run) throw new AppError("NOT_FOUND", "Задача не найдена");
    let afterSeq: bigint | null = null;
    if (opts.afterEventId) {
      const ev = await tx.jobRunEvent.findFirst({ where: { id: opts.afterEventId, jobRunId: run.id }, select: { seq: true } });
      afterSeq = ev?.seq ?? null;
    }
    const events = await tx.jobRunEvent.findMany({
      where: { jobRunId: run.id, ...(afterSeq !== null ? { seq: { gt: afterSeq } } : {}) },
      select: EVENT_SELECT,
      orderBy: { seq: "asc" },
      take: limit,
    });
    const cursor = events.length > 0 ? events[events.length - 1].id : (opts.afterEventId ?? null);
    const finished = run.status === "succeeded" || run.status === "failed" || run.status === "cancelled";
    return { run, events, cursor, finished };
  });
}
