import { beforeAll, describe, expect, it } from "vitest";
import { withTenant } from "../db";
import { callerFor, createCompany, createMember } from "../test/factories";

/**
 * «Аналитика» with known numbers: two weeks of orders (won / lost / open), requests to two suppliers with known
 * answer times, two offers with known markups; a second company's data must not leak in.
 */
let a: { id: string };
let b: { id: string };
let managerA: Awaited<ReturnType<typeof createMember>>;
let managerB: Awaited<ReturnType<typeof createMember>>;

const at = (iso: string) => new Date(iso);
const HOUR = 3_600_000;

async function seed(companyId: string, opts: { orders: Array<{ created: string; status: "new" | "won" | "lost" }>; offers: Array<{ created: string; total: number; markupPct: number }> }) {
  return withTenant(companyId, async (tx) => {
    const orders = [];
    for (const [i, o] of opts.orders.entries()) {
      orders.push(await tx.procOrder.create({ data: { companyId, number: `ORD-2026-${String(i + 1).padStart(4, "0")}`, status: o.status, createdAt: at(o.created) } }));
    }
    for (const [i, f] of opts.offers.entries()) {
      await tx.procOffer.create({
        data: {
          companyId, orderId: orders[0]!.id, number: `КП-2026-${String(i + 1).padStart(4, "0")}`, markupPct: f.markupPct, vatRatePct: 20, total: f.total,
          validUntil: at("2026-12-31T00:00:00Z"), lines: [], pdf: new Uint8Array([37]), createdAt: at(f.created),
        },
      });
    }
    return orders;
  });
}

beforeAll(async () => {
  a = await createCompany("Аналитика А", ["procurement"]);
  b = await createCompany("Аналитика Б", ["procurement"]);
  managerA = await createMember(a.id, "manager");
  managerB = await createMember(b.id, "manager");
  // Week of 2026-11-02 (Mon): 3 orders, 1 won, 1 lost. Week of 2026-11-09: 1 order, won. Week of 2026-11-16: none.
  const orders = await seed(a.id, {
    orders: [
      { created: "2026-11-02T09:00:00Z", status: "won" },
      { created: "2026-11-04T09:00:00Z", status: "lost" },
      { created: "2026-11-08T20:00:00Z", status: "new" },
      { created: "2026-11-10T09:00:00Z", status: "won" },
      { created: "2026-10-20T09:00:00Z", status: "won" }, // before the period
    ],
    // Margin = total × m / (100 + m): 1200 at 20 % → 200; 1100 at 10 % → 100; (200 + 100) / 2300 = 13.0 %.
    offers: [
      { created: "2026-11-03T10:00:00Z", total: 1200, markupPct: 20 },
      { created: "2026-11-11T10:00:00Z", total: 1100, markupPct: 10 },
    ],
  });
  await withTenant(a.id, async (tx) => {
    const s1 = await tx.procSupplier.create({ data: { companyId: a.id, name: "Альфа-Подшипник", email: "alpha@s.ru" } });
    const s2 = await tx.procSupplier.create({ data: { companyId: a.id, name: "Бета-Снаб", email: "beta@s.ru" } });
    const sent = at("2026-11-02T10:00:00Z");
    const rfq = (supplierId: string, n: number, answeredAfterH: number | null) =>
      tx.procRfq.create({
        data: {
          companyId: a.id, orderId: orders[n % 4]!.id, supplierId, token: `T${supplierId.slice(0, 4)}${n}`, messageId: `<rfq-${supplierId}-${n}@a>`,
          status: answeredAfterH === null ? "no_answer" : "answered", sentAt: sent,
          answeredAt: answeredAfterH === null ? null : new Date(sent.getTime() + answeredAfterH * HOUR),
        },
      });
    // Альфа: 3 of 3 answered after 1, 2, 9 h (median 2 h). Бета: 1 of 2 answered after 5 h.
    await rfq(s1.id, 1, 1);
    await rfq(s1.id, 2, 2);
    await rfq(s1.id, 3, 9);
    await rfq(s2.id, 4, 5);
    await rfq(s2.id, 5, null);
  });
  await seed(b.id, {
    orders: [{ created: "2026-11-03T09:00:00Z", status: "won" }, { created: "2026-11-03T10:00:00Z", status: "won" }],
    offers: [{ created: "2026-11-03T10:00:00Z", total: 5000, markupPct: 50 }],
  });
});

describe("procurement analytics", () => {
  it("computes orders per week, conversion, supplier response and margin for the period", async () => {
    const r = await callerFor(managerA.user, a.id).procurement.analytics({ from: "2026-11-01", to: "2026-11-21" });
    expect(r.weeks).toEqual([
      { week: "2026-10-26", orders: 0, won: 0, conversionPct: null, marginPct: null },
      { week: "2026-11-02", orders: 3, won: 1, conversionPct: 33.3, marginPct: 16.7 },
      { week: "2026-11-09", orders: 1, won: 1, conversionPct: 100, marginPct: 9.1 },
      { week: "2026-11-16", orders: 0, won: 0, conversionPct: null, marginPct: null },
    ]);
    expect(r.totals).toEqual({
      orders: 4, won: 2, lost: 1, conversionPct: 50,
      rfqsSent: 5, rfqsAnswered: 4, responseRatePct: 80, medianResponseHours: 3.5,
      offers: 2, offersTotal: 2300, marginPct: 13,
    });
    expect(r.suppliers).toEqual([
      expect.objectContaining({ name: "Альфа-Подшипник", sent: 3, answered: 3, responseRatePct: 100, medianResponseHours: 2 }),
      expect.objectContaining({ name: "Бета-Снаб", sent: 2, answered: 1, responseRatePct: 50, medianResponseHours: 5 }),
    ]);
  });

  it("an empty period gives zeros, not errors; a reversed period is refused in Russian", async () => {
    const api = callerFor(managerA.user, a.id).procurement;
    const empty = await api.analytics({ from: "2025-01-06", to: "2025-01-12" });
    expect(empty.totals).toMatchObject({ orders: 0, conversionPct: null, responseRatePct: null, medianResponseHours: null, marginPct: null });
    expect(empty.suppliers).toEqual([]);
    await expect(api.analytics({ from: "2026-11-21", to: "2026-11-01" })).rejects.toMatchObject({ message: "Начало периода позже его конца" });
  });

  it("each company sees only its own figures", async () => {
    const rb = await callerFor(managerB.user, b.id).procurement.analytics({ from: "2026-11-01", to: "2026-11-21" });
    expect(rb.totals).toMatchObject({ orders: 2, won: 2, conversionPct: 100, rfqsSent: 0, offers: 1, offersTotal: 5000, marginPct: 33.3 });
    expect(rb.suppliers).toEqual([]);
    // A member of A asking with B's figures in mind still gets A's.
    const ra = await callerFor(managerA.user, a.id).procurement.analytics({ from: "2026-11-01", to: "2026-11-21" });
    expect(ra.totals.orders).toBe(4);
    await expect(callerFor(managerA.user, b.id).procurement.analytics({ from: "2026-11-01", to: "2026-11-21" })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});
