import { withSystem, withTenant } from "../../db";
import { sendEvent } from "../../jobs/send-event";

/**
 * System operation for the schedule: a mailbox poll for each company with the procurement module and a mail
 * integration (one per company per minute: the idempotency key is the minute).
 */
export async function requestMailPolls(opts: { now: Date }): Promise<{ requested: number }> {
  const companies = await withSystem((tx) =>
    tx.company.findMany({
      where: { enabledModules: { has: "procurement" }, integrations: { some: { kind: "mail" } } },
      select: { id: true },
      take: 1000,
    }),
  );
  const minute = opts.now.toISOString().slice(0, 16);
  for (const c of companies) {
    await requestMailPoll({ companyId: c.id, key: `schedule:${minute}`, trigger: "schedule" });
  }
  return { requested: companies.length };
}

/**
 * Queues one poll of the company's mailbox. `coalesce` (the IDLE listener's wake-ups): when a poll is already
 * queued and not started, it will read this message too, so no other one is queued.
 */
export async function requestMailPoll(opts: { companyId: string; key?: string; trigger?: "schedule" | "event" | "manual"; coalesce?: boolean }) {
  const [runId] = await withTenant(opts.companyId, async (tx) => {
    if (opts.coalesce) {
      const queued = await tx.jobRun.findFirst({ where: { type: "procurement-mail-poll", status: "queued" }, select: { id: true } });
      if (queued) return [queued.id];
    }
    return sendEvent(tx, {
      name: "procurement/mailbox.poll.requested",
      data: { companyId: opts.companyId },
      trigger: opts.trigger ?? "event",
      idempotencyKey: opts.key ?? null,
    });
  });
  return { runId };
}
