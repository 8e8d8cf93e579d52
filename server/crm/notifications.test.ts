/** Notifications: the SSE cursor, read marks, per-user scope, and the background reactions to domain events. */
import { beforeAll, describe, expect, it } from "vitest";
import { withTenant } from "../db";
import { ensureJobQueueSchema } from "../jobs/queue-schema";
import { crmCompany } from "./testing";
import { handleDealEvent } from "./handle-deal-event";
import { latestNotificationSeq, markNotificationsRead, notificationsAfter } from "./notifications";

let t: Awaited<ReturnType<typeof crmCompany>>;
let dealId: string;
const who = (m: { user: { id: string; name: string } }) => ({ companyId: t.company.id, actor: { userId: m.user.id, name: m.user.name } });

beforeAll(async () => {
  await ensureJobQueueSchema();
  t = await crmCompany();
  dealId = (await t.as(t.seller).crm.createDeal({ title: "Уведомления", newClient: { kind: "person", name: "Клиент" } })).id;
});

describe("the notification stream's cursor", () => {
  it("returns what came after Last-Event-ID, only for that user, and counts unread", async () => {
    const start = await latestNotificationSeq(who(t.executor));
    await t.as(t.seller).crm.createTask({ dealId, type: "calculation", title: "Расчёт 1", assigneeId: t.executor.user.id });
    await t.as(t.seller).crm.createTask({ dealId, type: "other", title: "Позвонить", assigneeId: t.executor.user.id });
    const after = await notificationsAfter({ ...who(t.executor), afterSeq: start });
    expect(after.items.map((n) => n.title)).toEqual(["Новая задача (расчёт): Расчёт 1", "Новая задача (другое): Позвонить"]);
    expect(after.unread).toBe(2);
    // Reconnecting with the first id as Last-Event-ID gives only the second one.
    expect((await notificationsAfter({ ...who(t.executor), afterSeq: after.items[0]!.seq })).items.map((n) => n.title)).toEqual(["Новая задача (другое): Позвонить"]);
    expect((await notificationsAfter({ ...who(t.executor2), afterSeq: 0 })).items).toEqual([]);
    await markNotificationsRead({ ...who(t.executor), ids: [after.items[0]!.id] });
    expect((await t.as(t.executor).crm.notifications({})).unread).toBe(1);
    await t.as(t.executor).crm.markRead({});
    expect((await t.as(t.executor).crm.notifications({})).unread).toBe(0);
  });
});

describe("background reactions to domain events", () => {
  it("crm/deal.created tells the managers once, however often the job runs", async () => {
    const event = { name: "crm/deal.created", data: { companyId: t.company.id, dealId, actorId: t.seller.user.id } };
    expect((await handleDealEvent(event)).notified).toBe(1);
    expect((await handleDealEvent(event)).notified).toBe(0);
    const mine = await t.as(t.manager).crm.notifications({});
    expect(mine.items.map((n) => n.title)).toEqual(["Новая сделка: Уведомления"]);
  });

  it("money recorded by someone else is reported to the deal's seller; a missing deal is skipped", async () => {
    const data = { companyId: t.company.id, dealId, policyId: dealId, recordId: dealId, kind: "commission", amount: 1_275_000 };
    expect((await handleDealEvent({ name: "crm/deal.payment.income.recorded", data: { ...data, actorId: t.seller.user.id } })).notified).toBe(0);
    expect((await handleDealEvent({ name: "crm/deal.payment.income.recorded", data: { ...data, actorId: t.executor.user.id } })).notified).toBe(1);
    const seller = await withTenant(t.company.id, (tx) => tx.crmNotification.findMany({ where: { userId: t.seller.user.id, kind: "payment.recorded" } }));
    expect(seller.map((n) => n.title)).toEqual(["Поступила комиссия: 12 750,00 ₽"]);
    expect(await handleDealEvent({ name: "crm/deal.created", data: { companyId: t.company.id, dealId: "00000000-0000-4000-8000-000000000009" } })).toEqual({ skipped: "Сделка не найдена", notified: 0 });
  });
});
