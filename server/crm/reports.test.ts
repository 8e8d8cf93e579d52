/** Receivables and finance reports: filters, role visibility, company isolation, CSV for Excel. */
import { beforeAll, describe, expect, it } from "vitest";
import { ensureJobQueueSchema } from "../jobs/queue-schema";
import { crmCompany } from "./testing";
import { addDays } from "./test-dates";
import { csvCell, csvMoney } from "./export-report-csv";

let t: Awaited<ReturnType<typeof crmCompany>>;
let other: Awaited<ReturnType<typeof crmCompany>>;
let dealA: string;
let dealB: string;

async function dealWithPolicy(c: typeof t, seller: typeof t.seller, title: string, insurerId: string, number: string, dues: [number, number][]) {
  const s = c.as(seller);
  const deal = await s.crm.createDeal({ title, newClient: { kind: "person", name: `Клиент ${title}` } });
  const total = dues.reduce((x, [, a]) => x + a, 0);
  const p = await s.crm.addPolicy({
    dealId: deal.id, insurerId, number, startDate: addDays(-100), endDate: addDays(265), premium: total, commission: { mode: "manual", amount: 100_000 },
    expectedExpenses: 0, installments: dues.map(([d, amount]) => ({ dueDate: addDays(d), amount })),
  });
  return { dealId: deal.id, policyId: p.id };
}

beforeAll(async () => {
  await ensureJobQueueSchema();
  t = await crmCompany("Брокер А");
  other = await crmCompany("Брокер Б");
  const a = await dealWithPolicy(t, t.seller, "Сделка А", t.insurer.ingos, "A-1", [[-10, 1_000_000], [20, 2_000_000], [200, 3_000_000]]);
  const b = await dealWithPolicy(t, t.seller2, "Сделка Б", t.insurer.reso, "B-1", [[5, 500_000]]);
  dealA = a.dealId;
  dealB = b.dealId;
  const x = await dealWithPolicy(other, other.seller, "Чужая", other.insurer.ingos, "X-1", [[-3, 7_000_000]]);
  const owner = t.as(t.owner);
  const deal = await owner.crm.deal({ dealId: dealA });
  await owner.crm.recordPayment({ installmentId: deal.policies[0]!.installments[1]!.id, amount: 500_000, paidOn: addDays(0) });
  await owner.crm.recordIncome({ policyId: a.policyId, kind: "commission", amount: 150_000, date: "2026-03-10" });
  await owner.crm.recordIncome({ policyId: a.policyId, kind: "bonus", amount: 20_000, date: "2026-03-20" });
  await owner.crm.recordExpense({ policyId: a.policyId, kind: "agent", amount: 30_000, date: "2026-04-02" });
  await owner.crm.recordIncome({ policyId: b.policyId, kind: "commission", amount: 70_000, date: "2026-04-15" });
  await other.as(other.owner).crm.recordIncome({ policyId: x.policyId, kind: "commission", amount: 999_999, date: "2026-03-01" });
});

describe("receivables", () => {
  it("lists unpaid installments nearest first with totals, overdue flagged, within the period", async () => {
    const r = await t.as(t.owner).crm.receivables({ filters: { to: addDays(30) } });
    expect(r.items.map((x) => [x.deal.title, x.outstanding, x.overdue])).toEqual([
      ["Сделка А", 1_000_000, true], ["Сделка Б", 500_000, false], ["Сделка А", 1_500_000, false],
    ]);
    expect(r).toMatchObject({ total: 3, outstanding: 3_000_000, overdue: 1_000_000 });
    expect((await t.as(t.owner).crm.receivables({ filters: {}, status: "overdue" })).total).toBe(1);
    expect((await t.as(t.owner).crm.receivables({ filters: {}, status: "due" })).total).toBe(3);
  });

  it("filters by insurer and seller; a seller sees only own deals; another company's rows never appear", async () => {
    expect((await t.as(t.owner).crm.receivables({ filters: { insurerId: t.insurer.reso } })).items.map((x) => x.policy.number)).toEqual(["B-1"]);
    expect((await t.as(t.owner).crm.receivables({ filters: { sellerId: t.seller.user.id } })).total).toBe(3);
    const mine = await t.as(t.seller2).crm.receivables({ filters: {} });
    expect(mine.items.map((x) => x.deal.id)).toEqual([dealB]);
    expect((await t.as(t.executor).crm.receivables({ filters: {} })).total).toBe(0);
    const all = await t.as(t.owner).crm.receivables({ filters: {} });
    expect(all.items.some((x) => x.policy.number === "X-1")).toBe(false);
  });

  it("refuses a period that ends before it starts", async () => {
    await expect(t.as(t.owner).crm.receivables({ filters: { from: addDays(10), to: addDays(1) } })).rejects.toThrow("Начало периода позже его конца");
  });
});

describe("finance report", () => {
  it("groups commissions, other incomes and expenses by month, insurer and seller", async () => {
    const byMonth = await t.as(t.owner).crm.financeReport({ filters: {}, groupBy: "month" });
    expect(byMonth.items).toEqual([
      { key: "2026-03", label: "2026-03", commission: 150_000, otherIncome: 20_000, expenses: 0, margin: 170_000 },
      { key: "2026-04", label: "2026-04", commission: 70_000, otherIncome: 0, expenses: 30_000, margin: 40_000 },
    ]);
    expect(byMonth.totals).toEqual({ commission: 220_000, otherIncome: 20_000, expenses: 30_000, margin: 210_000 });
    const byInsurer = await t.as(t.owner).crm.financeReport({ filters: {}, groupBy: "insurer" });
    expect(byInsurer.items.map((x) => [x.label, x.commission])).toEqual([["Ингосстрах", 150_000], ["РЕСО", 70_000]]);
    const bySeller = await t.as(t.manager).crm.financeReport({ filters: { from: "2026-04-01", to: "2026-04-30" }, groupBy: "seller" });
    expect(bySeller.items.map((x) => [x.label, x.margin])).toEqual([["Семён Продавец", 70_000], ["Сергей Продавец", -30_000]]);
  });

  it("a seller's report covers only their deals", async () => {
    const r = await t.as(t.seller2).crm.financeReport({ filters: {}, groupBy: "month" });
    expect(r.totals).toEqual({ commission: 70_000, otherIncome: 0, expenses: 0, margin: 70_000 });
  });
});

describe("CSV", () => {
  it("is UTF-8 with a BOM, `;`-separated, with money as roubles with a decimal comma", async () => {
    const r = await t.as(t.owner).crm.reportCsv({ report: "finance", filters: {}, groupBy: "month" });
    expect(r.filename).toMatch(/^dohody-rashody-month-\d{4}-\d{2}-\d{2}\.csv$/);
    expect(r.content.startsWith("\uFEFFМесяц;Комиссия, ₽;")).toBe(true);
    expect(r.content.split("\r\n")).toEqual([
      "\uFEFFМесяц;Комиссия, ₽;Прочие доходы, ₽;Расходы, ₽;Маржа, ₽", "2026-03;1500,00;200,00;0,00;1700,00",
      "2026-04;700,00;0,00;300,00;400,00", "Итого;2200,00;200,00;300,00;2100,00", "",
    ]);
    const rec = await t.as(t.seller2).crm.reportCsv({ report: "receivables", filters: {}, status: "all" });
    expect(rec.content.split("\r\n")[1]).toBe(`${addDays(5)};нет;Сделка Б;Клиент Сделка Б;Семён Продавец;РЕСО;B-1;5000,00;0,00;5000,00`);
  });

  it("quotes cells holding separators, quotes or line breaks", () => {
    expect(csvCell('ООО "Ромашка"; филиал')).toBe('"ООО ""Ромашка""; филиал"');
    expect(csvCell("a\nb")).toBe('"a\nb"');
    expect(csvMoney(-5)).toBe("-0,05");
  });
});
