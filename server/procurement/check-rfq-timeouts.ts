import { withSystem, withTenant } from "../db";
import { writeAudit } from "../audit/write-audit";
import { sendEvent } from "../jobs/send-event";
import { SYSTEM_ACTOR } from "../tenancy/roles";
import { queueManagerNotices } from "./telegram/notify-managers";

const HOUR = 3_600_000;

/**
 * System operation for the schedule: requests still «отправлен» past the company's timeout (48 h by default)
 * become «нет ответа»; those past the reminder time (24 h by default, optional) get one reminder email.
 */
export async function checkRfqTimeouts(opts: { now: Date }): Promise<{ timedOut: number; reminded: number }> {
  const waiting = await withSystem((tx) =>
    tx.procRfq.findMany({
      where: { status: "sent", sentAt: { not: null } },
      select: {
        id: true, companyId: true, orderId: true, sentAt: true, remindedAt: true,
        supplier: { select: { name: true } },
        company: { select: { enabledModules: true, procSettings: { select: { rfqTimeoutHours: true, rfqReminderHours: true } } } },
      },
      take: 5000,
    }),
  );
  let timedOut = 0;
  let reminded = 0;
  for (const r of waiting) {
    if (!r.company.enabledModules.includes("procurement")) continue;
    const timeoutH = r.company.procSettings?.rfqTimeoutHours ?? 48;
    const reminderH = r.company.procSettings ? r.company.procSettings.rfqReminderHours : 24;
    const age = opts.now.getTime() - r.sentAt!.getTime();
    if (age >= timeoutH * HOUR) {
      await withTenant(r.companyId, async (tx) => {
        const changed = await tx.procRfq.updateMany({ where: { id: r.id, status: "sent" }, data: { status: "no_answer" } });
        if (changed.count === 0) return;
        await writeAudit(tx, r.companyId, SYSTEM_ACTOR, {
          action: "procurement.rfq.timed_out",
          entity: "ProcOrder",
          entityId: r.orderId,
          changes: { rfqId: r.id, supplier: r.supplier.name, hours: timeoutH },
        });
        await queueManagerNotices(tx, r.companyId, { kind: "rfq_timed_out", orderId: r.orderId, eventKey: r.id });
        timedOut++;
      });
    } else if (reminderH !== null && reminderH !== undefined && !r.remindedAt && age >= reminderH * HOUR) {
      await withTenant(r.companyId, (tx) =>
        sendEvent(tx, {
          name: "procurement/rfq.send.requested",
          data: { companyId: r.companyId, rfqId: r.id, reminder: true },
          trigger: "schedule",
          idempotencyKey: `reminder:${r.id}`,
        }),
      );
      reminded++;
    }
  }
  return { timedOut, reminded };
}
