import { z } from "zod";
import { Prisma, withTenant } from "../db";
import { seesAllDeals, type TCrmAccess } from "./access";
import { dayString, num, todayUtc, toDay } from "./money";
import { andSql, dealVisibilitySql, ZReportFilters } from "./report-filters";

export const ZReceivablesInput = z.object({
  filters: ZReportFilters,
  status: z.enum(["all", "overdue", "due"]).default("all"),
  page: z.number().int().min(1).default(1),
  pageSize: z.number().int().min(1).max(5000).default(50),
});
export type TReceivablesInput = z.infer<typeof ZReceivablesInput>;

type TRow = {
  id: string; dueDate: Date; amount: bigint; paidAmount: bigint; policyId: string; policyNumber: string;
  insurerName: string; dealId: string; dealTitle: string; clientName: string; sellerName: string;
};

/**
 * Receivables: unpaid (or partly paid) installments of visible deals, nearest due date first, with totals.
 * «due» = not yet overdue; «overdue» = due date before today. Filters: insurer, seller, due-date period.
 */
export async function listReceivables(opts: TCrmAccess & TReceivablesInput) {
  const today = todayUtc();
  const f = opts.filters;
  const where: Prisma.Sql[] = [
    Prisma.sql`i."companyId" = ${opts.companyId}::uuid`,
    // paidAt is null exactly while the installment is not fully paid (record-payment.ts): the covering index
    // (companyId, paidAt, dueDate, amount, paidAmount, dealId) serves the sums without touching the table.
    Prisma.sql`i."paidAt" IS NULL`,
    Prisma.sql`i."paidAmount" < i."amount"`,
  ];
  const needsDeal = !seesAllDeals(opts.role) || Boolean(f.sellerId);
  if (needsDeal) where.push(dealVisibilitySql(opts));
  if (f.insurerId) where.push(Prisma.sql`p."insurerId" = ${f.insurerId}::uuid`);
  if (f.sellerId) where.push(Prisma.sql`d."sellerId" = ${f.sellerId}::uuid`);
  if (f.from) where.push(Prisma.sql`i."dueDate" >= ${toDay(f.from)}::date`);
  if (f.to) where.push(Prisma.sql`i."dueDate" <= ${toDay(f.to)}::date`);
  if (opts.status === "overdue") where.push(Prisma.sql`i."dueDate" < ${today}::date`);
  if (opts.status === "due") where.push(Prisma.sql`i."dueDate" >= ${today}::date`);
  const cond = andSql(where);
  // Joins only when a filter needs them (PostgreSQL does not drop unneeded inner joins by itself).
  const totalsFrom = Prisma.sql`FROM "CrmInstallment" i
    ${f.insurerId ? Prisma.sql`JOIN "CrmPolicy" p ON p.id = i."policyId"` : Prisma.empty}
    ${needsDeal ? Prisma.sql`JOIN "CrmDeal" d ON d.id = i."dealId"` : Prisma.empty}`;
  const from = Prisma.sql`FROM "CrmInstallment" i JOIN "CrmPolicy" p ON p.id = i."policyId" JOIN "CrmDeal" d ON d.id = i."dealId"`;
  return withTenant(opts.companyId, async (tx) => {
    const [totals] = await tx.$queryRaw<{ count: bigint; outstanding: bigint | null; overdue: bigint | null }[]>`
      SELECT count(*)::bigint AS count, sum(i."amount" - i."paidAmount")::bigint AS outstanding,
             sum(CASE WHEN i."dueDate" < ${today}::date THEN i."amount" - i."paidAmount" ELSE 0 END)::bigint AS overdue
      ${totalsFrom} WHERE ${cond}`;
    const rows = await tx.$queryRaw<TRow[]>`
      SELECT i.id, i."dueDate", i."amount", i."paidAmount", p.id AS "policyId", p."number" AS "policyNumber",
             ins."name" AS "insurerName", d.id AS "dealId", d."title" AS "dealTitle", c."name" AS "clientName", u."name" AS "sellerName"
      ${from} JOIN "CrmInsurer" ins ON ins.id = p."insurerId" JOIN "CrmClient" c ON c.id = d."clientId" JOIN "User" u ON u.id = d."sellerId"
      WHERE ${cond}
      ORDER BY i."dueDate" ASC, i.id ASC
      LIMIT ${opts.pageSize} OFFSET ${(opts.page - 1) * opts.pageSize}`;
    return {
      total: Number(totals?.count ?? 0),
      outstanding: num(totals?.outstanding), overdue: num(totals?.overdue),
      items: rows.map((r) => ({
        id: r.id, dueDate: dayString(r.dueDate), amount: num(r.amount), paidAmount: num(r.paidAmount),
        outstanding: num(r.amount) - num(r.paidAmount), overdue: r.dueDate.getTime() < today.getTime(),
        policy: { id: r.policyId, number: r.policyNumber }, insurerName: r.insurerName,
        deal: { id: r.dealId, title: r.dealTitle }, clientName: r.clientName, sellerName: r.sellerName,
      })),
    };
  });
}
