import { withTenant } from "../db";
import { AppError } from "../errors";
import { writeAudit } from "../audit/write-audit";
import type { TActor } from "../tenancy/roles";

/** The manager's choice of supplier for one line (null: back to the cheapest). */
export async function selectQuoteItem(opts: { companyId: string; actor: TActor; orderItemId: string; quoteItemId: string | null }) {
  return withTenant(opts.companyId, async (tx) => {
    const item = await tx.procOrderItem.findUnique({ where: { id: opts.orderItemId } });
    if (!item) throw new AppError("NOT_FOUND", "Позиция не найдена");
    if (opts.quoteItemId) {
      const qi = await tx.procQuoteItem.findUnique({ where: { id: opts.quoteItemId }, include: { quote: { select: { orderId: true, supplier: { select: { name: true } } } } } });
      if (!qi || qi.quote.orderId !== item.orderId) throw new AppError("BAD_REQUEST", "Предложение не относится к этой заявке");
    }
    await tx.procOrderItem.update({ where: { id: item.id }, data: { selectedQuoteItemId: opts.quoteItemId } });
    await writeAudit(tx, opts.companyId, opts.actor, {
      action: "procurement.order.supplier_chosen", entity: "ProcOrder", entityId: item.orderId, changes: { item: item.name, quoteItemId: opts.quoteItemId },
    });
    return { ok: true };
  });
}
