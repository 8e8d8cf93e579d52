/**
 * Dealer notifications end to end: subscription through the simulated bot (webhook with the secret token →
 * the real route → grammY handler), order / payment / shipment messages from MoySklad webhooks, no
 * duplicates for a repeated event, /stop and /start, a dealer who blocked the bot is marked and not retried.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSandbox, type TSandbox } from "../../sandbox";
import { createMoyskladAdmin } from "../../sandbox/moysklad/admin";
import { createTelegramAdmin } from "../../sandbox/telegram/admin";
import { telegramDemoUsers } from "../../sandbox/telegram/server";
import { withTenant } from "../db";
import { saveIntegration } from "../connections/save-integration";
import { SYSTEM_ACTOR } from "../tenancy/roles";
import { ensureJobQueueSchema } from "../jobs/queue-schema";
import { startWorker } from "../jobs/worker-runtime";
import { createMoyskladClient } from "../integrations/moysklad/client";
import { drainSourceEventsJob } from "../../inngest/functions/automations/drain-events";
import { deliverDealerMessageJob } from "../../inngest/functions/dealers/deliver";
import { callerFor, createCompany, createMember } from "../test/factories";
import { setAutomationsClientOptions } from "../automations/moysklad-port";
import { startAppStandIn, waitFor } from "../test/app-stand-in";

let sandbox: TSandbox;
let app: Awaited<ReturnType<typeof startAppStandIn>>;
let worker: Awaited<ReturnType<typeof startWorker>>;
let company: { id: string };
let owner: Awaited<ReturnType<typeof createMember>>;
const refs: Record<string, { meta: Record<string, unknown> }> = {};
let counterpartyId: string;
let otherCounterparty: { meta: Record<string, unknown> };
const petr = telegramDemoUsers[0].id;
const anna = telegramDemoUsers[1].id;

const ms = () => createMoyskladAdmin(sandbox.simulators.moysklad.url);
const tg = () => createTelegramAdmin(sandbox.simulators.telegram.url);
const caller = () => callerFor(owner.user, company.id);
const botMessages = (chatId: number) => tg().messages({ chatId, from: "bot" });

async function subscribe(dealerId: string, userId: number) {
  const link = await caller().dealers.subscribeLink({ dealerId });
  expect(link.url).toMatch(/^https:\/\/t\.me\/pult_sandbox_bot\?start=/);
  await tg().write(userId, `/start ${link.code}`);
  await tg().settle();
  return link;
}

beforeAll(async () => {
  await ensureJobQueueSchema();
  app = await startAppStandIn();
  sandbox = await startSandbox({ ports: "random", imap: false });
  await ms().setTimeScale(0);
  await ms().seed({ webhookSettings: { retryDelayMs: 10 } });
  setAutomationsClientOptions({ limiter: null, backoff: { baseMs: 10, maxMs: 50 } });
  company = await createCompany("ООО «Ромашка»", ["automations"]);
  owner = await createMember(company.id, "owner");
  await saveIntegration({ companyId: company.id, actor: SYSTEM_ACTOR, kind: "moysklad", settings: sandbox.configs.moysklad, secrets: { token: sandbox.configs.moysklad.token } });
  await saveIntegration({ companyId: company.id, actor: SYSTEM_ACTOR, kind: "telegram", settings: sandbox.configs.telegram, secrets: { botToken: sandbox.configs.telegram.botToken } });
  const client = createMoyskladClient(sandbox.configs.moysklad, { limiter: null });
  const [agent, other] = await client.listAll({ entity: "counterparty", limit: 2 });
  counterpartyId = agent!.id;
  refs.agent = { meta: agent!.meta as Record<string, unknown> };
  otherCounterparty = { meta: other!.meta as Record<string, unknown> };
  for (const type of ["organization", "store"] as const) refs[type] = { meta: (await client.listAll({ entity: type, limit: 1 }))[0]!.meta as Record<string, unknown> };
  const [product] = await client.listAll({ entity: "product", limit: 1 });
  refs.product = { meta: product!.meta as Record<string, unknown> };
  worker = await startWorker({ definitions: [drainSourceEventsJob, deliverDealerMessageJob], cron: false, concurrency: 3, pollInterval: 50, retryBaseMs: 50 });
}, 180_000);

afterAll(async () => {
  await worker?.stop();
  await sandbox?.stop();
  await app?.stop();
});

describe("dealer notifications", () => {
  let petrId: string;

  it("a dealer subscribes with the one-time link through the bot", async () => {
    const saved = await caller().dealers.save({ name: "Пётр Дилеров", phone: "+7 900 111-22-33", counterpartyIds: [counterpartyId], salesPointIds: [] });
    expect(saved.webhookError).toBeNull();
    petrId = saved.id;
    const link = await subscribe(petrId, petr);
    const [dealer] = await caller().dealers.list();
    expect(dealer).toMatchObject({ status: "active", subscribed: true, telegramUsername: "petr_dealer", linkPending: false });
    expect((await botMessages(petr)).at(-1)!.text).toMatch(/^Здравствуйте, Пётр Дилеров! Вы подписаны/);
    // The code is one-time.
    await tg().write(anna, `/start ${link.code}`);
    await tg().settle();
    expect((await botMessages(anna)).at(-1)!.text).toMatch(/недействительна/);
    const hooks = (await ms().webhooks()).map((h) => `${h.entityType}:${h.action}`).sort();
    expect(hooks).toEqual(["customerorder:CREATE", "demand:CREATE", "paymentin:CREATE"]);
  });

  it("order, payment and shipment of the bound counterparty reach the dealer once each; others do not", async () => {
    await caller().dealers.saveTemplate({ trigger: "payment_in", text: "Оплата {{number}}: {{sum}} от {{counterparty}}", enabled: true });
    const order = await ms().create("customerorder", { ...refs, positions: [{ quantity: 3, price: 50000, assortment: refs.product }] });
    await ms().create("customerorder", { ...refs, agent: otherCounterparty });
    const payment = await ms().create("paymentin", { organization: refs.organization, agent: refs.agent });
    const shipment = await ms().create("demand", { ...refs, positions: [{ quantity: 1, price: 1000, assortment: refs.product }] });
    const texts = await waitFor(async () => {
      const m = (await botMessages(petr)).map((x) => x.text).filter((t) => !t.startsWith("Здравствуйте"));
      return m.length >= 3 ? m : null;
    }, 30_000, "three messages");
    expect(texts.find((t) => t.startsWith("🛒"))).toContain(`Новый заказ № ${String(order.name)}`);
    expect(texts.find((t) => t.startsWith("🛒"))).toMatch(/× 3 = 1\s500,00 ₽/);
    const agentName = String((await createMoyskladClient(sandbox.configs.moysklad, { limiter: null }).getById("counterparty", counterpartyId)).name);
    expect(texts.find((t) => t.startsWith(`Оплата ${String(payment.name)}: `))).toMatch(new RegExp(`₽ от ${agentName.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`));
    expect(texts.find((t) => t.startsWith("🚚"))).toContain(`Отгрузка № ${String(shipment.name)}`);

    // The same webhook again: no second message.
    const delivery = (await ms().settleWebhooks()).find((d) => JSON.stringify(d.body).includes(String(order.id)))!;
    await ms().repeatWebhookDelivery(delivery.id);
    await ms().settleWebhooks();
    await new Promise((r) => setTimeout(r, 800));
    expect((await botMessages(petr)).filter((m) => m.text.startsWith("🛒"))).toHaveLength(1);
    const log = await caller().dealers.deliveries({});
    expect(log.rows.filter((r) => r.status === "sent")).toHaveLength(3);
  });

  it("/stop pauses, /start resumes; admins can pause too", async () => {
    await tg().write(petr, "/stop");
    await tg().settle();
    expect((await caller().dealers.list())[0]).toMatchObject({ status: "paused", pausedBy: "user" });
    await ms().create("customerorder", refs);
    await new Promise((r) => setTimeout(r, 800));
    expect((await botMessages(petr)).some((m) => /Уведомления приостановлены/.test(m.text))).toBe(true);
    expect((await botMessages(petr)).filter((m) => m.text.startsWith("🛒"))).toHaveLength(1);
    await tg().write(petr, "/start");
    await tg().settle();
    expect((await caller().dealers.list())[0]).toMatchObject({ status: "active" });
    await caller().dealers.setPaused({ id: petrId, paused: true });
    await tg().write(petr, "/start");
    await tg().settle();
    expect((await caller().dealers.list())[0]).toMatchObject({ status: "paused", pausedBy: "admin" });
    await caller().dealers.setPaused({ id: petrId, paused: false });
    expect((await caller().dealers.list())[0]).toMatchObject({ status: "active" });
  });

  it("a dealer who blocked the bot is marked blocked and not retried", async () => {
    const anna2 = await caller().dealers.save({ name: "Анна Торгова", counterpartyIds: [counterpartyId], salesPointIds: [] });
    await subscribe(anna2.id, anna);
    // Blocked without Telegram telling us (the update was lost): the 403 on sending marks the dealer.
    sandbox.simulators.telegram.state.users.find((u) => u.id === anna)!.blocked.push(7000000001);
    await ms().create("customerorder", refs);
    const blocked = await waitFor(async () => (await caller().dealers.deliveries({ status: "blocked" })).rows[0], 30_000, "a blocked delivery");
    expect(blocked).toMatchObject({ dealerName: "Анна Торгова", attempts: 1, error: "Пользователь заблокировал бота (Telegram 403)" });
    expect((await caller().dealers.list()).find((d) => d.id === anna2.id)).toMatchObject({ status: "blocked" });
    // Its job run ended after one attempt (a 403 is not a failure to retry).
    const run = await waitFor(async () => {
      const runs = await withTenant(company.id, (tx) => tx.jobRun.findMany({ where: { type: "dealers-deliver" } }));
      return runs.find((r) => (r.input as { deliveryId?: string }).deliveryId === blocked.id && r.status !== "running" && r.status !== "queued");
    }, 30_000, "the job run of the blocked delivery");
    expect(run).toMatchObject({ status: "succeeded", attempts: 1 });
    // Next events skip her entirely.
    const before = sandbox.simulators.telegram.state.counters.forbidden;
    await ms().create("customerorder", refs);
    await new Promise((r) => setTimeout(r, 800));
    expect(sandbox.simulators.telegram.state.counters.forbidden).toBe(before);
  });

  it("template preview uses a real document", async () => {
    const preview = await caller().dealers.previewTemplate({ trigger: "order_created", text: "№ {{number}} на {{sum}}" });
    expect(preview.sample).toMatch(/из МойСклад/);
    expect(preview.text).toMatch(/^№ \d+ на [\d\s ]+,\d\d ₽$/);
  });
});
