/**
 * The CRM calendar: deals' review dates, installments' due dates and policies' end dates in a date range (a month
 * grid asks for its visible weeks), with the same server-side visibility as the deals list (access.ts) and
 * optional filters by seller, executor and kind. Each item carries its deal, so the UI links to it.
 */
import { z } from "zod";
import { withTenant, type Prisma } from "../db";
import { AppError } from "../errors";
import { dealVisibilityWhere, type TCrmAccess } from "./access";
import { dayString, toDay, todayUtc, ZDay } from "./money";

export const CALENDAR_KINDS = ["review", "installment", "policyEnd"] as const;
export type TCalendarKind = (typeof CALENDAR_KINDS)[number];
const MAX_DAYS = 62;
/** Per kind: a month of a big company stays bounded; `truncated` tells the UI to narrow the filters. */
const MAX_PER_KIND = 1000;

export const ZCalendarInput = z.object({
  from: ZDay,
  to: ZDay,
  sellerId: z.string().uuid().optional(),
  executorId: z.string().uuid().optional(),
  kinds: z.array(z.enum(CALENDAR_KINDS)).min(1, "Выберите хотя бы один тип событий").max(3).optional(),
});

export type TCalendarItem = {
  id: string;
  date: string;
  kind: TCalendarKind;
  dealId: string;
  dealTitle: string;
  clientName: string;
  title: string;
  amount: number | null;
  done: boolean;
  overdue: boolean;
};

const DEAL_REF = { id: true, title: true, client: { select: { name: true } } } satisfies Prisma.CrmDealSelect;

export async function getCrmCalendar(opts: TCrmAccess & z.infer<typeof ZCalendarInput>) {
  const from = toDay(opts.from);
  const to = toDay(opts.to);
  if (to < from) throw new AppError("BAD_REQUEST", "Конец периода раньше начала");
  if ((to.getTime() - from.getTime()) / 86_400_000 > MAX_DAYS) throw new AppError("BAD_REQUEST", `Период календаря — не больше ${MAX_DAYS} дней`);
  const kinds = new Set(opts.kinds ?? CALENDAR_KINDS);
  const and: Prisma.CrmDealWhereInput[] = [dealVisibilityWhere(opts)];
  if (opts.sellerId) and.push({ sellerId: opts.sellerId });
  if (opts.executorId) and.push({ participants: { some: { userId: opts.executorId } } });
  const deal: Prisma.CrmDealWhereInput = { AND: and };
  const range = { gte: from, lte: to };
  const today = todayUtc();

  return withTenant(opts.companyId, async (tx) => {
    const items: TCalendarItem[] = [];
    let truncated = false;
    if (kinds.has("review")) {
      const rows = await tx.crmDeal.findMany({
        where: { AND: [deal, { reviewDate: range, stage: { notIn: ["closed", "lost"] } }] },
        orderBy: [{ reviewDate: "asc" }, { id: "asc" }], take: MAX_PER_KIND + 1, select: { ...DEAL_REF, reviewDate: true },
      });
      truncated ||= rows.length > MAX_PER_KIND;
      for (const d of rows.slice(0, MAX_PER_KIND)) {
        items.push({ id: `review:${d.id}`, date: dayString(d.reviewDate!), kind: "review", dealId: d.id, dealTitle: d.title, clientName: d.client.name,
          title: "Дата просмотра сделки", amount: null, done: false, overdue: d.reviewDate! < today });
      }
    }
    if (kinds.has("installment")) {
      const rows = await tx.crmInstallment.findMany({
        where: { dueDate: range, policy: { deal } },
        orderBy: [{ dueDate: "asc" }, { id: "asc" }], take: MAX_PER_KIND + 1,
        select: { id: true, dueDate: true, amount: true, paidAmount: true, paidAt: true, policy: { select: { number: true, deal: { select: DEAL_REF } } } },
      });
      truncated ||= rows.length > MAX_PER_KIND;
      for (const i of rows.slice(0, MAX_PER_KIND)) {
        const d = i.policy.deal;
        items.push({ id: `installment:${i.id}`, date: dayString(i.dueDate), kind: "installment", dealId: d.id, dealTitle: d.title, clientName: d.client.name,
          title: `Взнос по полису ${i.policy.number}`, amount: Number(i.amount) - Number(i.paidAmount), done: i.paidAt !== null,
          overdue: i.paidAt === null && i.dueDate < today });
      }
    }
    if (kinds.has("policyEnd")) {
      const rows = await tx.crmPolicy.findMany({
        where: { endDate: range, deal },
        orderBy: [{ endDate: "asc" }, { id: "asc" }], take: MAX_PER_KIND + 1,
        select: { id: true, number: true, endDate: true, insurer: { select: { name: true } }, deal: { select: DEAL_REF } },
      });
      truncated ||= rows.length > MAX_PER_KIND;
      for (const p of rows.slice(0, MAX_PER_KIND)) {
        items.push({ id: `policyEnd:${p.id}`, date: dayString(p.endDate), kind: "policyEnd", dealId: p.deal.id, dealTitle: p.deal.title, clientName: p.deal.client.name,
          title: `Окончание полиса ${p.number} (${p.insurer.name})`, amount: null, done: p.endDate < today, overdue: false });
      }
    }
    const order: Record<TCalendarKind, number> = { review: 0, installment: 1, policyEnd: 2 };
    items.sort((a, b) => a.date.localeCompare(b.date) || order[a.kind] - order[b.kind] || a.dealTitle.localeCompare(b.dealTitle, "ru"));
    return { items, truncated };
  });
}
