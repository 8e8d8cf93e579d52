import { z } from "zod";
import { withTenant, Prisma, type TTx } from "../db";
import { writeAudit } from "../audit/write-audit";
import { AppError } from "../errors";
import { sendEvent } from "../jobs/send-event";
import { actorId, loadEditableDeal, type TCrmAccess } from "./access";
import { assertDealRefs } from "./add-calculation";
import { commissionFromRate, formatRub, toDay, ZAmount, ZAmountOrZero, ZDay, ZRateBp } from "./money";
import { recomputeReviewDate } from "./recompute-review-date";

export const ZPolicyInput = z.object({
  dealId: z.string().uuid(),
  calculationId: z.string().uuid().optional(),
  insurerId: z.string().uuid("Выберите страховщика"),
  productId: z.string().uuid().optional(),
  number: z.string().trim().min(1, "Укажите номер полиса").max(100),
  startDate: ZDay,
  endDate: ZDay,
  premium: ZAmount,
  /** Expected commission: from a rate (the product's when omitted) or typed by hand. */
  commission: z.discriminatedUnion("mode", [
    z.object({ mode: z.literal("rate"), rateBp: ZRateBp.optional() }),
    z.object({ mode: z.literal("manual"), amount: ZAmountOrZero }),
  ]),
  expectedExpenses: ZAmountOrZero.default(0),
  documentId: z.string().uuid().optional(),
  /** Installment schedule; empty = one installment of the whole premium due on the start date. */
  installments: z.array(z.object({ dueDate: ZDay, amount: ZAmount })).max(120, "Не больше 120 взносов").default([]),
});
export type TPolicyInput = z.infer<typeof ZPolicyInput>;

/** Pure checks of a policy's numbers (exported for unit tests). Russian messages with the field. */
export function validatePolicyNumbers(p: Pick<TPolicyInput, "startDate" | "endDate" | "premium" | "installments" | "expectedExpenses">, commission: number): void {
  const fail = (field: string, message: string) => { throw new AppError("BAD_REQUEST", message, { fieldErrors: { [field]: message } }); };
  if (p.endDate < p.startDate) fail("endDate", "Дата окончания полиса раньше даты начала");
  if (toDay(p.endDate).getTime() - toDay(p.startDate).getTime() > 10 * 366 * 86_400_000) fail("endDate", "Срок полиса больше 10 лет: проверьте даты");
  const total = p.installments.reduce((s, i) => s + i.amount, 0);
  if (total > p.premium) fail("installments", `Сумма взносов (${formatRub(total)}) превышает премию (${formatRub(p.premium)})`);
  const dates = p.installments.map((i) => i.dueDate);
  if (new Set(dates).size !== dates.length) fail("installments", "Два взноса на одну дату: объедините их");
  if (p.installments.some((i) => i.dueDate > p.endDate)) fail("installments", "Срок взноса позже окончания полиса");
  if (commission > p.premium) fail("commission", "Комиссия не может превышать премию");
  if (p.expectedExpenses > p.premium) fail("expectedExpenses", "Расходы не могут превышать премию");
}

/** The expected commission: from the given rate, the product's rate, or typed by hand. */
export async function resolveCommission(tx: TTx, p: Pick<TPolicyInput, "commission" | "productId" | "premium">): Promise<{ rateBp: number | null; commission: number }> {
  if (p.commission.mode === "manual") return { rateBp: null, commission: p.commission.amount };
  let rateBp = p.commission.rateBp ?? null;
  if (rateBp === null) {
    const product = p.productId ? await tx.crmProduct.findFirst({ where: { id: p.productId } }) : null;
    if (!product) throw new AppError("BAD_REQUEST", "Выберите продукт со ставкой комиссии или введите комиссию вручную", { fieldErrors: { commission: "Нет ставки комиссии" } });
    rateBp = product.commissionRateBp;
  }
  return { rateBp, commission: commissionFromRate(p.premium, rateBp) };
}

/** Adds a policy with its installment schedule; recomputes the review date; emits crm/deal.payment.updated. */
export async function addPolicy(opts: TCrmAccess & TPolicyInput) {
  return withTenant(opts.companyId, async (tx) => {
    const deal = await loadEditableDeal(tx, opts, opts.dealId);
    await assertDealRefs(tx, opts.dealId, opts);
    const { rateBp, commission } = await resolveCommission(tx, opts);
    const installments = opts.installments.length ? opts.installments : [{ dueDate: opts.startDate, amount: opts.premium }];
    validatePolicyNumbers({ ...opts, installments }, commission);
    const exists = await tx.crmPolicy.findFirst({ where: { insurerId: opts.insurerId, number: opts.number } });
    if (exists) throw new AppError("CONFLICT", "Полис с таким номером у этого страховщика уже внесён", { fieldErrors: { number: "Номер уже есть" } });
    let policy;
    try {
      policy = await tx.crmPolicy.create({
        data: {
          companyId: opts.companyId, dealId: opts.dealId, calculationId: opts.calculationId ?? null, insurerId: opts.insurerId,
          productId: opts.productId ?? null, number: opts.number, startDate: toDay(opts.startDate), endDate: toDay(opts.endDate),
          premium: opts.premium, commissionRateBp: rateBp, expectedCommission: commission, commissionManual: opts.commission.mode === "manual",
          expectedExpenses: opts.expectedExpenses, documentId: opts.documentId ?? null, createdById: actorId(opts),
        },
      });
    } catch (err) {
      if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === "P2002") throw new AppError("CONFLICT", "Полис с таким номером у этого страховщика уже внесён");
      throw err;
    }
    await tx.crmInstallment.createMany({
      data: installments.map((i) => ({ companyId: opts.companyId, policyId: policy.id, dealId: opts.dealId, dueDate: toDay(i.dueDate), amount: i.amount })),
    });
    if (["new", "calculation", "negotiation", "issuing"].includes(deal.stage)) await tx.crmDeal.update({ where: { id: opts.dealId }, data: { stage: "active" } });
    const reviewDate = await recomputeReviewDate(tx, opts.dealId);
    await writeAudit(tx, opts.companyId, opts.actor, {
      action: "crm.policy.added", entity: "CrmPolicy", entityId: policy.id,
      changes: { dealId: opts.dealId, number: opts.number, premium: opts.premium, expectedCommission: commission, commissionRateBp: rateBp, installments, reviewDate },
    });
    await sendEvent(tx, {
      name: "crm/deal.payment.updated", trigger: "event", actor: opts.actor, idempotencyKey: `policy.added:${policy.id}`,
      data: { companyId: opts.companyId, dealId: opts.dealId, policyId: policy.id, change: "policy.added", actorId: opts.actor.userId },
    });
    return { id: policy.id, expectedCommission: commission, reviewDate };
  });
}
