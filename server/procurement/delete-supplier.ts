/** Deletes a supplier never asked for prices (otherwise it should be switched off); audited. */
import { withTenant } from "../db";
import { AppError } from "../errors";
import { writeAudit } from "../audit/write-audit";
import type { TActor } from "../tenancy/roles";

export async function deleteSupplier(opts: { companyId: string; actor: TActor; id: string }) {
  return withTenant(opts.companyId, async (tx) => {
    const row = await tx.procSupplier.findUnique({ where: { id: opts.id }, include: { _count: { select: { rfqs: true } } } });
    if (!row) throw new AppError("NOT_FOUND", "Поставщик не найден");
    if (row._count.rfqs > 0) throw new AppError("CONFLICT", "У поставщика есть запросы цен: отключите его вместо удаления");
    await tx.procSupplier.delete({ where: { id: row.id } });
    await writeAudit(tx, opts.companyId, opts.actor, { action: "procurement.supplier.deleted", entity: "ProcSupplier", entityId: row.id, changes: { name: row.name, email: row.email } });
    return { ok: true };
  });
}
