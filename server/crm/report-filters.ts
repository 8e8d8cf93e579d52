import { z } from "zod";
import { Prisma } from "../db";
import { actorId, seesAllDeals, type TCrmAccess } from "./access";
import { ZDay } from "./money";

export const ZReportFilters = z.object({
  insurerId: z.string().uuid().optional(),
  sellerId: z.string().uuid().optional(),
  from: ZDay.optional(),
  to: ZDay.optional(),
}).refine((f) => !f.from || !f.to || f.from <= f.to, { message: "Начало периода позже его конца", path: ["to"] });
export type TReportFilters = z.infer<typeof ZReportFilters>;

/**
 * SQL condition on a deal id column: the deals the member may see (same rules as access.ts). A semi-join on the
 * member's (few) deals, so the planner starts from them instead of probing every row's deal.
 */
export function dealVisibilitySql(a: TCrmAccess, dealIdCol: Prisma.Sql): Prisma.Sql {
  if (seesAllDeals(a.role)) return Prisma.sql`TRUE`;
  const uid = actorId(a);
  const participant = Prisma.sql`SELECT "dealId" FROM "CrmDealParticipant" WHERE "companyId" = ${a.companyId}::uuid AND "userId" = ${uid}::uuid`;
  if (a.role === "seller") {
    return Prisma.sql`${dealIdCol} IN (SELECT id FROM "CrmDeal" WHERE "companyId" = ${a.companyId}::uuid AND "sellerId" = ${uid}::uuid UNION ${participant})`;
  }
  if (a.role === "executor") return Prisma.sql`${dealIdCol} IN (${participant})`;
  return Prisma.sql`FALSE`;
}

/** SQL condition on a deal id column: deals of one seller. */
export function sellerDealsSql(companyId: string, sellerId: string, dealIdCol: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`${dealIdCol} IN (SELECT id FROM "CrmDeal" WHERE "companyId" = ${companyId}::uuid AND "sellerId" = ${sellerId}::uuid)`;
}

/** SQL condition on a policy id column: policies of one insurer. */
export function insurerPoliciesSql(companyId: string, insurerId: string, policyIdCol: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`${policyIdCol} IN (SELECT id FROM "CrmPolicy" WHERE "companyId" = ${companyId}::uuid AND "insurerId" = ${insurerId}::uuid)`;
}

export function andSql(parts: Prisma.Sql[]): Prisma.Sql {
  return parts.length ? Prisma.join(parts, " AND ") : Prisma.sql`TRUE`;
}
