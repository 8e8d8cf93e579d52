import type { TTx } from "../db";
import { computeReviewDate, effectiveReviewDate } from "./compute-review-date";
import { num, todayUtc } from "./money";

/** Recomputes and stores a deal's review date; called inside every change of its policies and installments. */
export async function recomputeReviewDate(tx: TTx, dealId: string, now = new Date()): Promise<Date | null> {
  const deal = await tx.crmDeal.findFirstOrThrow({ where: { id: dealId }, select: { reviewDateManual: true } });
  const policies = await tx.crmPolicy.findMany({
    where: { dealId },
    select: { endDate: true, installments: { select: { dueDate: true, amount: true, paidAmount: true } } },
  });
  const auto = computeReviewDate({
    policyEnds: policies.map((p) => p.endDate),
    installments: policies.flatMap((p) => p.installments.map((i) => ({ dueDate: i.dueDate, amount: num(i.amount), paidAmount: num(i.paidAmount) }))),
    today: todayUtc(now),
  });
  const reviewDate = effectiveReviewDate(auto, deal.reviewDateManual);
  await tx.crmDeal.update({ where: { id: dealId }, data: { reviewDateAuto: auto, reviewDate } });
  return reviewDate;
}
