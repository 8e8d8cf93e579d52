import { withTenant, Prisma } from "../db";

export type TJobRunStatus = "queued" | "running" | "succeeded" | "failed" | "cancelled";
export type TJobRunTrigger = "schedule" | "manual" | "event";

/** Columns shown in lists (no input/stepState/result). */
export const JOB_RUN_LIST_SELECT = {
  id: true, type: true, title: true, trigger: true, status: true, currentStep: true, progress: true, counters: true,
  error: true, errorKind: true, attempts: true, maxAttempts: true, createdById: true, cancelRequestedAt: true,
  windowFrom: true, windowTo: true, createdAt: true, startedAt: true, finishedAt: true, heartbeatAt: true,
} satisfies Prisma.JobRunSelect;

/** Job runs of one company, newest first, with the job types seen (for the filter). */
export async function listJobRuns(opts: {
  companyId: string;
  status?: TJobRunStatus;
  type?: string;
  trigger?: TJobRunTrigger;
  page: number;
  pageSize: number;
}) {
  const where: Prisma.JobRunWhereInput = {
    ...(opts.status ? { status: opts.status } : {}),
    ...(opts.type ? { type: opts.type } : {}),
    ...(opts.trigger ? { trigger: opts.trigger } : {}),
  };
  const page = Math.max(1, Math.floor(opts.page));
  const pageSize = Math.max(1, Math.min(200, Math.floor(opts.pageSize)));
  return withTenant(opts.companyId, async (tx) => {
    const items = await tx.jobRun.findMany({
      where,
      select: JOB_RUN_LIST_SELECT,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      skip: (page - 1) * pageSize,
      take: pageSize,
    });
    const total = await tx.jobRun.count({ where });
    const types = await tx.jobRun.findMany({ distinct: ["type"], select: { type: true, title: true }, orderBy: { type: "asc" } });
    return { items, total, types };
  });
}
