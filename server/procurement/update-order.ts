import { withTenant } from "../db";
import { AppError } from "../errors";
import { writeAudit } from "../audit/write-audit";
import type { TActor } from "../tenancy/roles";
import type { ProcOrderStatus } from "../generated/prisma/enums";

export type TItemInput = { id?: string | null; name: string; brand?: string | null; article?: string | null; quantity: number; unit: string; notes?: string | null };

/**
 * Replaces the order's items with the manager's edited list (kept ids are updated, missing ones deleted,
 * new ones added). A reviewed order leaves «Требует проверки».
 */
export async function saveOrderItems(opts: { companyId: string; actor: TActor; orderId: string; items: TItemInput[] }) {
  const { companyId, actor, orderId } = opts;
  return withTenant(companyId, async (tx) => {
    const order = await tx.procOrder.findUnique({ where: { id: orderId }, include: { items: true } });
    if (!order) throw new AppError("NOT_FOUND", "Заявка не найдена");
    const keep = new Set(opts.items.map((i) => i.id).filter(Boolean));
    const removed = order.items.filter((i) => !keep.has(i.id));
    if (removed.length) await tx.procOrderItem.deleteMany({ where: { id: { in: removed.map((r) => r.id) } } });
    for (const [index, item] of opts.items.entries()) {
      const data = {
        position: index + 1, name: item.name, brand: item.brand || null, article: item.article || null, quantity: item.quantity, unit: item.unit, notes: item.notes || null,
      };
      if (item.id && order.items.some((i) => i.id === item.id)) await tx.procOrderItem.update({ where: { id: item.id }, data });
      else await tx.procOrderItem.create({ data: { ...data, companyId, orderId } });
    }
    const reviewed = order.status === "needs_review" && opts.items.length > 0;
    if (reviewed) await tx.procOrder.update({ where: { id: orderId }, data: { status: "new", reviewReason: null } });
    await writeAudit(tx, companyId, actor, {
      action: "procurement.order.items_saved",
      entity: "ProcOrder",
      entityId: orderId,
      changes: {
        before: order.items.map((i) => `${i.name} × ${i.quantity} ${i.unit}`),
        after: opts.items.map((i) => `${i.name} × ${i.quantity} ${i.unit}`),
        ...(reviewed ? { status: "needs_review → new" } : {}),
      },
    });
    return { items: opts.items.length, status: reviewed ? "new" : order.status };
  });
}

export async function setOrderStatus(opts: { companyId: string; actor: TActor; orderId: string; status: `${ProcOrderStatus}` }) {
  return withTenant(opts.companyId, async (tx) => {
    const order = await tx.procOrder.findUnique({ where: { id: opts.orderId }, select: { status: true } });
    if (!order) throw new AppError("NOT_FOUND", "Заявка не найдена");
    await tx.procOrder.update({ where: { id: opts.orderId }, data: { status: opts.status } });
    await writeAudit(tx, opts.companyId, opts.actor, {
      action: "procurement.order.status_changed", entity: "ProcOrder", entityId: opts.orderId, changes: { from: order.status, to: opts.status },
    });
    return { status: opts.status };
  });
}

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
