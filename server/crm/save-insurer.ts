import { z } from "zod";
import { withTenant } from "../db";
import { writeAudit } from "../audit/write-audit";
import { AppError } from "../errors";
import { seesAllDeals, type TCrmAccess } from "./access";
import { ZRateBp } from "./money";

export const ZInsurerInput = z.object({
  name: z.string().trim().min(2, "Название страховщика — не короче 2 символов").max(200),
  products: z.array(z.object({
    name: z.string().trim().min(1, "Укажите продукт").max(200),
    commissionRateBp: ZRateBp,
  })).max(100),
});

/** Insurers and their products with commission rates (reference data; managers and admins edit it). */
export async function saveInsurer(opts: TCrmAccess & z.infer<typeof ZInsurerInput>) {
  if (!seesAllDeals(opts.role)) throw new AppError("FORBIDDEN", "Справочник страховщиков меняют руководители и администраторы");
  return withTenant(opts.companyId, async (tx) => {
    const insurer = await tx.crmInsurer.upsert({
      where: { companyId_name: { companyId: opts.companyId, name: opts.name } },
      update: {}, create: { companyId: opts.companyId, name: opts.name },
    });
    for (const p of opts.products) {
      await tx.crmProduct.upsert({
        where: { companyId_insurerId_name: { companyId: opts.companyId, insurerId: insurer.id, name: p.name } },
        update: { commissionRateBp: p.commissionRateBp },
        create: { companyId: opts.companyId, insurerId: insurer.id, name: p.name, commissionRateBp: p.commissionRateBp },
      });
    }
    await writeAudit(tx, opts.companyId, opts.actor, { action: "crm.insurer.saved", entity: "CrmInsurer", entityId: insurer.id, changes: { name: opts.name, products: opts.products } });
    return { id: insurer.id };
  });
}

export async function listInsurers(opts: { companyId: string }) {
  return withTenant(opts.companyId, async (tx) => {
    const rows = await tx.crmInsurer.findMany({ orderBy: { name: "asc" }, include: { products: { orderBy: { name: "asc" } } } });
    return rows.map((i) => ({ id: i.id, name: i.name, products: i.products.map((p) => ({ id: p.id, name: p.name, commissionRateBp: p.commissionRateBp })) }));
  });
}
