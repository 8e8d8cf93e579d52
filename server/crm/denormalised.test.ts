/**
 * The copies the lists filter on (migration crm_perf, kept by triggers): a deal's participants and insurers, an
 * installment's seller and insurer. They must follow every change, or the deals table and the receivables report
 * would show stale rows.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { ensureJobQueueSchema } from "../jobs/queue-schema";
import { crmCompany } from "./testing";
import { addDays } from "./test-dates";

let t: Awaited<ReturnType<typeof crmCompany>>;
let dealId: string;

beforeAll(async () => {
  await ensureJobQueueSchema();
  t = await crmCompany("Брокер копий");
  const s = t.as(t.seller);
  dealId = (await s.crm.createDeal({ title: "КАСКО флот Вектор", newClient: { kind: "company", name: "ООО Вектор-Транс" } })).id;
  await s.crm.createDeal({ title: "ОСАГО Петров", newClient: { kind: "person", name: "Петров Пётр" } });
});

const ids = (r: { items: { id: string }[] }) => r.items.map((x) => x.id);

describe("deals list filters on the deal's own copies", () => {
  it("an assigned task makes the executor a participant: the executor filter and the executor's own list follow", async () => {
    const m = t.as(t.manager);
    expect(ids(await m.crm.deals({ filters: { sort: "updatedAt", executorId: t.executor.user.id } }))).toEqual([]);
    expect((await t.as(t.executor).crm.deals({ filters: { sort: "updatedAt" } })).total).toBe(0);
    await t.as(t.seller).crm.createTask({ dealId, type: "calculation", title: "Рассчитать флот", assigneeId: t.executor.user.id, dueDate: addDays(3) });
    expect(ids(await m.crm.deals({ filters: { sort: "updatedAt", executorId: t.executor.user.id } }))).toEqual([dealId]);
    const own = await t.as(t.executor).crm.deals({ filters: { sort: "title" } });
    expect(own).toMatchObject({ total: 1, totalCapped: false });
    expect(own.items[0]!.executors.map((e) => e.id)).toEqual([t.executor.user.id]);
  });

  it("the insurer filter sees the insurers of calculations and of policies", async () => {
    const m = t.as(t.manager);
    const byInsurer = async (insurerId: string) => ids(await m.crm.deals({ filters: { sort: "reviewDate", insurerId } }));
    expect(await byInsurer(t.insurer.reso)).toEqual([]);
    await t.as(t.executor).crm.addCalculation({ dealId, insurerId: t.insurer.reso, premium: 7_900_000, sumInsured: 350_000_000, deductible: 0 });
    expect(await byInsurer(t.insurer.reso)).toEqual([dealId]);
    expect(await byInsurer(t.insurer.ingos)).toEqual([]);
    await t.as(t.seller).crm.addPolicy({
      dealId, insurerId: t.insurer.ingos, number: "Д-1", startDate: addDays(-10), endDate: addDays(355), premium: 3_000_000,
      commission: { mode: "manual", amount: 300_000 }, expectedExpenses: 0,
      installments: [{ dueDate: addDays(5), amount: 1_000_000 }, { dueDate: addDays(40), amount: 2_000_000 }],
    });
    expect(await byInsurer(t.insurer.ingos)).toEqual([dealId]);
  });

  it("search matches word beginnings of the title and the client, for every word", async () => {
    const m = t.as(t.manager);
    expect(ids(await m.crm.deals({ filters: { sort: "updatedAt", search: "флот вект" } }))).toEqual([dealId]);
    expect(ids(await m.crm.deals({ filters: { sort: "updatedAt", search: "трАнс" } }))).toEqual([dealId]);
    expect(ids(await m.crm.deals({ filters: { sort: "updatedAt", search: "лот" } }))).toEqual([]);
    expect((await m.crm.deals({ filters: { sort: "title", search: "петр" } })).items.map((d) => d.title)).toEqual(["ОСАГО Петров"]);
  });
});

describe("receivables filter on the installment's own copies", () => {
  it("a deal handed to another seller moves its installments to that seller", async () => {
    const o = t.as(t.owner);
    const numbers = async (sellerId: string) => (await o.crm.receivables({ filters: { sellerId } })).items.map((x) => x.policy.number);
    expect(await numbers(t.seller.user.id)).toEqual(["Д-1", "Д-1"]);
    expect((await o.crm.receivables({ filters: { insurerId: t.insurer.ingos } })).total).toBe(2);
    expect((await t.as(t.seller2).crm.receivables({ filters: {} })).total).toBe(0);
    await o.crm.updateDeal({ dealId, sellerId: t.seller2.user.id });
    expect(await numbers(t.seller.user.id)).toEqual([]);
    expect(await numbers(t.seller2.user.id)).toEqual(["Д-1", "Д-1"]);
    expect((await t.as(t.seller2).crm.receivables({ filters: {} })).total).toBe(2);
    // The executor with a task on the deal still sees it; the former seller does not.
    expect((await t.as(t.executor).crm.receivables({ filters: {} })).total).toBe(2);
    expect((await t.as(t.seller).crm.receivables({ filters: {} })).total).toBe(0);
  });
});
