import { withTenant } from "../db";
import { formatRub } from "./money";
import { notifyUsers } from "./notify-users";
import { recomputeReviewDate } from "./recompute-review-date";

type TDealEvent = { name: string; data: { companyId: string; dealId: string; actorId?: string | null; policyId?: string; recordId?: string; changeId?: string; kind?: string; amount?: number } };

/**
 * Background reaction to CRM domain events (job "crm-deal-event-*"):
 * - crm/deal.created → managers of the company hear about the new deal;
 * - crm/deal.payment.updated → the review date is recomputed again (a safety net: the change already did it);
 * - crm/deal.payment.income|expense.* → the deal's seller hears about money recorded by someone else.
 * Every notification has an idempotency key, so a retried run never notifies twice. A deal that no longer
 * exists is skipped.
 */
export async function handleDealEvent(event: TDealEvent): Promise<{ skipped?: string; notified: number }> {
  const { companyId, dealId, actorId } = event.data;
  return withTenant(companyId, async (tx) => {
    const deal = await tx.crmDeal.findFirst({ where: { id: dealId }, select: { id: true, title: true, sellerId: true } });
    if (!deal) return { skipped: "Сделка не найдена", notified: 0 };
    if (event.name === "crm/deal.created") {
      const managers = await tx.membership.findMany({ where: { active: true, role: "manager", userId: { notIn: [deal.sellerId, ...(actorId ? [actorId] : [])] } }, select: { userId: true } });
      const notified = await notifyUsers(tx, companyId, managers.map((m) => ({
        userId: m.userId, kind: "deal.created" as const, dealId, key: `deal.created:${dealId}`, title: `Новая сделка: ${deal.title}`,
      })));
      return { notified };
    }
    if (event.name === "crm/deal.payment.updated") {
      await recomputeReviewDate(tx, dealId);
      return { notified: 0 };
    }
    if (!event.data.recordId || deal.sellerId === actorId) return { notified: 0 };
    const income = event.name.includes(".income.");
    const deleted = event.name.endsWith(".deleted");
    const updated = event.name.endsWith(".updated");
    const what = deleted ? (income ? "Удалён доход" : "Удалён расход")
      : updated ? (income ? "Изменён доход" : "Изменён расход")
      : income ? (event.data.kind === "commission" ? "Поступила комиссия" : "Внесён доход") : "Внесён расход";
    const notified = await notifyUsers(tx, companyId, [{
      userId: deal.sellerId, kind: "payment.recorded", dealId, key: `${event.name}:${event.data.recordId}${event.data.changeId ? `:${event.data.changeId}` : ""}`,
      title: `${what}: ${formatRub(event.data.amount ?? 0)}`, body: `Сделка «${deal.title}»`,
    }]);
    return { notified };
  });
}
