/** Creates or updates a supplier (audited); the email is unique per company. */
import { withTenant } from "../db";
import { AppError } from "../errors";
import { writeAudit } from "../audit/write-audit";
import type { TActor } from "../tenancy/roles";
import { uniqueViolation } from "./save-client";

export type TSupplierInput = { name: string; email: string; phone?: string | null; categories: string[]; brands: string[]; notes?: string | null; active: boolean };

export async function saveSupplier(opts: { companyId: string; actor: TActor; id?: string | null; data: TSupplierInput }) {
  const clean = (list: string[]) => [...new Set(list.map((s) => s.trim()).filter(Boolean))];
  const data = { ...opts.data, email: opts.data.email.trim().toLowerCase(), categories: clean(opts.data.categories), brands: clean(opts.data.brands) };
  try {
    return await withTenant(opts.companyId, async (tx) => {
      const before = opts.id ? await tx.procSupplier.findUnique({ where: { id: opts.id } }) : null;
      if (opts.id && !before) throw new AppError("NOT_FOUND", "Поставщик не найден");
      const row = before
        ? await tx.procSupplier.update({ where: { id: before.id }, data })
        : await tx.procSupplier.create({ data: { ...data, companyId: opts.companyId } });
      await writeAudit(tx, opts.companyId, opts.actor, {
        action: before ? "procurement.supplier.updated" : "procurement.supplier.created", entity: "ProcSupplier", entityId: row.id, changes: { before, after: data },
      });
      return row;
    });
  } catch (error) {
    if (uniqueViolation(error)) throw new AppError("CONFLICT", "Поставщик с таким email уже есть");
    throw error;
  }
}
