import { withSystem, withTenant } from "../db";
import { sendEvent } from "../jobs/send-event";
import { nextRunAt, type TScheduleKind } from "./schedule";

/**
 * System operation for the scheduler: every enabled exporter whose next run is due gets a run
 * (idempotency key = its scheduled time, so a tick seen twice starts it once) and its next time.
 */
export async function claimDueExports(opts: { now: Date }): Promise<{ started: number }> {
  const due = await withSystem((tx) => tx.exportConfig.findMany({
    where: { enabled: true, nextRunAt: { lte: opts.now } },
    select: { id: true, companyId: true, nextRunAt: true, scheduleKind: true, scheduleTime: true, scheduleCron: true, company: { select: { timezone: true, enabledModules: true } } },
    take: 500,
  }));
  let started = 0;
  for (const c of due) {
    await withTenant(c.companyId, async (tx) => {
      const next = nextRunAt({ kind: c.scheduleKind as TScheduleKind, time: c.scheduleTime, cron: c.scheduleCron }, c.company.timezone, opts.now);
      // Claim: only if nobody moved nextRunAt in the meantime.
      const claimed = await tx.exportConfig.updateMany({ where: { id: c.id, nextRunAt: c.nextRunAt }, data: { nextRunAt: next } });
      if (claimed.count === 0 || !c.company.enabledModules.includes("exports")) return;
      const [runId] = await sendEvent(tx, {
        name: "exports/run.requested",
        data: { companyId: c.companyId, configId: c.id },
        trigger: "schedule",
        idempotencyKey: `schedule:${c.id}:${c.nextRunAt!.toISOString()}`,
      });
      await tx.exportConfig.update({ where: { id: c.id }, data: { lastJobRunId: runId, lastStatus: "queued" } });
      started++;
    });
  }
  return { started };
}
