/** Role visibility, enforced on the server. */
import { beforeAll, describe, expect, it } from "vitest";
import { ensureJobQueueSchema } from "../jobs/queue-schema";
import { crmCompany } from "./testing";

let t: Awaited<ReturnType<typeof crmCompany>>;
let dealA: string; // seller's, executor has a task
let dealB: string; // seller2's, nobody else
let dealM: string; // created by the manager for seller2

beforeAll(async () => {
  await ensureJobQueueSchema();
  t = await crmCompany();
  dealA = (await t.as(t.seller).crm.createDeal({ title: "Сделка Сергея", newClient: { kind: "person", name: "Клиент Сергея" } })).id;
  dealB = (await t.as(t.seller2).crm.createDeal({ title: "Сделка Семёна", newClient: { kind: "person", name: "Клиент Семёна" } })).id;
  dealM = (await t.as(t.manager).crm.createDeal({ title: "Сделка от менеджера", sellerId: t.seller2.user.id, newClient: { kind: "company", name: "ООО Менеджер" } })).id;
  await t.as(t.seller).crm.createTask({ dealId: dealA, type: "calculation", title: "Расчёт", assigneeId: t.executor.user.id });
});

const ids = async (m: Parameters<typeof t.as>[0]) => (await t.as(m).crm.deals({ filters: { sort: "updatedAt" } })).items.map((d) => d.id).sort();

describe("who sees which deals", () => {
  it("sellers see their own deals only", async () => {
    expect(await ids(t.seller)).toEqual([dealA]);
    expect(await ids(t.seller2)).toEqual([dealB, dealM].sort());
    await expect(t.as(t.seller).crm.deal({ dealId: dealB })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("executors see the deals where they have tasks", async () => {
    expect(await ids(t.executor)).toEqual([dealA]);
    expect(await ids(t.executor2)).toEqual([]);
    await expect(t.as(t.executor2).crm.deal({ dealId: dealA })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("managers and owners see every deal of the company", async () => {
    expect(await ids(t.manager)).toEqual([dealA, dealB, dealM].sort());
    expect(await ids(t.owner)).toEqual([dealA, dealB, dealM].sort());
  });

  it("viewers have no CRM access", async () => {
    await expect(t.as(t.viewer).crm.deals({ filters: { sort: "updatedAt" } })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("clients follow the deals", async () => {
    const names = (await t.as(t.seller).crm.clients({})).items.map((c) => c.name);
    expect(names).toEqual(["Клиент Сергея"]);
    expect((await t.as(t.manager).crm.clients({ search: "сем" })).items.map((c) => c.name)).toEqual(["Клиент Семёна"]);
  });

  it("filters: seller, executor, stage, review date, search", async () => {
    const m = t.as(t.manager);
    expect((await m.crm.deals({ filters: { sort: "updatedAt", sellerId: t.seller2.user.id } })).total).toBe(2);
    expect((await m.crm.deals({ filters: { sort: "updatedAt", executorId: t.executor.user.id } })).items.map((d) => d.id)).toEqual([dealA]);
    expect((await m.crm.deals({ filters: { sort: "updatedAt", stage: "calculation" } })).items.map((d) => d.id)).toEqual([dealA]);
    expect((await m.crm.deals({ filters: { sort: "updatedAt", search: "семён" } })).items.map((d) => d.id)).toEqual([dealB]);
    expect((await m.crm.deals({ filters: { sort: "updatedAt", reviewFrom: "2020-01-01" } })).total).toBe(0);
    const board = await m.crm.board({ filters: {} });
    expect(board.columns.find((c) => c.stage === "new")!.total).toBe(2);
  });
});

describe("who changes which deals", () => {
  it("a seller editing someone else's deal is refused", async () => {
    const s = t.as(t.seller);
    await expect(s.crm.addJournal({ dealId: dealB, text: "чужая" })).rejects.toMatchObject({ code: "FORBIDDEN", message: expect.stringContaining("сделка другого продавца") });
    await expect(s.crm.updateDeal({ dealId: dealB, stage: "lost" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(s.crm.createTask({ dealId: dealB, type: "other", title: "Чужая задача", assigneeId: t.executor.user.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(s.crm.createDeal({ title: "На другого", sellerId: t.seller2.user.id, newClient: { kind: "person", name: "Кто-то" } })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("an executor works on the deals of their tasks only, and cannot create deals", async () => {
    await t.as(t.executor).crm.addJournal({ dealId: dealA, text: "Запросил документы" });
    await expect(t.as(t.executor).crm.addJournal({ dealId: dealB, text: "x" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(t.as(t.executor).crm.createDeal({ title: "Моя", newClient: { kind: "person", name: "Кто-то" } })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("a manager changes any deal and may hand it to another seller", async () => {
    await t.as(t.manager).crm.updateDeal({ dealId: dealB, sellerId: t.seller.user.id });
    expect(await ids(t.seller)).toEqual([dealA, dealB].sort());
    await expect(t.as(t.seller).crm.updateDeal({ dealId: dealB, sellerId: t.seller2.user.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("only managers and admins edit the insurer catalog", async () => {
    await expect(t.as(t.seller).crm.saveInsurer({ name: "Альфа", products: [] })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});
