import { z } from "zod";
import { withTenant } from "../db";
import { writeAudit } from "../audit/write-audit";
import { loadEditableDeal, type TCrmAccess } from "./access";

export const ZJournalInput = z.object({
  dealId: z.string().uuid(),
  text: z.string().trim().min(1, "Запись пуста").max(10_000, "Слишком длинная запись (до 10 000 символов)"),
});

export async function addJournalEntry(opts: TCrmAccess & z.infer<typeof ZJournalInput>) {
  return withTenant(opts.companyId, async (tx) => {
    await loadEditableDeal(tx, opts, opts.dealId);
    const entry = await tx.crmJournalEntry.create({
      data: { companyId: opts.companyId, dealId: opts.dealId, authorId: opts.actor.userId, authorName: opts.actor.name, text: opts.text },
    });
    await tx.crmDeal.update({ where: { id: opts.dealId }, data: { updatedAt: new Date() } });
    await writeAudit(tx, opts.companyId, opts.actor, { action: "crm.journal.added", entity: "CrmJournalEntry", entityId: entry.id, changes: { dealId: opts.dealId } });
    return { id: entry.id };
  });
}
