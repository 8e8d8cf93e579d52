import { z } from "zod";
import { Prisma, withTenant, type TTx } from "../db";
import { actorId, seesAllDeals, type TCrmAccess } from "./access";
import { DEAL_STAGES } from "./labels";
import { toDay, ZDay } from "./money";
import { andSql } from "./report-filters";

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

/**
 * The table counts matching deals only up to this many rows past the current page: an exact count(*) over 100k deals
 * costs more than the page itself. Past it the total is a lower bound (`totalCapped`, shown as «1 000+»).
 */
export const DEALS_COUNT_CAP = 1000;

/** The search's words: lower-cased, split like the index (migration crm_search) splits titles and names. */
export function searchTokens(q: string): string[] {
  return [...new Set(q.toLowerCase().split(/[^0-9a-zа-яё]+/).filter(Boolean))].slice(0, 8);
}

function likePattern(q: string): string {
  return `%${q.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
}

/** Up to this many search matches the page is read by id and sorted (no walk along the sort's index). */
const FEW_SEARCH_MATCHES = 5000;

/** Past this many search matches the word index stops paying off: the substring filter walks the sorted deals instead. */
const MAX_SEARCH_DEALS = 20_000;

/**
 * Ids of the deals where every word of the search starts a word of the deal's title or its client's name, from the
 * CrmSearchWord index (kept by triggers), as one uuid-array literal. Plain comparisons on purpose: under row-level
 * security PostgreSQL can use an index only for leakproof operators, which ILIKE and tsvector matching are not.
 * `undefined` = no search, nothing to tokenize, or too many matches — then the substring (ILIKE) filter is used.
 */
export async function searchDealIds(tx: TTx, companyId: string, f: Partial<TDealFilters>): Promise<{ ids: string; count: number } | undefined> {
  const tokens = searchTokens(f.search ?? "");
  if (!tokens.length) return undefined;
  const parts = tokens.map((t) => Prisma.sql`SELECT "dealId" FROM "CrmSearchWord"
    WHERE "companyId" = ${companyId}::uuid AND word >= ${t} AND word < ${t} || chr(1114111)`);
  // One row with the ids as an array literal: tens of thousands of rows would cost more to ship than to find. DISTINCT:
  // one word may start two words of the same deal («1» in «№12» and «1345»).
  const [r] = await tx.$queryRaw<{ n: number; ids: string }[]>`
    SELECT count(*)::int AS n, coalesce(array_agg(m."dealId"), ARRAY[]::uuid[])::text AS ids
      FROM (SELECT DISTINCT x."dealId" FROM (${Prisma.join(parts, " INTERSECT ")}) x LIMIT ${MAX_SEARCH_DEALS + 1}) m`;
  return !r || r.n > MAX_SEARCH_DEALS ? undefined : { ids: r.ids, count: r.n };
}

/**
 * SQL condition on `d` ("CrmDeal") for the member's visibility (the rules of access.ts) and the user's filters. The
 * participants and insurers are read from the deal's own denormalised columns (kept by triggers, migration crm_perf)
 * and the search from the ids found by `searchDealIds` (a constant array: the planner knows how many), so every
 * condition is on the deal row itself and the planner walks the sort's index until the page is full.
 */
export function dealsCondSql(a: TCrmAccess, f: Partial<TDealFilters>, search?: { ids: string }): Prisma.Sql {
  const where: Prisma.Sql[] = [Prisma.sql`d."companyId" = ${a.companyId}::uuid`];
  if (!seesAllDeals(a.role)) {
    const uid = actorId(a);
    if (a.role === "seller") where.push(Prisma.sql`(d."sellerId" = ${uid}::uuid OR d."participantIds" @> ARRAY[${uid}::uuid])`);
    else if (a.role === "executor") where.push(Prisma.sql`d."participantIds" @> ARRAY[${uid}::uuid]`);
    else where.push(Prisma.sql`FALSE`);
  }
  const q = f.search?.trim();
  if (q && search) where.push(Prisma.sql`d.id = ANY(${search.ids}::uuid[])`);
  else if (q) {
    const p = likePattern(q);
    where.push(Prisma.sql`(d.title ILIKE ${p} OR d."clientId" IN (SELECT id FROM "CrmClient" WHERE "companyId" = ${a.companyId}::uuid AND name ILIKE ${p}))`);
  }
  if (f.stage) where.push(Prisma.sql`d.stage = ${f.stage}::"CrmDealStage"`);
  if (f.sellerId) where.push(Prisma.sql`d."sellerId" = ${f.sellerId}::uuid`);
  if (f.executorId) where.push(Prisma.sql`d."participantIds" @> ARRAY[${f.executorId}::uuid]`);
  if (f.insurerId) where.push(Prisma.sql`d."insurerIds" @> ARRAY[${f.insurerId}::uuid]`);
  if (f.reviewFrom) where.push(Prisma.sql`d."reviewDate" >= ${toDay(f.reviewFrom)}::date`);
  if (f.reviewTo) where.push(Prisma.sql`d."reviewDate" <= ${toDay(f.reviewTo)}::date`);
  return andSql(where);
}

const ORDER = {
  updatedAt: Prisma.sql`d."updatedAt" DESC, d.id ASC`,
  reviewDate: Prisma.sql`d."reviewDate" ASC NULLS LAST, d.id ASC`,
  title: Prisma.sql`d.title ASC, d.id ASC`,
  board: Prisma.sql`d."reviewDate" ASC NULLS LAST, d."updatedAt" DESC, d.id ASC`,
} as const;

type TRawDealRow = {
  id: string; title: string; stage: (typeof DEAL_STAGES)[number]; reviewDate: Date | null; reviewDateManual: Date | null;
  updatedAt: Date; createdAt: Date; clientId: string; clientName: string; sellerId: string; sellerName: string;
  executors: { id: string; name: string }[] | null;
};

/**
 * The page's deal ids, in order. The conditions other than the company (participants, insurers, search ids) are not
 * in any index the planner may use under row-level security, and it assumes they are spread evenly along the sort
 * order — it then walks the sort's index and stops at the page. When they are not (insurer 3 only on the deals whose
 * titles come last), that walk reads every deal. So the walk is bounded: the first `budget` deals in the sort's order
 * are read through the index and tested, stopping as soon as the page is full; only if they do not fill it does the
 * query fall back to collecting every match (a scan bounded by the company's size) and sorting those — one statement,
 * the fallback branch runs only when needed (its one-time filter is false otherwise).
 */
export function pageIdsSql(companyId: string, cond: Prisma.Sql, order: Prisma.Sql, limit: number, offset: number, walk: boolean): Prisma.Sql {
  const cols = Prisma.sql`d.id, d."updatedAt", d."reviewDate", d.title`;
  if (!walk) {
    return Prisma.sql`SELECT ${cols} FROM "CrmDeal" d WHERE ${cond} ORDER BY ${order} LIMIT ${limit} OFFSET ${offset}`;
  }
  const need = offset + limit;
  const budget = Math.max(2000, 20 * need);
  return Prisma.sql`
    WITH hits AS MATERIALIZED (
      SELECT ${cols} FROM (
        SELECT ${cols}, (${cond}) AS hit FROM "CrmDeal" d WHERE d."companyId" = ${companyId}::uuid ORDER BY ${order} LIMIT ${budget}
      ) d WHERE d.hit LIMIT ${need})
    (SELECT ${cols} FROM hits d WHERE (SELECT count(*) FROM hits) = ${need} ORDER BY ${order} LIMIT ${limit} OFFSET ${offset})
    UNION ALL
    (SELECT ${cols} FROM (SELECT ${cols} FROM "CrmDeal" d WHERE ${cond} AND (SELECT count(*) FROM hits) < ${need} OFFSET 0) d
      ORDER BY ${order} LIMIT ${limit} OFFSET ${offset})`;
}

/**
 * One page of deals with the table's columns, in one statement: the page's ids first, then the client, the seller and
 * the executors of those rows only.
 */
async function dealRows(tx: TTx, companyId: string, cond: Prisma.Sql, order: keyof typeof ORDER, limit: number, offset: number, walk: boolean) {
  const rows = await tx.$queryRaw<TRawDealRow[]>`
    WITH page AS MATERIALIZED (${pageIdsSql(companyId, cond, ORDER[order], limit, offset, walk)})
    SELECT d.id, d.title, d.stage::text AS stage, d."reviewDate", d."reviewDateManual", d."updatedAt", d."createdAt",
           d."clientId", c.name AS "clientName", d."sellerId", s.name AS "sellerName",
           (SELECT json_agg(json_build_object('id', u.id, 'name', u.name) ORDER BY p."createdAt", p.id)
              FROM "CrmDealParticipant" p JOIN "User" u ON u.id = p."userId"
             WHERE p."companyId" = ${companyId}::uuid AND p."dealId" = d.id) AS executors
      FROM page JOIN "CrmDeal" d ON d.id = page.id JOIN "CrmClient" c ON c.id = d."clientId" JOIN "User" s ON s.id = d."sellerId"
     ORDER BY ${ORDER[order]}`;
  return rows.map((d) => ({
    id: d.id, title: d.title, stage: d.stage, reviewDate: d.reviewDate, reviewManual: d.reviewDateManual !== null,
    updatedAt: d.updatedAt, createdAt: d.createdAt, client: { id: d.clientId, name: d.clientName },
    seller: { id: d.sellerId, name: d.sellerName }, executors: d.executors ?? [],
  }));
}

/** How many deals match, counting at most `limit` of them. */
async function cappedCount(tx: TTx, cond: Prisma.Sql, limit: number): Promise<number> {
  const [r] = await tx.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM (SELECT 1 FROM "CrmDeal" d WHERE ${cond} LIMIT ${limit}) x`;
  return r?.n ?? 0;
}

export async function listDeals(opts: TCrmAccess & { filters: TDealFilters; page: number; pageSize: number }) {
  return withTenant(opts.companyId, async (tx) => {
    const search = await searchDealIds(tx, opts.companyId, opts.filters);
    const cond = dealsCondSql(opts, opts.filters, search);
    // A few thousand search matches are best read by id and sorted; walking the sort's index would mostly miss.
    const walk = !search || search.count > FEW_SEARCH_MATCHES;
    const offset = (opts.page - 1) * opts.pageSize;
    const countLimit = offset + opts.pageSize + DEALS_COUNT_CAP;
    const items = await dealRows(tx, opts.companyId, cond, opts.filters.sort, opts.pageSize, offset, walk);
    // A short page is the end of the list: its total is exact without counting.
    const f = opts.filters;
    const onlySearch = !f.stage && !f.sellerId && !f.executorId && !f.insurerId && !f.reviewFrom && !f.reviewTo;
    const total = items.length < opts.pageSize && (items.length > 0 || offset === 0) ? offset + items.length
      // Every matched deal is visible to a manager: the search already counted them.
      : search && onlySearch && seesAllDeals(opts.role) ? Math.min(search.count, countLimit)
      : await cappedCount(tx, cond, countLimit);
    return { total, totalCapped: total >= countLimit, items };
  });
}

/** The board: deals grouped by stage (up to `perStage` per column, nearest review date first) with counts. */
export async function getDealBoard(opts: TCrmAccess & { filters: Omit<TDealFilters, "stage" | "sort">; perStage: number }) {
  return withTenant(opts.companyId, async (tx) => {
    const cond = dealsCondSql(opts, opts.filters, await searchDealIds(tx, opts.companyId, opts.filters));
    const counts = await tx.$queryRaw<{ stage: string; n: number }[]>`
      SELECT d.stage::text AS stage, count(*)::int AS n FROM "CrmDeal" d WHERE ${cond} GROUP BY d.stage`;
    const columns = [];
    for (const stage of DEAL_STAGES) {
      const items = await dealRows(tx, opts.companyId, Prisma.sql`${cond} AND d.stage = ${stage}::"CrmDealStage"`, "board", opts.perStage, 0, false);
      columns.push({ stage, total: counts.find((c) => c.stage === stage)?.n ?? 0, items });
    }
    return { columns };
  });
}
