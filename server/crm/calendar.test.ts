/** The CRM calendar: review dates, installment due dates, policy ends — role visibility, filters, limits and tenancy. */
import { beforeAll, describe, expect, it } from "vitest";
import { ensureJobQueueSchema } from "../jobs/queue-schema";
import { crmCompany } from "./testing";
import { addDays } from "./test-dates";

let t: Awaited<ReturnType<typeof crmCompany>>;
let other: Awaited<ReturnType<typeof crmCompany>>;
let d1: string;
let d2: string;
const range = () => ({ from: addDays(-1), to: addDays(40) });

beforeAll(async () => {
  await ensureJobQueueSchema();
  t = await crmCompany("Календарь");
  other = await crmCompany("Чужая");
  const s = t.as(t.seller);
  d1 = (await s.crm.createDeal({ title: "КАСКО Лада", newClient: { kind: "person", name: "Анна" } })).id;
  await s.crm.createTask({ dealId: d1, type: "calculation", title: "Расчёт", assigneeId: t.executor.user.id });
  await s.crm.addPolicy({
    dealId: d1, insurerId: t.insurer.ingos, number: "L-1", startDate: addDays(-345), endDate: addDays(20), premium: 2_000_000,
    commission: { mode: "manual", amount: 100_000 }, expectedExpenses: 0,
    installments: [{ dueDate: addDays(5), amount: 1_000_000 }, { dueDate: addDays(15), amount: 1_000_000 }],
  });
  const s2 = t.as(t.seller2);
  d2 = (await s2.crm.createDeal({ title: "ОСАГО Петров", newClient: { kind: "person", name: "Пётр" } })).id;
  await s2.crm.addPolicy({
    dealId: d2, insurerId: t.insurer.reso, number: "P-1", startDate: addDays(-340), endDate: addDays(25), premium: 500_000,
    commission: { mode: "manual", amount: 50_000 }, expectedExpenses: 0, installments: [{ dueDate: addDays(8), amount: 500_000 }],
  });
  const o = other.as(other.owner);
  const od = (await o.crm.createDeal({ title: "Чужая сделка", newClient: { kind: "person", name: "Борис" } })).id;
  await o.crm.addPolicy({ dealId: od, insurerId: other.insurer.ingos, number: "X-1", startDate: addDays(-300), endDate: addDays(6), premium: 1_000_000,
    commission: { mode: "manual", amount: 0 }, expectedExpenses: 0, installments: [{ dueDate: addDays(3), amount: 1_000_000 }] });
});

const summary = (items: { kind: string; date: string; dealId: string }[]) => items.map((i) => `${i.date} ${i.kind} ${i.dealId === d1 ? "d1" : i.dealId === d2 ? "d2" : "?"}`);

describe("CRM calendar", () => {
  it("shows review dates, installments and policy ends of every deal to the owner, by date", async () => {
    const r = await t.as(t.owner).crm.calendar(range());
    expect(summary(r.items)).toEqual([
      `${addDays(5)} review d1`, `${addDays(5)} installment d1`,
      `${addDays(8)} review d2`, `${addDays(8)} installment d2`,
      `${addDays(15)} installment d1`, `${addDays(20)} policyEnd d1`, `${addDays(25)} policyEnd d2`,
    ]);
    expect(r.truncated).toBe(false);
    const inst = r.items.find((i) => i.kind === "installment")!;
    expect(inst).toMatchObject({ title: "Взнос по полису L-1", amount: 1_000_000, done: false, overdue: false, dealTitle: "КАСКО Лада", clientName: "Анна" });
  });

  it("respects role visibility: sellers their deals, executors the deals with their tasks", async () => {
    expect(new Set((await t.as(t.seller).crm.calendar(range())).items.map((i) => i.dealId))).toEqual(new Set([d1]));
    expect(new Set((await t.as(t.seller2).crm.calendar(range())).items.map((i) => i.dealId))).toEqual(new Set([d2]));
    expect((await t.as(t.executor).crm.calendar(range())).items).toHaveLength(4);
    expect((await t.as(t.executor2).crm.calendar(range())).items).toEqual([]);
    // A filter by another seller does not widen a seller's view.
    expect((await t.as(t.seller).crm.calendar({ ...range(), sellerId: t.seller2.user.id })).items).toEqual([]);
    await expect(t.as(t.viewer).crm.calendar(range())).rejects.toThrow();
  });

  it("filters by seller, executor and kind", async () => {
    const owner = t.as(t.owner);
    expect(new Set((await owner.crm.calendar({ ...range(), sellerId: t.seller2.user.id })).items.map((i) => i.dealId))).toEqual(new Set([d2]));
    expect(new Set((await owner.crm.calendar({ ...range(), executorId: t.executor.user.id })).items.map((i) => i.dealId))).toEqual(new Set([d1]));
    expect(summary((await owner.crm.calendar({ ...range(), kinds: ["policyEnd"] })).items)).toEqual([`${addDays(20)} policyEnd d1`, `${addDays(25)} policyEnd d2`]);
    expect((await owner.crm.calendar({ from: addDays(6), to: addDays(14) })).items.map((i) => i.kind)).toEqual(["review", "installment"]);
  });

  it("refuses absurd ranges with a clear message", async () => {
    await expect(t.as(t.owner).crm.calendar({ from: addDays(10), to: addDays(1) })).rejects.toThrow("Конец периода раньше начала");
    await expect(t.as(t.owner).crm.calendar({ from: addDays(0), to: addDays(100) })).rejects.toThrow("не больше 62 дней");
    await expect(t.as(t.owner).crm.calendar({ from: "2026-02-30", to: addDays(1) })).rejects.toThrow();
  });

  it("tenancy: one company's calendar never shows another's deals", async () => {
    const mine = await t.as(t.owner).crm.calendar(range());
    expect(mine.items.some((i) => i.title.includes("X-1"))).toBe(false);
    const theirs = await other.as(other.owner).crm.calendar(range());
    expect(theirs.items.map((i) => i.dealTitle)).toEqual(["Чужая сделка", "Чужая сделка", "Чужая сделка"]);
    expect(theirs.items.some((i) => i.dealId === d1 || i.dealId === d2)).toBe(false);
  });
});
