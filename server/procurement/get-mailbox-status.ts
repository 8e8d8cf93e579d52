import { withTenant } from "../db";

/** The mailbox state shown above the order list: configured?, last poll, last error (e.g. a rejected password). */
export async function getMailboxStatus(opts: { companyId: string }) {
  return withTenant(opts.companyId, async (tx) => {
    const [mail, ai, settings] = await Promise.all([
      tx.integrationConfig.findUnique({ where: { companyId_kind: { companyId: opts.companyId, kind: "mail" } }, select: { status: true, lastError: true, settings: true } }),
      tx.integrationConfig.findUnique({ where: { companyId_kind: { companyId: opts.companyId, kind: "ai" } }, select: { status: true } }),
      tx.procSettings.findUnique({ where: { companyId: opts.companyId }, select: { mailLastPollAt: true, mailLastError: true } }),
    ]);
    return {
      mailConfigured: Boolean(mail),
      address: mail ? String((mail.settings as Record<string, unknown>).fromAddress ?? "") : null,
      aiConfigured: Boolean(ai),
      lastPollAt: settings?.mailLastPollAt ?? null,
      lastError: settings?.mailLastError ?? null,
    };
  });
}
