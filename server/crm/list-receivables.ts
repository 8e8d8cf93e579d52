import { z } from "zod";
import { Prisma, withTenant } from "../db";
import { actorId, seesAllDeals, type TCrmAccess } from "./access";
import { dayString, num, todayUtc, toDay } from "./money";
import { andSql, ZReportFilters } from "./report-filters";

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

/** The installments of the deals a member may see (access.ts): a seller's own deals by the installment's seller copy. */
function installmentVisibilitySql(a: TCrmAccess): Prisma.Sql {
  const uid = actorId(a);
  const participant = Prisma.sql`i."dealId" IN (SELECT "dealId" FROM "CrmDealParticipant" WHERE "companyId" = ${a.companyId}::uuid AND "userId" = ${uid}::uuid)`;
  if (a.role === "seller") return Prisma.sql`(i."sellerId" = ${uid}::uuid OR ${participant})`;
  if (a.role === "executor") return participant;
  return Prisma.sql`FALSE`;
}

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
  // Seller and insurer are the installment's own copies (kept by triggers, migration crm_perf), in the covering index.
  if (!seesAllDeals(opts.role)) where.push(installmentVisibilitySql(opts));
  if (f.insurerId) where.push(Prisma.sql`i."insurerId" = ${f.insurerId}::uuid`);
  if (f.sellerId) where.push(Prisma.sql`i."sellerId" = ${f.sellerId}::uuid`);
  if (f.from) where.push(Prisma.sql`i."dueDate" >= ${toDay(f.from)}::date`);
  if (f.to) where.push(Prisma.sql`i."dueDate" <= ${toDay(f.to)}::date`);
  if (opts.status === "overdue") where.push(Prisma.sql`i."dueDate" < ${today}::date`);
  if (opts.status === "due") where.push(Prisma.sql`i."dueDate" >= ${today}::date`);
  const cond = andSql(where);
  // Filters are semi-joins on the installment's own columns: the sums come from the covering index alone.
  const totalsFrom = Prisma.sql`FROM "CrmInstallment" i`;
  return withTenant(opts.companyId, async (tx) => {
    const [totals] = await tx.$queryRaw<{ count: bigint; outstanding: bigint | null; overdue: bigint | null }[]>`
      SELECT count(*)::bigint AS count, sum(i."amount" - i."paidAmount")::bigint AS outstanding,
             sum(CASE WHEN i."dueDate" < ${today}::date THEN i."amount" - i."paidAmount" ELSE 0 END)::bigint AS overdue
      ${totalsFrom} WHERE ${cond}`;
    // The page of installments first (from the covering index alone), then the joins for display: one query over
    // six tables made the planner misjudge the row counts and join every policy before sorting.
    const rows = await tx.$queryRaw<TRow[]>`
      WITH page AS MATERIALIZED (
        SELECT i.id, i."dueDate", i."amount", i."paidAmount", i."policyId", i."dealId" ${totalsFrom} WHERE ${cond}
        ORDER BY i."dueDate" ASC, i.id ASC LIMIT ${opts.pageSize} OFFSET ${(opts.page - 1) * opts.pageSize})
      SELECT i.id, i."dueDate", i."amount", i."paidAmount", p.id AS "policyId", p."number" AS "policyNumber",
             ins."name" AS "insurerName", d.id AS "dealId", d."title" AS "dealTitle", c."name" AS "clientName", u."name" AS "sellerName"
        FROM page i JOIN "CrmPolicy" p ON p.id = i."policyId" JOIN "CrmDeal" d ON d.id = i."dealId"
        JOIN "CrmInsurer" ins ON ins.id = p."insurerId" JOIN "CrmClient" c ON c.id = d."clientId" JOIN "User" u ON u.id = d."sellerId"
       ORDER BY i."dueDate" ASC, i.id ASC`;
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
