import { withTenant } from "../db";
import { AppError } from "../errors";
import { writeAudit } from "../audit/write-audit";
import type { TActor } from "../tenancy/roles";

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
