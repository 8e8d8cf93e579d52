/**
 * The deal's next review date: the nearest of a policy's end date and an unpaid installment's due date.
 * - unpaid installments count whatever their date (an overdue one makes the review date overdue too);
 * - policy ends count from today on; when every policy has already ended, the latest end is used, so the
 *   deal surfaces as overdue for review instead of disappearing;
 * - no policies and no unpaid installments → no date.
 * A manual date (set with a reason) wins over the computed one until it is cleared.
 */
export type TReviewInputs = {
  policyEnds: Date[];
  installments: { dueDate: Date; amount: number; paidAmount: number }[];
  today: Date;
};

export function computeReviewDate({ policyEnds, installments, today }: TReviewInputs): Date | null {
  const t = today.getTime();
  const candidates: number[] = [];
  for (const i of installments) if (i.paidAmount < i.amount) candidates.push(i.dueDate.getTime());
  const upcomingEnds = policyEnds.map((d) => d.getTime()).filter((d) => d >= t);
  candidates.push(...upcomingEnds);
  if (upcomingEnds.length === 0 && policyEnds.length > 0) candidates.push(Math.max(...policyEnds.map((d) => d.getTime())));
  if (candidates.length === 0) return null;
  return new Date(Math.min(...candidates));
}

export function effectiveReviewDate(auto: Date | null, manual: Date | null): Date | null {
  return manual ?? auto;
}
