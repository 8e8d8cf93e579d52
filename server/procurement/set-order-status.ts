/** Manual status change of an order (won, lost, cancelled…), audited. */
import { withTenant } from "../db";
import { AppError } from "../errors";
import { writeAudit } from "../audit/write-audit";
import type { TActor } from "../tenancy/roles";
import type { ProcOrderStatus } from "../generated/prisma/enums";

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
