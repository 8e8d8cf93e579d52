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

/** Queues one poll of the company's mailbox. */
export async function requestMailPoll(opts: { companyId: string; key?: string; trigger?: "schedule" | "event" | "manual" }) {
  const [runId] = await withTenant(opts.companyId, (tx) =>
    sendEvent(tx, {
      name: "procurement/mailbox.poll.requested",
      data: { companyId: opts.companyId },
      trigger: opts.trigger ?? "event",
      idempotencyKey: opts.key ?? null,
    }),
  );
  return { runId };
}
