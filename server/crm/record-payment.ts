import { randomUUID } from "node:crypto";
import { z } from "zod";
import { withTenant, type TTx } from "../db";
import { writeAudit } from "../audit/write-audit";
import { AppError } from "../errors";
import { sendEvent } from "../jobs/send-event";
import { actorId, loadEditableDeal, type TCrmAccess } from "./access";
import { dayString, formatRub, num, toDay, ZAmount, ZDay } from "./money";
import { recomputeReviewDate } from "./recompute-review-date";

export const ZPaymentInput = z.object({ installmentId: z.string().uuid(), amount: ZAmount, paidOn: ZDay });

/** Records a client's (possibly partial) payment of an installment; recomputes the review date. */
export async function recordPayment(opts: TCrmAccess & z.infer<typeof ZPaymentInput>) {
  return withTenant(opts.companyId, async (tx) => {
    const inst = await tx.crmInstallment.findFirst({ where: { id: opts.installmentId } });
    if (!inst) throw new AppError("NOT_FOUND", "Взнос не найден");
    await loadEditableDeal(tx, opts, inst.dealId);
    const rest = num(inst.amount) - num(inst.paidAmount);
    if (rest <= 0) throw new AppError("CONFLICT", "Взнос уже оплачен полностью");
    if (opts.amount > rest) throw new AppError("BAD_REQUEST", `Оплата превышает остаток взноса (${formatRub(rest)})`, { fieldErrors: { amount: `Не больше ${formatRub(rest)}` } });
    const paidAmount = num(inst.paidAmount) + opts.amount;
    const payment = await tx.crmPayment.create({
      data: { companyId: opts.companyId, policyId: inst.policyId, installmentId: inst.id, amount: opts.amount, paidOn: toDay(opts.paidOn), createdById: actorId(opts) },
    });
    await tx.crmInstallment.update({
      where: { id: inst.id },
      data: { paidAmount, paidAt: paidAmount >= num(inst.amount) ? toDay(opts.paidOn) : null },
    });
    const reviewDate = await recomputeReviewDate(tx, inst.dealId);
    await writeAudit(tx, opts.companyId, opts.actor, {
      action: "crm.payment.recorded", entity: "CrmInstallment", entityId: inst.id,
      changes: { paymentId: payment.id, amount: opts.amount, paidOn: opts.paidOn, paidAmount: { from: num(inst.paidAmount), to: paidAmount }, reviewDate },
    });
    await sendEvent(tx, {
      name: "crm/deal.payment.updated", trigger: "event", actor: opts.actor, idempotencyKey: `payment:${payment.id}`,
      data: { companyId: opts.companyId, dealId: inst.dealId, policyId: inst.policyId, change: "installment.paid", actorId: opts.actor.userId },
    });
    return { id: payment.id, paidAmount, reviewDate };
  });
}

export const ZMoneyRecordInput = z.object({
  policyId: z.string().uuid(),
  kind: z.string().trim().min(1).max(50),
  amount: ZAmount,
  date: ZDay,
  note: z.string().trim().max(1000).optional(),
});

export const INCOME_KINDS = { commission: "Комиссия", bonus: "Бонус страховщика", other: "Прочий доход" } as const;
export const EXPENSE_KINDS = { agent: "Агентское вознаграждение", discount: "Скидка клиенту", other: "Прочий расход" } as const;

/** Records an income (commission received…) or an expense (agent fee paid…) against a policy. */
export async function recordMoney(opts: TCrmAccess & z.infer<typeof ZMoneyRecordInput> & { direction: "income" | "expense" }) {
  const kinds: Record<string, string> = opts.direction === "income" ? INCOME_KINDS : EXPENSE_KINDS;
  if (!kinds[opts.kind]) throw new AppError("BAD_REQUEST", "Неизвестный вид операции", { fieldErrors: { kind: "Выберите вид" } });
  return withTenant(opts.companyId, async (tx) => {
    const policy = await tx.crmPolicy.findFirst({ where: { id: opts.policyId }, select: { id: true, dealId: true, premium: true } });
    if (!policy) throw new AppError("NOT_FOUND", "Полис не найден");
    await loadEditableDeal(tx, opts, policy.dealId);
    if (opts.amount > num(policy.premium)) throw new AppError("BAD_REQUEST", "Сумма больше премии полиса: проверьте сумму", { fieldErrors: { amount: "Слишком большая сумма" } });
    const id = randomUUID();
    const base = { id, companyId: opts.companyId, policyId: policy.id, dealId: policy.dealId, kind: opts.kind, amount: opts.amount, note: opts.note || null, createdById: actorId(opts) };
    if (opts.direction === "income") await tx.crmIncome.create({ data: { ...base, receivedOn: toDay(opts.date) } });
    else await tx.crmExpense.create({ data: { ...base, paidOn: toDay(opts.date) } });
    await tx.crmDeal.update({ where: { id: policy.dealId }, data: { updatedAt: new Date() } });
    await writeAudit(tx, opts.companyId, opts.actor, {
      action: `crm.${opts.direction}.recorded`, entity: opts.direction === "income" ? "CrmIncome" : "CrmExpense", entityId: id,
      changes: { policyId: policy.id, kind: opts.kind, amount: opts.amount, date: opts.date },
    });
    await sendEvent(tx, {
      name: opts.direction === "income" ? "crm/deal.payment.income.recorded" : "crm/deal.payment.expense.recorded",
      trigger: "event", actor: opts.actor, idempotencyKey: `${opts.direction}:${id}`,
      data: { companyId: opts.companyId, dealId: policy.dealId, policyId: policy.id, recordId: id, kind: opts.kind, amount: opts.amount, actorId: opts.actor.userId },
    });
    return { id };
  });
}

/** Deletes a wrongly entered income or expense (audited, with an event). */
export async function deleteMoney(opts: TCrmAccess & { id: string; direction: "income" | "expense" }) {
  return withTenant(opts.companyId, async (tx) => {
    const row = opts.direction === "income"
      ? await tx.crmIncome.findFirst({ where: { id: opts.id } })
      : await tx.crmExpense.findFirst({ where: { id: opts.id } });
    if (!row) throw new AppError("NOT_FOUND", "Запись не найдена");
    await loadEditableDeal(tx, opts, row.dealId);
    if (opts.direction === "income") await tx.crmIncome.delete({ where: { id: row.id } });
    else await tx.crmExpense.delete({ where: { id: row.id } });
    await writeAudit(tx, opts.companyId, opts.actor, {
      action: `crm.${opts.direction}.deleted`, entity: opts.direction === "income" ? "CrmIncome" : "CrmExpense", entityId: row.id,
      changes: { policyId: row.policyId, kind: row.kind, amount: num(row.amount) },
    });
    await sendEvent(tx, {
      name: opts.direction === "income" ? "crm/deal.payment.income.deleted" : "crm/deal.payment.expense.deleted",
      trigger: "event", actor: opts.actor, idempotencyKey: `${opts.direction}.deleted:${row.id}`,
      data: { companyId: opts.companyId, dealId: row.dealId, policyId: row.policyId, recordId: row.id, kind: row.kind, amount: num(row.amount), actorId: opts.actor.userId },
    });
    return { id: row.id };
  });
}

export const ZUpdatePaymentInput = z.object({ paymentId: z.string().uuid(), amount: ZAmount, paidOn: ZDay });

/** The installment's paid sum and the date it became fully paid, from its remaining payments. */
async function settleInstallment(tx: TTx, installmentId: string) {
  const inst = await tx.crmInstallment.findFirstOrThrow({ where: { id: installmentId }, include: { payments: { select: { amount: true, paidOn: true }, orderBy: { paidOn: "asc" } } } });
  const paidAmount = inst.payments.reduce((s, x) => s + num(x.amount), 0);
  const paidAt = paidAmount >= num(inst.amount) ? inst.payments[inst.payments.length - 1]!.paidOn : null;
  await tx.crmInstallment.update({ where: { id: inst.id }, data: { paidAmount, paidAt } });
  return paidAmount;
}

async function loadPayment(tx: TTx, a: TCrmAccess, paymentId: string) {
  const payment = await tx.crmPayment.findFirst({ where: { id: paymentId }, include: { installment: true } });
  if (!payment) throw new AppError("NOT_FOUND", "Оплата не найдена");
  await loadEditableDeal(tx, a, payment.installment.dealId);
  return payment;
}

/** Corrects a recorded payment (amount or date); the installment's paid sum and the review date follow. */
export async function updatePayment(opts: TCrmAccess & z.infer<typeof ZUpdatePaymentInput>) {
  return withTenant(opts.companyId, async (tx) => {
    const p = await loadPayment(tx, opts, opts.paymentId);
    const inst = p.installment;
    const maxAmount = num(inst.amount) - (num(inst.paidAmount) - num(p.amount));
    if (opts.amount > maxAmount) throw new AppError("BAD_REQUEST", `Оплата превышает остаток взноса (${formatRub(maxAmount)})`, { fieldErrors: { amount: `Не больше ${formatRub(maxAmount)}` } });
    await tx.crmPayment.update({ where: { id: p.id }, data: { amount: opts.amount, paidOn: toDay(opts.paidOn) } });
    const paidAmount = await settleInstallment(tx, inst.id);
    const reviewDate = await recomputeReviewDate(tx, inst.dealId);
    await writeAudit(tx, opts.companyId, opts.actor, {
      action: "crm.payment.updated", entity: "CrmInstallment", entityId: inst.id,
      changes: {
        paymentId: p.id, amount: { from: num(p.amount), to: opts.amount }, paidOn: { from: dayString(p.paidOn), to: opts.paidOn },
        paidAmount: { from: num(inst.paidAmount), to: paidAmount }, reviewDate,
      },
    });
    await sendEvent(tx, {
      name: "crm/deal.payment.updated", trigger: "event", actor: opts.actor, idempotencyKey: `payment.updated:${p.id}:${randomUUID()}`,
      data: { companyId: opts.companyId, dealId: inst.dealId, policyId: inst.policyId, change: "payment.updated", actorId: opts.actor.userId },
    });
    return { id: p.id, paidAmount, reviewDate };
  });
}

/** Undoes a recorded payment (e.g. entered by mistake); the installment becomes unpaid again as far as it follows. */
export async function deletePayment(opts: TCrmAccess & { paymentId: string }) {
  return withTenant(opts.companyId, async (tx) => {
    const p = await loadPayment(tx, opts, opts.paymentId);
    const inst = p.installment;
    await tx.crmPayment.delete({ where: { id: p.id } });
    const paidAmount = await settleInstallment(tx, inst.id);
    const reviewDate = await recomputeReviewDate(tx, inst.dealId);
    await writeAudit(tx, opts.companyId, opts.actor, {
      action: "crm.payment.deleted", entity: "CrmInstallment", entityId: inst.id,
      changes: { paymentId: p.id, before: { amount: num(p.amount), paidOn: dayString(p.paidOn) }, paidAmount: { from: num(inst.paidAmount), to: paidAmount }, reviewDate },
    });
    await sendEvent(tx, {
      name: "crm/deal.payment.updated", trigger: "event", actor: opts.actor, idempotencyKey: `payment.deleted:${p.id}`,
      data: { companyId: opts.companyId, dealId: inst.dealId, policyId: inst.policyId, change: "payment.deleted", actorId: opts.actor.userId },
    });
    return { id: p.id, paidAmount, reviewDate };
  });
}

export const ZUpdateMoneyInput = ZMoneyRecordInput.omit({ policyId: true }).extend({ id: z.string().uuid() });

/** Corrects a recorded income or expense (kind, amount, date, note); audited with before/after, with an event. */
export async function updateMoney(opts: TCrmAccess & z.infer<typeof ZUpdateMoneyInput> & { direction: "income" | "expense" }) {
  const kinds: Record<string, string> = opts.direction === "income" ? INCOME_KINDS : EXPENSE_KINDS;
  if (!kinds[opts.kind]) throw new AppError("BAD_REQUEST", "Неизвестный вид операции", { fieldErrors: { kind: "Выберите вид" } });
  return withTenant(opts.companyId, async (tx) => {
    const row = opts.direction === "income"
      ? await tx.crmIncome.findFirst({ where: { id: opts.id }, include: { policy: { select: { premium: true } } } }).then((r) => r && { ...r, date: r.receivedOn })
      : await tx.crmExpense.findFirst({ where: { id: opts.id }, include: { policy: { select: { premium: true } } } }).then((r) => r && { ...r, date: r.paidOn });
    if (!row) throw new AppError("NOT_FOUND", "Запись не найдена");
    await loadEditableDeal(tx, opts, row.dealId);
    if (opts.amount > num(row.policy.premium)) throw new AppError("BAD_REQUEST", "Сумма больше премии полиса: проверьте сумму", { fieldErrors: { amount: "Слишком большая сумма" } });
    const before = { kind: row.kind, amount: num(row.amount), date: dayString(row.date), note: row.note };
    const after = { kind: opts.kind, amount: opts.amount, date: opts.date, note: opts.note || null };
    const changes = Object.fromEntries(Object.entries(after).filter(([k, v]) => before[k as keyof typeof before] !== v).map(([k, v]) => [k, { from: before[k as keyof typeof before], to: v }]));
    if (Object.keys(changes).length === 0) return { id: row.id };
    const data = { kind: opts.kind, amount: opts.amount, note: opts.note || null };
    if (opts.direction === "income") await tx.crmIncome.update({ where: { id: row.id }, data: { ...data, receivedOn: toDay(opts.date) } });
    else await tx.crmExpense.update({ where: { id: row.id }, data: { ...data, paidOn: toDay(opts.date) } });
    await tx.crmDeal.update({ where: { id: row.dealId }, data: { updatedAt: new Date() } });
    await writeAudit(tx, opts.companyId, opts.actor, {
      action: `crm.${opts.direction}.updated`, entity: opts.direction === "income" ? "CrmIncome" : "CrmExpense", entityId: row.id,
      changes: { policyId: row.policyId, ...changes },
    });
    await sendEvent(tx, {
      name: opts.direction === "income" ? "crm/deal.payment.income.updated" : "crm/deal.payment.expense.updated",
      trigger: "event", actor: opts.actor, idempotencyKey: `${opts.direction}.updated:${row.id}:${randomUUID()}`,
      data: { companyId: opts.companyId, dealId: row.dealId, policyId: row.policyId, recordId: row.id, changeId: randomUUID(), kind: opts.kind, amount: opts.amount, actorId: opts.actor.userId },
    });
    return { id: row.id };
  });
}
