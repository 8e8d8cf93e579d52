/**
 * Scheduled reminders (job `crm-reminders`): for every company with the CRM on, in-app notifications to the deal's
 * seller and participants about
 *  - an unpaid installment due within N days (N = company setting, default 3) — once per installment and due date;
 *  - a policy ending within 30, 14 and 7 days — once per policy, end date and threshold (only the nearest threshold
 *    that applies, so a late first run does not send three at once);
 *  - a deal's review date reached (today or up to a week back) — once per deal and review date.
 * Idempotent by notification key, so running it again (or twice an hour) notifies nobody twice. Kinds a member
 * switched off are skipped (notify-users.ts).
 */
import { withSystem, withTenant, type TTx } from "../db";
import { formatRub } from "./money";
import { notifyUsers, type TNewNotification } from "./notify-users";
import { DEFAULT_INSTALLMENT_DUE_DAYS } from "./notification-preferences";
import { dayString, todayUtc } from "./money";

const DAY = 86_400_000;
export const POLICY_END_THRESHOLDS = [7, 14, 30] as const;
const fmt = (d: Date) => d.toISOString().slice(0, 10).split("-").reverse().join(".");

async function dealRecipients(tx: TTx, dealIds: string[]) {
  const deals = await tx.crmDeal.findMany({ where: { id: { in: dealIds } }, select: { id: true, title: true, sellerId: true, participants: { select: { userId: true } } } });
  return new Map(deals.map((d) => [d.id, { title: d.title, users: [...new Set([d.sellerId, ...d.participants.map((p) => p.userId)])] }]));
}

export async function sendCompanyReminders(companyId: string, now = new Date()) {
  const today = todayUtc(now);
  return withTenant(companyId, async (tx) => {
    const settings = await tx.crmReminderSettings.findFirst({});
    const dueDays = settings?.installmentDueDays ?? DEFAULT_INSTALLMENT_DUE_DAYS;
    const items: TNewNotification[] = [];

    const installments = await tx.crmInstallment.findMany({
      where: { paidAt: null, dueDate: { gte: today, lte: new Date(today.getTime() + dueDays * DAY) } },
      select: { id: true, dealId: true, dueDate: true, amount: true, paidAmount: true, policy: { select: { number: true } } },
    });
    const policies = await tx.crmPolicy.findMany({
      where: { endDate: { gte: today, lte: new Date(today.getTime() + 30 * DAY) } },
      select: { id: true, dealId: true, number: true, endDate: true },
    });
    const reviews = await tx.crmDeal.findMany({
      where: { reviewDate: { gte: new Date(today.getTime() - 7 * DAY), lte: today }, stage: { notIn: ["closed", "lost"] } },
      select: { id: true, reviewDate: true },
    });
    const who = await dealRecipients(tx, [...new Set([...installments.map((i) => i.dealId), ...policies.map((p) => p.dealId), ...reviews.map((r) => r.id)])]);

    for (const i of installments) {
      const d = who.get(i.dealId);
      if (!d) continue;
      const left = Number(i.amount) - Number(i.paidAmount);
      for (const userId of d.users) {
        items.push({ userId, kind: "installment.due", dealId: i.dealId, key: `installment.due:${i.id}:${dayString(i.dueDate)}`,
          title: `Взнос по полису ${i.policy.number} — срок ${fmt(i.dueDate)}`, body: `${d.title}: к оплате ${formatRub(left)}` });
      }
    }
    for (const p of policies) {
      const d = who.get(p.dealId);
      if (!d) continue;
      const daysLeft = Math.round((p.endDate.getTime() - today.getTime()) / DAY);
      const threshold = POLICY_END_THRESHOLDS.find((t) => daysLeft <= t)!;
      for (const userId of d.users) {
        items.push({ userId, kind: "policy.ending", dealId: p.dealId, key: `policy.ending:${p.id}:${dayString(p.endDate)}:${threshold}`,
          title: `Полис ${p.number} заканчивается ${fmt(p.endDate)}`, body: `${d.title}: осталось дней — ${daysLeft}` });
      }
    }
    for (const r of reviews) {
      const d = who.get(r.id);
      if (!d || !r.reviewDate) continue;
      for (const userId of d.users) {
        items.push({ userId, kind: "review.reached", dealId: r.id, key: `review.reached:${r.id}:${dayString(r.reviewDate)}`,
          title: `Пора вернуться к сделке «${d.title}»`, body: `Дата просмотра: ${fmt(r.reviewDate)}` });
      }
    }
    return { created: await notifyUsers(tx, companyId, items) };
  }, { timeout: 120_000 });
}

/** Every company with the CRM module on (a named system operation: the list of companies). */
export async function sendCrmReminders(opts: { now?: Date } = {}) {
  const companies = await withSystem((tx) => tx.company.findMany({ where: { enabledModules: { has: "crm" } }, select: { id: true } }));
  let created = 0;
  for (const c of companies) created += (await sendCompanyReminders(c.id, opts.now)).created;
  return { companies: companies.length, created };
}
