import { z } from "zod";
import { Prisma, withTenant, type TTx } from "../db";
import { dealVisibilityWhere, type TCrmAccess } from "./access";
import { DEAL_STAGES } from "./labels";
import { toDay, ZDay } from "./money";

export const ZDealFilters = z.object({
  search: z.string().trim().max(200).optional(),
  stage: z.enum(DEAL_STAGES).optional(),
  sellerId: z.string().uuid().optional(),
  executorId: z.string().uuid().optional(),
  insurerId: z.string().uuid().optional(),
  reviewFrom: ZDay.optional(),
  reviewTo: ZDay.optional(),
  sort: z.enum(["reviewDate", "updatedAt", "title"]).default("updatedAt"),
});
export type TDealFilters = z.infer<typeof ZDealFilters>;

const MAX_SEARCH_DEALS = 20_000;

/** The search's words: lower-cased, split like the index (migration crm_search) splits titles and names. */
export function searchTokens(q: string): string[] {
  return [...new Set(q.toLowerCase().split(/[^0-9a-zа-яё]+/).filter(Boolean))].slice(0, 8);
}

/**
 * Ids of the deals where every word of the search starts a word of the deal's title or its client's name, from the
 * CrmSearchWord index (kept by triggers). Plain comparisons on purpose: under row-level security PostgreSQL can use
 * an index only for leakproof operators, which ILIKE is not. `undefined` = no search, nothing to tokenize, or too
 * many matches — then the substring (ILIKE) filter is used.
 */
export async function searchDealIds(tx: TTx, companyId: string, f: Partial<TDealFilters>): Promise<string[] | undefined> {
  const tokens = searchTokens(f.search ?? "");
  if (!tokens.length) return undefined;
  const parts = tokens.map((t) => Prisma.sql`SELECT "dealId" FROM "CrmSearchWord"
    WHERE "companyId" = ${companyId}::uuid AND word >= ${t} AND word < ${t} || chr(1114111)`);
  const rows = await tx.$queryRaw<{ dealId: string }[]>`${Prisma.join(parts, " INTERSECT ")} LIMIT ${MAX_SEARCH_DEALS + 1}`;
  return rows.length > MAX_SEARCH_DEALS ? undefined : rows.map((r) => r.dealId);
}

/** The visibility filter and the user's filters, as one Prisma where (shared by the table and the board). */
export function dealsWhere(a: TCrmAccess, f: Partial<TDealFilters>, searchIds?: string[]): Prisma.CrmDealWhereInput {
  const and: Prisma.CrmDealWhereInput[] = [dealVisibilityWhere(a)];
  const q = f.search?.trim();
  if (q && searchIds) and.push({ id: { in: searchIds } });
  else if (q) and.push({ OR: [{ title: { contains: q, mode: "insensitive" } }, { client: { name: { contains: q, mode: "insensitive" } } }] });
  if (f.stage) and.push({ stage: f.stage });
  if (f.sellerId) and.push({ sellerId: f.sellerId });
  if (f.executorId) and.push({ participants: { some: { userId: f.executorId } } });
  if (f.insurerId) and.push({ OR: [{ policies: { some: { insurerId: f.insurerId } } }, { calculations: { some: { insurerId: f.insurerId } } }] });
  if (f.reviewFrom || f.reviewTo) {
    and.push({ reviewDate: { ...(f.reviewFrom ? { gte: toDay(f.reviewFrom) } : {}), ...(f.reviewTo ? { lte: toDay(f.reviewTo) } : {}) } });
  }
  return { AND: and };
}

const DEAL_ROW = {
  id: true, title: true, stage: true, reviewDate: true, reviewDateManual: true, updatedAt: true, createdAt: true,
  client: { select: { id: true, name: true } },
  seller: { select: { id: true, name: true } },
  participants: { select: { user: { select: { id: true, name: true } } } },
} satisfies Prisma.CrmDealSelect;

type TDealRow = Prisma.CrmDealGetPayload<{ select: typeof DEAL_ROW }>;

function toRow(d: TDealRow) {
  return {
    id: d.id, title: d.title, stage: d.stage, reviewDate: d.reviewDate, reviewManual: d.reviewDateManual !== null,
    updatedAt: d.updatedAt, createdAt: d.createdAt, client: d.client, seller: d.seller,
    executors: d.participants.map((p) => p.user),
  };
}

export async function listDeals(opts: TCrmAccess & { filters: TDealFilters; page: number; pageSize: number }) {
  return withTenant(opts.companyId, async (tx) => {
    const where = dealsWhere(opts, opts.filters, await searchDealIds(tx, opts.companyId, opts.filters));
    const orderBy: Prisma.CrmDealOrderByWithRelationInput[] = opts.filters.sort === "reviewDate"
      ? [{ reviewDate: { sort: "asc", nulls: "last" } }, { id: "asc" }]
      : opts.filters.sort === "title" ? [{ title: "asc" }, { id: "asc" }] : [{ updatedAt: "desc" }, { id: "asc" }];
    const total = await tx.crmDeal.count({ where });
    const rows = await tx.crmDeal.findMany({ where, orderBy, skip: (opts.page - 1) * opts.pageSize, take: opts.pageSize, select: DEAL_ROW });
    return { total, items: rows.map(toRow) };
  });
}

/** The board: deals grouped by stage (up to `perStage` per column, nearest review date first) with counts. */
export async function getDealBoard(opts: TCrmAccess & { filters: Omit<TDealFilters, "stage" | "sort">; perStage: number }) {
  return withTenant(opts.companyId, async (tx) => {
    const where = dealsWhere(opts, opts.filters, await searchDealIds(tx, opts.companyId, opts.filters));
    const counts = await tx.crmDeal.groupBy({ by: ["stage"], where, _count: { _all: true } });
    const columns = [];
    for (const stage of ["new", "calculation", "negotiation", "issuing", "active", "closed", "lost"] as const) {
      const rows = await tx.crmDeal.findMany({
        where: { AND: [where, { stage }] }, orderBy: [{ reviewDate: { sort: "asc", nulls: "last" } }, { updatedAt: "desc" }],
        take: opts.perStage, select: DEAL_ROW,
      });
      columns.push({ stage, total: counts.find((c) => c.stage === stage)?._count._all ?? 0, items: rows.map(toRow) });
    }
    return { columns };
  });
}
