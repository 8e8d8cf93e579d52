import { z } from "zod";
import { withTenant, type TTx } from "../db";
import { writeAudit } from "../audit/write-audit";
import { AppError } from "../errors";
import { actorId, loadEditableDeal, type TCrmAccess } from "./access";
import { toDay, ZAmount, ZAmountOrZero, ZDay } from "./money";
import { notifyUsers } from "./notify-users";

export const ZCalculationInput = z.object({
  dealId: z.string().uuid(),
  taskId: z.string().uuid().optional(),
  insurerId: z.string().uuid("Выберите страховщика"),
  productId: z.string().uuid().optional(),
  premium: ZAmount,
  sumInsured: ZAmount,
  deductible: ZAmountOrZero.default(0),
  conditions: z.string().trim().max(5000).optional(),
  validUntil: ZDay.optional(),
  documentId: z.string().uuid().optional(),
}).refine((v) => v.deductible <= v.sumInsured, { message: "Франшиза не может превышать страховую сумму", path: ["deductible"] });

/** Checks that insurer, product, task and document belong to the company and the deal. */
export async function assertDealRefs(tx: TTx, dealId: string, refs: { insurerId?: string; productId?: string; taskId?: string; documentId?: string; calculationId?: string }) {
  if (refs.insurerId && !(await tx.crmInsurer.findFirst({ where: { id: refs.insurerId } }))) throw new AppError("BAD_REQUEST", "Страховщик не найден", { fieldErrors: { insurerId: "Выберите страховщика" } });
  if (refs.productId) {
    const p = await tx.crmProduct.findFirst({ where: { id: refs.productId } });
    if (!p || p.insurerId !== refs.insurerId) throw new AppError("BAD_REQUEST", "Продукт не относится к выбранному страховщику", { fieldErrors: { productId: "Выберите продукт страховщика" } });
  }
  if (refs.taskId && !(await tx.crmTask.findFirst({ where: { id: refs.taskId, dealId } }))) throw new AppError("BAD_REQUEST", "Задача не найдена в этой сделке");
  if (refs.documentId && !(await tx.crmDocument.findFirst({ where: { id: refs.documentId, dealId } }))) throw new AppError("BAD_REQUEST", "Файл не найден в папке сделки");
  if (refs.calculationId && !(await tx.crmCalculation.findFirst({ where: { id: refs.calculationId, dealId } }))) throw new AppError("BAD_REQUEST", "Вариант расчёта не найден в этой сделке");
}

export async function addCalculation(opts: TCrmAccess & z.infer<typeof ZCalculationInput>) {
  return withTenant(opts.companyId, async (tx) => {
    await loadEditableDeal(tx, opts, opts.dealId);
    await assertDealRefs(tx, opts.dealId, opts);
    const calc = await tx.crmCalculation.create({
      data: {
        companyId: opts.companyId, dealId: opts.dealId, taskId: opts.taskId ?? null, insurerId: opts.insurerId, productId: opts.productId ?? null,
        premium: opts.premium, sumInsured: opts.sumInsured, deductible: opts.deductible, conditions: opts.conditions || null,
        validUntil: opts.validUntil ? toDay(opts.validUntil) : null, documentId: opts.documentId ?? null, createdById: actorId(opts),
      },
    });
    await tx.crmDeal.update({ where: { id: opts.dealId }, data: { updatedAt: new Date() } });
    await writeAudit(tx, opts.companyId, opts.actor, {
      action: "crm.calculation.added", entity: "CrmCalculation", entityId: calc.id,
      changes: { dealId: opts.dealId, insurerId: opts.insurerId, productId: opts.productId ?? null, premium: opts.premium, sumInsured: opts.sumInsured, deductible: opts.deductible },
    });
    return { id: calc.id };
  });
}

export async function deleteCalculation(opts: TCrmAccess & { calculationId: string }) {
  return withTenant(opts.companyId, async (tx) => {
    const calc = await tx.crmCalculation.findFirst({ where: { id: opts.calculationId } });
    if (!calc) throw new AppError("NOT_FOUND", "Вариант расчёта не найден");
    await loadEditableDeal(tx, opts, calc.dealId);
    if (calc.chosen) throw new AppError("PRECONDITION_FAILED", "Нельзя удалить выбранный клиентом вариант");
    await tx.crmCalculation.delete({ where: { id: calc.id } });
    await writeAudit(tx, opts.companyId, opts.actor, { action: "crm.calculation.deleted", entity: "CrmCalculation", entityId: calc.id, changes: { dealId: calc.dealId, premium: Number(calc.premium) } });
    return { id: calc.id };
  });
}

/** Marks the option the client chose (one per deal); the deal's other participants are notified once. */
export async function chooseCalculation(opts: TCrmAccess & { calculationId: string }) {
  return withTenant(opts.companyId, async (tx) => {
    const calc = await tx.crmCalculation.findFirst({ where: { id: opts.calculationId }, include: { insurer: { select: { name: true } } } });
    if (!calc) throw new AppError("NOT_FOUND", "Вариант расчёта не найден");
    const deal = await loadEditableDeal(tx, opts, calc.dealId);
    const previous = await tx.crmCalculation.findFirst({ where: { dealId: calc.dealId, chosen: true }, select: { id: true } });
    if (previous?.id === calc.id) return { id: calc.id };
    await tx.crmCalculation.updateMany({ where: { dealId: calc.dealId, chosen: true }, data: { chosen: false } });
    await tx.crmCalculation.update({ where: { id: calc.id }, data: { chosen: true } });
    await tx.crmDeal.update({ where: { id: calc.dealId }, data: { updatedAt: new Date() } });
    const recipients = [...new Set([deal.sellerId, ...deal.participants.map((p) => p.userId)])].filter((u) => u !== opts.actor.userId);
    await notifyUsers(tx, opts.companyId, recipients.map((userId) => ({
      userId, kind: "calculation.chosen" as const, dealId: calc.dealId, key: `calculation.chosen:${calc.id}`,
      title: `Клиент выбрал вариант: ${calc.insurer.name}`, body: `Сделка «${deal.title}»`,
    })));
    await writeAudit(tx, opts.companyId, opts.actor, {
      action: "crm.calculation.chosen", entity: "CrmCalculation", entityId: calc.id, changes: { dealId: calc.dealId, previous: previous?.id ?? null },
    });
    return { id: calc.id };
  });
}
