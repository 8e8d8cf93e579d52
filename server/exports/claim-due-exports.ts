import { withSystem, withTenant } from "../db";
import { sendEvent } from "../jobs/send-event";
import { runExportJob } from "../../inngest/functions/exports/run-export";
import { nextRunAt, type TScheduleKind } from "./schedule";

/** errorKind of a scheduled run that was not started because the previous one had not finished. */
export const SKIPPED_RUN_KIND = "skipped";

/**
 * System operation for the scheduler: every enabled exporter whose next run is due gets a run
 * (idempotency key = its scheduled time, so a tick seen twice starts it once) and its next time.
 * Runs of one exporter never overlap: while its previous run is queued or running, the scheduled run is
 * skipped and recorded in the history with the reason (the company's runs also queue one after another).
 */
export async function claimDueExports(opts: { now: Date }): Promise<{ started: number; skipped: number }> {
  const due = await withSystem((tx) => tx.exportConfig.findMany({
    where: { enabled: true, nextRunAt: { lte: opts.now } },
    select: { id: true, companyId: true, nextRunAt: true, scheduleKind: true, scheduleTime: true, scheduleCron: true, company: { select: { timezone: true, enabledModules: true } } },
    take: 500,
  }));
  let started = 0;
  let skipped = 0;
  for (const c of due) {
    await withTenant(c.companyId, async (tx) => {
      const next = nextRunAt({ kind: c.scheduleKind as TScheduleKind, time: c.scheduleTime, cron: c.scheduleCron }, c.company.timezone, opts.now);
      // Claim: only if nobody moved nextRunAt in the meantime.
      const claimed = await tx.exportConfig.updateMany({ where: { id: c.id, nextRunAt: c.nextRunAt }, data: { nextRunAt: next } });
      if (claimed.count === 0 || !c.company.enabledModules.includes("exports")) return;
      const idempotencyKey = `schedule:${c.id}:${c.nextRunAt!.toISOString()}`;
      const busy = await tx.jobRun.findFirst({
        where: { type: runExportJob.id, status: { in: ["queued", "running"] }, input: { path: ["configId"], equals: c.id } },
        select: { id: true, status: true, createdAt: true },
      });
      if (busy) {
        const at = busy.createdAt.toLocaleString("ru-RU", { timeZone: c.company.timezone, day: "2-digit", month: "2-digit", hour: "2-digit", minute: "2-digit" });
        await tx.jobRun.createMany({
          data: [{
            companyId: c.companyId, type: runExportJob.id, title: runExportJob.title, trigger: "schedule", status: "cancelled",
            input: { companyId: c.companyId, configId: c.id }, idempotencyKey, maxAttempts: 0, finishedAt: opts.now,
            errorKind: SKIPPED_RUN_KIND,
            error: `Запуск по расписанию пропущен: предыдущая выгрузка (от ${at}) ещё ${busy.status === "running" ? "выполняется" : "ждёт в очереди"}. Запуски одной выгрузки не пересекаются`,
          }],
          skipDuplicates: true,
        });
        skipped++;
        return;
      }
      const [runId] = await sendEvent(tx, {
        name: "exports/run.requested",
        data: { companyId: c.companyId, configId: c.id },
        trigger: "schedule",
        idempotencyKey,
      });
      await tx.exportConfig.update({ where: { id: c.id }, data: { lastJobRunId: runId, lastStatus: "queued" } });
      started++;
    });
  }
  return { started, skipped };
}
