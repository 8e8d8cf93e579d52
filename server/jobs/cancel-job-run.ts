import { withTenant } from "../db";
import { AppError } from "../errors";
import { writeAudit } from "../audit/write-audit";
import type { TActor } from "../tenancy/roles";

/**
 * Cancels a job run. A queued run (or one parked in a long pause) is cancelled at once; a running one gets
 * `cancelRequestedAt` and stops before its next step (handlers may also poll run.isCancelRequested()).
 */
export async function cancelJobRun(opts: { companyId: string; actor: TActor; id: string }) {
  return withTenant(opts.companyId, async (tx) => {
    const run = await tx.jobRun.findFirst({ where: { id: opts.id }, select: { id: true, status: true, type: true, cancelRequestedAt: true, heartbeatAt: true } });
    if (!run) throw new AppError("NOT_FOUND", "Задача не найдена");
    if (run.status !== "queued" && run.status !== "running") throw new AppError("PRECONDITION_FAILED", "Задача уже завершена");
    const now = new Date();
    const who = opts.actor.name;
    // A run parked in a long pause has its heartbeat set to the wake-up time: nothing executes it now.
    const parked = run.status === "running" && !!run.heartbeatAt && run.heartbeatAt.getTime() > now.getTime() + 15_000;
    if (run.status === "queued" || parked) {
      await tx.jobRun.update({ where: { id: run.id }, data: { status: "cancelled", cancelRequestedAt: now, finishedAt: now } });
      await tx.jobRunEvent.create({ data: { companyId: opts.companyId, jobRunId: run.id, level: "warn", message: `Задача отменена (${who})` } });
    } else {
      await tx.jobRun.update({ where: { id: run.id }, data: { cancelRequestedAt: run.cancelRequestedAt ?? now } });
      await tx.jobRunEvent.create({ data: { companyId: opts.companyId, jobRunId: run.id, level: "warn", message: `Запрошена отмена (${who}): задача остановится перед следующим шагом` } });
    }
    await writeAudit(tx, opts.companyId, opts.actor, {
      action: "job_run.cancelled",
      entity: "JobRun",
      entityId: run.id,
      changes: { type: run.type, status: { from: run.status, to: run.status === "queued" || parked ? "cancelled" : "cancelling" } },
    });
    return tx.jobRun.findFirstOrThrow({ where: { id: run.id }, omit: { stepState: true } });
  });
}
