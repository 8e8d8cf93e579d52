import { z } from "zod";
import { Prisma, withTenant } from "../db";
import { type TCrmAccess } from "./access";
import { num, toDay } from "./money";
import { andSql, dealVisibilitySql, insurerPoliciesSql, sellerDealsSql, ZReportFilters } from "./report-filters";

export const ZFinanceReportInput = z.object({
  filters: ZReportFilters,
  groupBy: z.enum(["month", "insurer", "seller"]).default("month"),
});
export type TFinanceReportInput = z.infer<typeof ZFinanceReportInput>;

type TAgg = { key: string; label: string; commission: bigint | null; otherIncome: bigint | null; expenses: bigint | null };

/**
 * Commissions (incomes of kind «commission»), other incomes and expenses of visible deals, grouped by month
 * (of the date the money moved), insurer or seller, within the filters; margin = incomes − expenses.
 */
export async function getFinanceReport(opts: TCrmAccess & TFinanceReportInput) {
  const f = opts.filters;
  const common: Prisma.Sql[] = [Prisma.sql`m."companyId" = ${opts.companyId}::uuid`, dealVisibilitySql(opts, Prisma.sql`m."dealId"`)];
  if (f.insurerId) common.push(insurerPoliciesSql(opts.companyId, f.insurerId, Prisma.sql`m."policyId"`));
  if (f.sellerId) common.push(sellerDealsSql(opts.companyId, f.sellerId, Prisma.sql`m."dealId"`));
  if (f.from) common.push(Prisma.sql`m."on" >= ${toDay(f.from)}::date`);
  if (f.to) common.push(Prisma.sql`m."on" <= ${toDay(f.to)}::date`);
  const key = opts.groupBy === "month" ? Prisma.sql`to_char(m."on", 'YYYY-MM')`
    : opts.groupBy === "insurer" ? Prisma.sql`p."insurerId"::text` : Prisma.sql`d."sellerId"::text`;
  const label = opts.groupBy === "month" ? Prisma.sql`to_char(m."on", 'YYYY-MM')`
    : opts.groupBy === "insurer" ? Prisma.sql`ins."name"` : Prisma.sql`u."name"`;
  return withTenant(opts.companyId, async (tx) => {
    const rows = await tx.$queryRaw<TAgg[]>`
      WITH m AS (
        SELECT "companyId", "policyId", "dealId", "receivedOn" AS "on",
               CASE WHEN kind = 'commission' THEN amount ELSE 0 END AS commission,
               CASE WHEN kind = 'commission' THEN 0 ELSE amount END AS "otherIncome", 0::bigint AS expenses
          FROM "CrmIncome" WHERE "companyId" = ${opts.companyId}::uuid
        UNION ALL
        SELECT "companyId", "policyId", "dealId", "paidOn", 0, 0, amount FROM "CrmExpense" WHERE "companyId" = ${opts.companyId}::uuid
      )
      SELECT ${key} AS key, min(${label}) AS label, sum(m.commission)::bigint AS commission,
             sum(m."otherIncome")::bigint AS "otherIncome", sum(m.expenses)::bigint AS expenses
        FROM m JOIN "CrmPolicy" p ON p.id = m."policyId" JOIN "CrmDeal" d ON d.id = m."dealId"
        JOIN "CrmInsurer" ins ON ins.id = p."insurerId" JOIN "User" u ON u.id = d."sellerId"
       WHERE ${andSql(common)}
       GROUP BY 1 ORDER BY ${opts.groupBy === "month" ? Prisma.sql`1 ASC` : Prisma.sql`2 ASC`}`;
    const items = rows.map((r) => {
      const commission = num(r.commission);
      const otherIncome = num(r.otherIncome);
      const expenses = num(r.expenses);
      return { key: r.key, label: r.label, commission, otherIncome, expenses, margin: commission + otherIncome - expenses };
    });
    const sum = (k: "commission" | "otherIncome" | "expenses" | "margin") => items.reduce((s, x) => s + x[k], 0);
    return { groupBy: opts.groupBy, items, totals: { commission: sum("commission"), otherIncome: sum("otherIncome"), expenses: sum("expenses"), margin: sum("margin") } };
  });
}
