import { withTenant } from "../db";
import { AppError } from "../errors";

export type TProcAnalytics = {
  from: string;
  to: string;
  totals: {
    orders: number;
    won: number;
    lost: number;
    /** won / orders created in the period, % (null without orders). */
    conversionPct: number | null;
    rfqsSent: number;
    rfqsAnswered: number;
    responseRatePct: number | null;
    medianResponseHours: number | null;
    offers: number;
    offersTotal: number;
    /** Revenue-weighted margin of the commercial offers (markup share of the price), %. */
    marginPct: number | null;
  };
  /** One row per ISO week (Monday) of the period, gaps filled with zeros. */
  weeks: Array<{ week: string; orders: number; won: number; conversionPct: number | null; marginPct: number | null }>;
  /** Suppliers that got requests in the period, by number of requests. */
  suppliers: Array<{ supplierId: string; name: string; sent: number; answered: number; responseRatePct: number | null; medianResponseHours: number | null }>;
};

const MAX_DAYS = 366 * 2;
const DAY = 86_400_000;
const round1 = (n: number) => Math.round(n * 10) / 10;
const pctOf = (part: number, whole: number) => (whole > 0 ? round1((part / whole) * 100) : null);

/** Monday 00:00 UTC of the week holding `d`. */
function weekStart(d: Date): Date {
  const day = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
  return new Date(day.getTime() - ((day.getUTCDay() + 6) % 7) * DAY);
}

/**
 * Procurement analytics of one company for [from, to] (dates, inclusive): orders per week and their conversion
 * to «выиграна», suppliers' response rate and median response time (requests sent in the period), and the
 * average margin of the commercial offers issued in the period (markup share of the offer total).
 */
export async function getProcAnalytics(opts: { companyId: string; from: string; to: string }): Promise<TProcAnalytics> {
  const { companyId } = opts;
  const from = new Date(`${opts.from}T00:00:00Z`);
  const toExclusive = new Date(new Date(`${opts.to}T00:00:00Z`).getTime() + DAY);
  if (Number.isNaN(from.getTime()) || Number.isNaN(toExclusive.getTime())) throw new AppError("BAD_REQUEST", "Некорректный период");
  if (toExclusive <= from) throw new AppError("BAD_REQUEST", "Начало периода позже его конца");
  if (toExclusive.getTime() - from.getTime() > MAX_DAYS * DAY) throw new AppError("BAD_REQUEST", "Период не длиннее двух лет");

  return withTenant(companyId, async (tx) => {
    const orderRows = await tx.$queryRaw<Array<{ week: Date; orders: number; won: number; lost: number }>>`
      SELECT date_trunc('week', "createdAt" AT TIME ZONE 'UTC') AS week, count(*)::int AS orders,
             count(*) FILTER (WHERE status = 'won')::int AS won, count(*) FILTER (WHERE status = 'lost')::int AS lost
      FROM "ProcOrder"
      WHERE "companyId" = ${companyId}::uuid AND "createdAt" >= ${from} AND "createdAt" < ${toExclusive}
      GROUP BY 1`;
    const offerRows = await tx.$queryRaw<Array<{ week: Date; offers: number; total: string; margin: string }>>`
      SELECT date_trunc('week', "createdAt" AT TIME ZONE 'UTC') AS week, count(*)::int AS offers,
             sum(total)::text AS total, sum(total * "markupPct" / (100 + "markupPct"))::text AS margin
      FROM "ProcOffer"
      WHERE "companyId" = ${companyId}::uuid AND "createdAt" >= ${from} AND "createdAt" < ${toExclusive}
      GROUP BY 1`;
    const supplierRows = await tx.$queryRaw<Array<{ supplierId: string; name: string; sent: number; answered: number; medianSeconds: number | null }>>`
      SELECT r."supplierId", s.name, count(*)::int AS sent,
             count(*) FILTER (WHERE r."answeredAt" IS NOT NULL)::int AS answered,
             percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM r."answeredAt" - r."sentAt"))
               FILTER (WHERE r."answeredAt" IS NOT NULL)::float8 AS "medianSeconds"
      FROM "ProcRfq" r JOIN "ProcSupplier" s ON s.id = r."supplierId"
      WHERE r."companyId" = ${companyId}::uuid AND r."sentAt" >= ${from} AND r."sentAt" < ${toExclusive}
      GROUP BY r."supplierId", s.name
      ORDER BY sent DESC, s.name
      LIMIT 50`;
    const [overall] = await tx.$queryRaw<Array<{ medianSeconds: number | null }>>`
      SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM "answeredAt" - "sentAt"))::float8 AS "medianSeconds"
      FROM "ProcRfq"
      WHERE "companyId" = ${companyId}::uuid AND "sentAt" >= ${from} AND "sentAt" < ${toExclusive} AND "answeredAt" IS NOT NULL`;
    const [rfqTotals] = await tx.$queryRaw<Array<{ sent: number; answered: number }>>`
      SELECT count(*)::int AS sent, count(*) FILTER (WHERE "answeredAt" IS NOT NULL)::int AS answered
      FROM "ProcRfq"
      WHERE "companyId" = ${companyId}::uuid AND "sentAt" >= ${from} AND "sentAt" < ${toExclusive}`;

    const key = (d: Date) => d.toISOString().slice(0, 10);
    const ordersByWeek = new Map(orderRows.map((r) => [key(r.week), r]));
    const offersByWeek = new Map(offerRows.map((r) => [key(r.week), r]));
    const weeks: TProcAnalytics["weeks"] = [];
    for (let w = weekStart(from); w < toExclusive; w = new Date(w.getTime() + 7 * DAY)) {
      const o = ordersByWeek.get(key(w));
      const f = offersByWeek.get(key(w));
      weeks.push({
        week: key(w),
        orders: o?.orders ?? 0,
        won: o?.won ?? 0,
        conversionPct: o ? pctOf(o.won, o.orders) : null,
        marginPct: f ? pctOf(Number(f.margin), Number(f.total)) : null,
      });
    }
    const orders = orderRows.reduce((s, r) => s + r.orders, 0);
    const won = orderRows.reduce((s, r) => s + r.won, 0);
    const offersTotal = offerRows.reduce((s, r) => s + Number(r.total), 0);
    const margin = offerRows.reduce((s, r) => s + Number(r.margin), 0);
    const hours = (seconds: number | null | undefined) => (seconds === null || seconds === undefined ? null : round1(seconds / 3600));
    return {
      from: opts.from,
      to: opts.to,
      totals: {
        orders,
        won,
        lost: orderRows.reduce((s, r) => s + r.lost, 0),
        conversionPct: pctOf(won, orders),
        rfqsSent: rfqTotals?.sent ?? 0,
        rfqsAnswered: rfqTotals?.answered ?? 0,
        responseRatePct: pctOf(rfqTotals?.answered ?? 0, rfqTotals?.sent ?? 0),
        medianResponseHours: hours(overall?.medianSeconds),
        offers: offerRows.reduce((s, r) => s + r.offers, 0),
        offersTotal: Math.round(offersTotal * 100) / 100,
        marginPct: pctOf(margin, offersTotal),
      },
      weeks,
      suppliers: supplierRows.map((r) => ({
        supplierId: r.supplierId,
        name: r.name,
        sent: r.sent,
        answered: r.answered,
        responseRatePct: pctOf(r.answered, r.sent),
        medianResponseHours: hours(r.medianSeconds),
      })),
    };
  });
}
