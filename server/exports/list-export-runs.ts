import { withTenant } from "../db";
import { SKIPPED_RUN_KIND } from "./claim-due-exports";
import { describeExportStep } from "./catalog";
import { QUEUED_STEP } from "./get-exports-overview";

/** Run history of one exporter (its JobRuns), newest first: status, trigger, counters, duration, error, progress. */
export async function listExportRuns(opts: { companyId: string; configId: string; page: number; pageSize: number }) {
  return withTenant(opts.companyId, async (tx) => {
    const where = { type: "exports-run", input: { path: ["configId"], equals: opts.configId } };
    const [items, total] = await Promise.all([
      tx.jobRun.findMany({ where, orderBy: { createdAt: "desc" }, skip: (opts.page - 1) * opts.pageSize, take: opts.pageSize }),
      tx.jobRun.count({ where }),
    ]);
    return {
      total,
      items: items.map((r) => ({
        id: r.id, status: r.status, trigger: r.trigger, progress: r.progress, currentStep: r.status === "queued" ? QUEUED_STEP : describeExportStep(r.currentStep), counters: r.counters as Record<string, number>,
        error: r.error, skipped: r.errorKind === SKIPPED_RUN_KIND, cancelRequested: r.cancelRequestedAt !== null,
        attempts: r.attempts, createdAt: r.createdAt, startedAt: r.startedAt, finishedAt: r.finishedAt,
      })),
    };
  });
}
