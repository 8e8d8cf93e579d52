import { z } from "zod";
import { withTenant } from "../db";
import { writeAudit } from "../audit/write-audit";
import { AppError } from "../errors";
import { loadEditableDeal, seesAllDeals, type TCrmAccess } from "./access";
import { DEAL_STAGES } from "./labels";
import { toDay, ZDay } from "./money";
import { recomputeReviewDate } from "./recompute-review-date";

export const ZUpdateDealInput = z.object({
  dealId: z.string().uuid(),
  title: z.string().trim().min(2, "Название сделки — не короче 2 символов").max(200).optional(),
  description: z.string().trim().max(5000).nullish(),
  stage: z.enum(DEAL_STAGES).optional(),
  sellerId: z.string().uuid().optional(),
});

export async function updateDeal(opts: TCrmAccess & z.infer<typeof ZUpdateDealInput>) {
  return withTenant(opts.companyId, async (tx) => {
    await loadEditableDeal(tx, opts, opts.dealId);
    const before = await tx.crmDeal.findFirstOrThrow({ where: { id: opts.dealId }, select: { title: true, description: true, stage: true, sellerId: true } });
    if (opts.sellerId && opts.sellerId !== before.sellerId) {
      if (!seesAllDeals(opts.role)) throw new AppError("FORBIDDEN", "Передать сделку другому продавцу может руководитель или администратор");
      const m = await tx.membership.findFirst({ where: { userId: opts.sellerId, active: true, role: { in: ["owner", "admin", "manager", "seller"] } } });
      if (!m) throw new AppError("BAD_REQUEST", "Продавец не найден среди сотрудников компании");
    }
    const data = {
      ...(opts.title !== undefined ? { title: opts.title } : {}),
      ...(opts.description !== undefined ? { description: opts.description || null } : {}),
      ...(opts.stage !== undefined ? { stage: opts.stage } : {}),
      ...(opts.sellerId !== undefined ? { sellerId: opts.sellerId } : {}),
    };
    const changes = Object.fromEntries(Object.entries(data)
      .filter(([k, v]) => before[k as keyof typeof before] !== v)
      .map(([k, v]) => [k, { from: before[k as keyof typeof before], to: v }]));
    if (Object.keys(changes).length === 0) return { id: opts.dealId };
    await tx.crmDeal.update({ where: { id: opts.dealId }, data });
    await writeAudit(tx, opts.companyId, opts.actor, { action: "crm.deal.updated", entity: "CrmDeal", entityId: opts.dealId, changes });
    return { id: opts.dealId };
  });
}

export const ZSetReviewDateInput = z.object({
  dealId: z.string().uuid(),
  /** null clears the manual date (back to the computed one). */
  date: ZDay.nullable(),
  reason: z.string().trim().max(500).optional(),
}).refine((v) => v.date === null || (v.reason?.length ?? 0) >= 3, { message: "Укажите причину переноса даты просмотра", path: ["reason"] });

/** Sets (or clears) the manual review date with a reason; audited with before/after. */
export async function setReviewDate(opts: TCrmAccess & z.infer<typeof ZSetReviewDateInput>) {
  return withTenant(opts.companyId, async (tx) => {
    await loadEditableDeal(tx, opts, opts.dealId);
    const before = await tx.crmDeal.findFirstOrThrow({ where: { id: opts.dealId }, select: { reviewDate: true, reviewDateManual: true, reviewDateReason: true } });
    await tx.crmDeal.update({
      where: { id: opts.dealId },
      data: { reviewDateManual: opts.date ? toDay(opts.date) : null, reviewDateReason: opts.date ? opts.reason! : null },
    });
    const reviewDate = await recomputeReviewDate(tx, opts.dealId);
    await writeAudit(tx, opts.companyId, opts.actor, {
      action: opts.date ? "crm.deal.review_date_set" : "crm.deal.review_date_cleared", entity: "CrmDeal", entityId: opts.dealId,
      changes: { reviewDate: { from: before.reviewDate, to: reviewDate }, manual: { from: before.reviewDateManual, to: opts.date }, reason: opts.reason ?? null },
    });
    return { reviewDate };
  });
}
