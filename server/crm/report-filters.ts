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

/** SQL condition on a deal alias `d`: the deals the member may see (same rules as access.ts). */
export function dealVisibilitySql(a: TCrmAccess): Prisma.Sql {
  if (seesAllDeals(a.role)) return Prisma.sql`TRUE`;
  const uid = actorId(a);
  const participant = Prisma.sql`EXISTS (SELECT 1 FROM "CrmDealParticipant" dp WHERE dp."dealId" = d.id AND dp."userId" = ${uid}::uuid)`;
  if (a.role === "seller") return Prisma.sql`(d."sellerId" = ${uid}::uuid OR ${participant})`;
  if (a.role === "executor") return participant;
  return Prisma.sql`FALSE`;
}

export function andSql(parts: Prisma.Sql[]): Prisma.Sql {
  return parts.length ? Prisma.join(parts, " AND ") : Prisma.sql`TRUE`;
}
