import { withTenant } from "../db";
import { AppError } from "../errors";
import { writeAudit } from "../audit/write-audit";
import type { TActor } from "../tenancy/roles";
import { nextNumber } from "./numbering";
import type { TItemInput } from "./save-order-items";

/**
 * An order typed in by a manager (a phone call, a messenger): no email, same `ORD-YYYY-NNNN` numbering.
 * The client is an existing one (`clientId`) or matched / created by email, or created by name. Without
 * items the order waits in «Требует проверки» until the manager fills them in.
 */
export async function createManualOrder(opts: {
  companyId: string;
  actor: TActor;
  clientId?: string | null;
  client?: { name: string; email?: string | null; phone?: string | null } | null;
  subject: string;
  items: TItemInput[];
}) {
  const { companyId, actor } = opts;
  return withTenant(companyId, async (tx) => {
    let clientId: string | null = null;
    if (opts.clientId) {
      const found = await tx.procClient.findUnique({ where: { id: opts.clientId }, select: { id: true } });
      if (!found) throw new AppError("NOT_FOUND", "Клиент не найден");
      clientId = found.id;
    } else if (opts.client?.name) {
      const email = opts.client.email?.trim().toLowerCase() || null;
      const existing = email ? await tx.procClient.findFirst({ where: { email }, select: { id: true } }) : null;
      clientId = existing?.id
        ?? (await tx.procClient.create({ data: { companyId, name: opts.client.name, email, phone: opts.client.phone || null }, select: { id: true } })).id;
    }
    const settings = await tx.procSettings.findUnique({ where: { companyId }, select: { defaultMarkupPct: true } });
    const number = await nextNumber(tx, companyId, "ORD");
    const hasItems = opts.items.length > 0;
    const order = await tx.procOrder.create({
      data: {
        companyId,
        number,
        status: hasItems ? "new" : "needs_review",
        clientId,
        subject: opts.subject.slice(0, 500),
        aiStatus: "manual",
        reviewReason: hasItems ? null : "Заявка создана вручную: заполните позиции",
        ...(settings ? { markupPct: settings.defaultMarkupPct } : {}),
        items: {
          create: opts.items.map((i, index) => ({
            companyId, position: index + 1, name: i.name, brand: i.brand || null, article: i.article || null, quantity: i.quantity, unit: i.unit, notes: i.notes || null,
          })),
        },
      },
      select: { id: true, number: true, status: true },
    });
    await writeAudit(tx, companyId, actor, {
      action: "procurement.order.created",
      entity: "ProcOrder",
      entityId: order.id,
      changes: { number, status: order.status, source: "manual", subject: opts.subject, items: opts.items.length },
    });
    return order;
  });
}
