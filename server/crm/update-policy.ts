/**
 * Editing and deleting a policy with its installment schedule. Everything in one tenant transaction: the policy,
 * its installments, the review date, the audit entry (before/after) and the domain event commit or roll back together.
 * Paid money is protected: an installment with a recorded payment can't be removed or made smaller than what was paid,
 * and a policy with payments, incomes or expenses can't be deleted until they are undone.
 */
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { withTenant, Prisma } from "../db";
import { writeAudit } from "../audit/write-audit";
import { AppError } from "../errors";
import { sendEvent } from "../jobs/send-event";
import { loadEditableDeal, type TCrmAccess } from "./access";
import { assertDealRefs } from "./add-calculation";
import { resolveCommission, validatePolicyNumbers, ZPolicyInput } from "./add-policy";
import { dayString, formatRub, num, toDay, ZAmount, ZDay } from "./money";
import { recomputeReviewDate } from "./recompute-review-date";

export const ZUpdatePolicyInput = ZPolicyInput.omit({ dealId: true, calculationId: true, installments: true }).extend({
  policyId: z.string().uuid(),
  documentId: z.string().uuid().nullish(),
  /** The whole new schedule: rows with an id change that installment, rows without one are added, missing ones are removed. */
  installments: z.array(z.object({ id: z.string().uuid().optional(), dueDate: ZDay, amount: ZAmount }))
    .min(1, "В графике должен быть хотя бы один взнос").max(120, "Не больше 120 взносов"),
});
export type TUpdatePolicyInput = z.infer<typeof ZUpdatePolicyInput>;

const fail = (code: "BAD_REQUEST" | "CONFLICT", field: string, message: string): never => {
  throw new AppError(code, message, { fieldErrors: { [field]: message } });
};

type TSnapshotSource = {
  number: string; insurerId: string; productId: string | null; startDate: Date; endDate: Date; premium: bigint; commissionRateBp: number | null;
  expectedCommission: bigint; commissionManual: boolean; expectedExpenses: bigint; documentId: string | null;
  installments: { id: string; dueDate: Date; amount: bigint; paidAmount: bigint }[];
};

function snapshot(p: TSnapshotSource) {
  return {
    number: p.number, insurerId: p.insurerId, productId: p.productId, startDate: dayString(p.startDate), endDate: dayString(p.endDate),
    premium: num(p.premium), commissionRateBp: p.commissionRateBp, expectedCommission: num(p.expectedCommission), commissionManual: p.commissionManual,
    expectedExpenses: num(p.expectedExpenses), documentId: p.documentId,
    installments: [...p.installments].sort((a, b) => a.dueDate.getTime() - b.dueDate.getTime())
      .map((i) => ({ id: i.id, dueDate: dayString(i.dueDate), amount: num(i.amount), paidAmount: num(i.paidAmount) })),
  };
}

/** Only the fields that changed, as { from, to }. */
function diff(before: Record<string, unknown>, after: Record<string, unknown>) {
  return Object.fromEntries(Object.keys(after)
    .filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]))
    .map((k) => [k, { from: before[k], to: after[k] }]));
}

async function loadPolicy(tx: Prisma.TransactionClient, policyId: string) {
  const policy = await tx.crmPolicy.findFirst({
    where: { id: policyId },
    include: { installments: { include: { payments: { select: { paidOn: true } } } }, _count: { select: { incomes: true, expenses: true } } },
  });
  if (!policy) throw new AppError("NOT_FOUND", "Полис не найден");
  return policy;
}

/** Changes a policy and its schedule; recomputes the commission (unless typed by hand) and the review date. */
export async function updatePolicy(opts: TCrmAccess & TUpdatePolicyInput) {
  return withTenant(opts.companyId, async (tx) => {
    const policy = await loadPolicy(tx, opts.policyId);
    await loadEditableDeal(tx, opts, policy.dealId);
    await assertDealRefs(tx, policy.dealId, { insurerId: opts.insurerId, productId: opts.productId, documentId: opts.documentId ?? undefined });
    const { rateBp, commission } = await resolveCommission(tx, opts);
    validatePolicyNumbers(opts, commission);

    const existing = new Map(policy.installments.map((i) => [i.id, i]));
    const keep = new Set<string>();
    for (const row of opts.installments) {
      if (!row.id) continue;
      const inst = existing.get(row.id);
      if (!inst) fail("BAD_REQUEST", "installments", "Взнос не относится к этому полису");
      if (keep.has(row.id)) fail("BAD_REQUEST", "installments", "Взнос указан в графике дважды");
      keep.add(row.id);
      if (row.amount < num(inst!.paidAmount)) {
        fail("BAD_REQUEST", "installments", `Сумма взноса от ${dayString(inst!.dueDate)} меньше уже оплаченной (${formatRub(num(inst!.paidAmount))}): сначала отмените оплату`);
      }
    }
    const removed = policy.installments.filter((i) => !keep.has(i.id));
    const paidRemoved = removed.find((i) => num(i.paidAmount) > 0);
    if (paidRemoved) {
      fail("CONFLICT", "installments", `Взнос от ${dayString(paidRemoved.dueDate)} оплачен (${formatRub(num(paidRemoved.paidAmount))}): удалить его можно только после отмены оплаты`);
    }
    if (opts.insurerId !== policy.insurerId || opts.number !== policy.number) {
      const dup = await tx.crmPolicy.findFirst({ where: { insurerId: opts.insurerId, number: opts.number, id: { not: policy.id } } });
      if (dup) fail("CONFLICT", "number", "Полис с таким номером у этого страховщика уже внесён");
    }

    const before = snapshot(policy);
    try {
      await tx.crmPolicy.update({
        where: { id: policy.id },
        data: {
          insurerId: opts.insurerId, productId: opts.productId ?? null, number: opts.number, startDate: toDay(opts.startDate), endDate: toDay(opts.endDate),
          premium: opts.premium, commissionRateBp: rateBp, expectedCommission: commission, commissionManual: opts.commission.mode === "manual",
          expectedExpenses: opts.expectedExpenses, ...(opts.documentId !== undefined ? { documentId: opts.documentId } : {}),
        },
      });
    } catch (err) {
      if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === "P2002") fail("CONFLICT", "number", "Полис с таким номером у этого страховщика уже внесён");
      throw err;
    }
    if (removed.length) await tx.crmInstallment.deleteMany({ where: { id: { in: removed.map((i) => i.id) } } });
    for (const row of opts.installments) {
      if (row.id) {
        const inst = existing.get(row.id)!;
        const paid = num(inst.paidAmount);
        const lastPaid = inst.payments.reduce<Date | null>((m, x) => (!m || x.paidOn > m ? x.paidOn : m), null);
        await tx.crmInstallment.update({
          where: { id: row.id },
          data: { dueDate: toDay(row.dueDate), amount: row.amount, paidAt: paid >= row.amount ? (inst.paidAt ?? lastPaid ?? toDay(row.dueDate)) : null },
        });
      } else {
        await tx.crmInstallment.create({ data: { companyId: opts.companyId, policyId: policy.id, dealId: policy.dealId, dueDate: toDay(row.dueDate), amount: row.amount } });
      }
    }
    const reviewDate = await recomputeReviewDate(tx, policy.dealId);
    const after = snapshot(await loadPolicy(tx, policy.id));
    const changes = diff(before, after);
    await writeAudit(tx, opts.companyId, opts.actor, {
      action: "crm.policy.updated", entity: "CrmPolicy", entityId: policy.id,
      changes: { dealId: policy.dealId, ...changes, reviewDate },
    });
    await sendEvent(tx, {
      name: "crm/deal.payment.updated", trigger: "event", actor: opts.actor, idempotencyKey: `policy.updated:${policy.id}:${randomUUID()}`,
      data: { companyId: opts.companyId, dealId: policy.dealId, policyId: policy.id, change: "policy.updated", actorId: opts.actor.userId },
    });
    return { id: policy.id, expectedCommission: commission, reviewDate, changed: Object.keys(changes) };
  });
}

/** Deletes a wrongly entered policy; refused while it has payments, incomes or expenses. */
export async function deletePolicy(opts: TCrmAccess & { policyId: string }) {
  return withTenant(opts.companyId, async (tx) => {
    const policy = await loadPolicy(tx, opts.policyId);
    await loadEditableDeal(tx, opts, policy.dealId);
    const paid = policy.installments.reduce((s, i) => s + num(i.paidAmount), 0);
    if (paid > 0) throw new AppError("CONFLICT", `По полису внесены оплаты на ${formatRub(paid)}: сначала отмените их`);
    if (policy._count.incomes + policy._count.expenses > 0) throw new AppError("CONFLICT", "По полису внесены доходы или расходы: сначала удалите их");
    await tx.crmPolicy.delete({ where: { id: policy.id } });
    const reviewDate = await recomputeReviewDate(tx, policy.dealId);
    await writeAudit(tx, opts.companyId, opts.actor, {
      action: "crm.policy.deleted", entity: "CrmPolicy", entityId: policy.id,
      changes: { dealId: policy.dealId, before: snapshot(policy), reviewDate },
    });
    await sendEvent(tx, {
      name: "crm/deal.payment.updated", trigger: "event", actor: opts.actor, idempotencyKey: `policy.deleted:${policy.id}`,
      data: { companyId: opts.companyId, dealId: policy.dealId, policyId: policy.id, change: "policy.deleted", actorId: opts.actor.userId },
    });
    return { id: policy.id, reviewDate };
  });
}
