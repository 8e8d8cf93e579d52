import { readFileSync } from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import { createMoyskladAdmin } from "../../sandbox/moysklad/admin";
import { createTelegramAdmin } from "../../sandbox/telegram/admin";
import { E2E_SANDBOX_FILE, signIn } from "../helpers";

/**
 * Cross-company automations and dealer notifications through the UI, against the simulated MoySklad
 * accounts of «Ромашка» (supplier) and «Лютиков» (buyer) and the simulated Telegram bot.
 */

type TUrls = { moysklad: string; moyskladPartner: string; telegram: string };
const urls = (): TUrls => (JSON.parse(readFileSync(E2E_SANDBOX_FILE, "utf8")) as { urls: TUrls }).urls;
const origin = (u: string) => new URL(u).origin;
const supplierMs = () => createMoyskladAdmin(origin(urls().moysklad));
const tg = () => createTelegramAdmin(urls().telegram);

const PETR = 100000001;
const ANNA = 100000002;

/** Reads MoySklad JSON API 1.2 of a simulated account (gzip is mandatory there). */
async function msGet<T>(base: string, token: string, path: string): Promise<T> {
  const response = await fetch(`${base}${path}`, { headers: { Authorization: `Bearer ${token}`, "Accept-Encoding": "gzip" } });
  if (!response.ok) throw new Error(`${path}: ${response.status}`);
  return (await response.json()) as T;
}
const SUPPLIER_TOKEN = "ms-sandbox-token-2f6c1c1e9a4b4d2f8e7a5b3c";
const BUYER_TOKEN = "ms-sandbox-partner-token-7c41d2b0e5f84a9c";
type TRows = { rows: Array<{ id: string; name: string; code?: string; meta: Record<string, unknown>; description?: string }> };

async function refs() {
  const base = urls().moysklad;
  const [org, store, agent, products] = await Promise.all([
    msGet<TRows>(base, SUPPLIER_TOKEN, "/entity/organization?limit=1"),
    msGet<TRows>(base, SUPPLIER_TOKEN, "/entity/store?limit=1"),
    msGet<TRows>(base, SUPPLIER_TOKEN, "/entity/counterparty?limit=1"),
    msGet<TRows>(base, SUPPLIER_TOKEN, "/entity/product?limit=2"),
  ]);
  return {
    organization: { meta: org.rows[0]!.meta }, store: { meta: store.rows[0]!.meta }, agent: { meta: agent.rows[0]!.meta },
    positions: products.rows.map((p, i) => ({ quantity: 2 + i, price: 25000, assortment: { meta: p.meta } })),
  };
}

async function buyerSupplies(): Promise<TRows["rows"]> {
  return (await msGet<TRows>(urls().moyskladPartner, BUYER_TOKEN, `/entity/supply?filter=${encodeURIComponent("description~Создано автоматически")}`)).rows;
}

async function openTab(page: Page, tab: string) {
  await page.goto("/automations");
  await page.getByTestId(`tab-${tab}`).click();
}

test.describe.configure({ mode: "serial" });

test("the two demo companies link to each other (mutual confirmation)", async ({ page, browser }) => {
  // Лютиков's admin revokes the demo link…
  await signIn(page, "dealer-admin@demo.pult");
  await openTab(page, "links");
  const atLyutikov = page.getByTestId(/^link-/).filter({ hasText: "Ромашка" });
  await expect(atLyutikov.getByTestId("link-status")).toHaveText("Активна");
  await atLyutikov.getByTestId("link-revoke").click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Разорвать" }).click();
  await expect(atLyutikov.getByTestId("link-status")).toHaveText("Разорвана");

  // …Ромашка switches it on again: it waits for the partner…
  const other = await browser.newPage();
  await signIn(other, "owner@demo.pult");
  await openTab(other, "links");
  const atRomashka = other.getByTestId(/^link-/).filter({ hasText: "Лютиков" });
  await expect(atRomashka.getByTestId("link-status")).toHaveText("Разорвана");
  await atRomashka.getByTestId("link-confirm").click();
  await expect(atRomashka.getByTestId("link-status")).toHaveText("Ждёт подтверждения");

  // …and becomes active once Лютиков confirms.
  await page.reload();
  await page.getByTestId("tab-links").click();
  await atLyutikov.getByTestId("link-confirm").click();
  await expect(atLyutikov.getByTestId("link-status")).toHaveText("Активна");
  await other.reload();
  await other.getByTestId("tab-links").click();
  await expect(atRomashka.getByTestId("link-status")).toHaveText("Активна");
});

test("a rule «demand → supply» is created with a dry run; a shipment gives exactly one supply; a paused link stops the next", async ({ page, browser }) => {
  await signIn(page, "owner@demo.pult");
  await openTab(page, "rules");
  // The demo rule makes way for one built in the form.
  const demo = page.getByTestId("rule-row").filter({ hasText: "Отгрузка Ромашки" });
  await demo.getByRole("button", { name: "Удалить" }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Удалить" }).click();
  await expect(page.getByTestId("rule-row")).toHaveCount(0);

  // A sample shipment before the rule exists: the dry run uses the latest MoySklad document.
  const r = await refs();
  const sample = await supplierMs().create("demand", { organization: r.organization, store: r.store, agent: r.agent, positions: r.positions });
  await page.getByTestId("rule-new").click();
  const form = page.getByTestId("rule-form");
  await form.getByTestId("rule-name").fill("Отгрузка → приёмка у Лютикова");
  await form.getByTestId("rule-event").selectOption("demand.created");
  await form.getByTestId("rule-action").selectOption("supply");
  await form.getByLabel("Проверить на событии").fill(String(sample.id));
  await form.getByTestId("rule-dry-run").click();
  const result = form.getByTestId("dry-run-result");
  await expect(result).toContainText("Связь активна");
  await expect(result).toContainText("POST /entity/supply");
  await expect(form.getByTestId("dry-run-body")).toContainText(`Создано автоматически по отгрузке № ${String(sample.name)} от ООО «Ромашка»`);
  await expect(form.getByTestId("dry-run-body")).toContainText(origin(urls().moyskladPartner).replace("http://", ""));
  await form.getByTestId("rule-save").click();
  await expect(page.getByTestId("rule-row")).toContainText("Отгрузка → приёмка у Лютикова");
  expect((await buyerSupplies()).filter((s) => s.description?.includes(`№ ${String(sample.name)} `))).toHaveLength(0);

  // A shipment at the supplier → exactly one supply at the buyer, even with the webhook delivered twice.
  const shipment = await supplierMs().create("demand", { organization: r.organization, store: r.store, agent: r.agent, positions: r.positions });
  await page.getByTestId("tab-journal").click();
  const row = page.getByTestId("journal-row").filter({ hasText: `№ ${String(shipment.name)}` });
  await expect(row.getByTestId("journal-status-badge")).toHaveText("Создан документ", { timeout: 30_000 });
  const delivery = (await supplierMs().settleWebhooks()).find((d) => JSON.stringify(d.body).includes(String(shipment.id)))!;
  expect(delivery.status).toBe("delivered");
  await supplierMs().repeatWebhookDelivery(delivery.id);
  await supplierMs().settleWebhooks();
  await page.waitForTimeout(1500);
  expect((await buyerSupplies()).filter((s) => s.description?.includes(`№ ${String(shipment.name)} `))).toHaveLength(1);
  await expect(page.getByTestId("journal-row").filter({ hasText: `№ ${String(shipment.name)}` })).toHaveCount(1);
  await row.getByTestId("journal-details").click();
  await expect(page.getByTestId("journal-detail")).toContainText("Отправлено в МойСклад партнёра");
  await page.keyboard.press("Escape");

  // Лютиков pauses the link: the next shipment creates nothing.
  const buyer = await browser.newPage();
  await signIn(buyer, "dealer-admin@demo.pult");
  await openTab(buyer, "links");
  await buyer.getByTestId("link-pause").click();
  await buyer.getByRole("alertdialog").getByRole("button", { name: "Приостановить" }).click();
  await expect(buyer.getByTestId("link-status")).toHaveText("Приостановлена");
  const next = await supplierMs().create("demand", { organization: r.organization, store: r.store, agent: r.agent, positions: r.positions });
  const blocked = page.getByTestId("journal-row").filter({ hasText: `№ ${String(next.name)}` });
  await expect(blocked.getByTestId("journal-status-badge")).toHaveText("Заблокирован", { timeout: 30_000 });
  expect((await buyerSupplies()).filter((s) => s.description?.includes(`№ ${String(next.name)} `))).toHaveLength(0);
  // Audit at the buyer: the supply made by the partner's rule.
  await buyer.goto("/audit");
  await expect(buyer.locator("body")).toContainText("automations.document_created_by_partner");
});

test("a dealer subscribes through the bot and gets order, payment and shipment messages; a blocked dealer is marked", async ({ page }) => {
  await signIn(page, "owner@demo.pult");
  await openTab(page, "dealers");
  const petr = page.getByTestId("dealer-row-Пётр Дилеров");
  await petr.getByTestId("dealer-subscribe-link").click();
  const url = await page.getByTestId("dealer-link-url").inputValue();
  expect(url).toMatch(/^https:\/\/t\.me\/pult_sandbox_bot\?start=/);
  await page.keyboard.press("Escape");
  await tg().write(PETR, `/start ${new URL(url).searchParams.get("start")}`);
  await tg().settle();
  await expect(petr.getByTestId("dealer-status")).toHaveText("Получает");
  const greeting = (await tg().messages({ chatId: PETR, from: "bot" })).at(-1)!;
  expect(greeting.text).toContain("Вы подписаны на уведомления");
  expect(greeting.replyMarkup?.inline_keyboard[0]![0]!.text).toContain("Приостановить");

  const r = await refs();
  const order = await supplierMs().create("customerorder", { organization: r.organization, store: r.store, agent: r.agent, positions: r.positions });
  const payment = await supplierMs().create("paymentin", { organization: r.organization, agent: r.agent });
  const shipment = await supplierMs().create("demand", { organization: r.organization, store: r.store, agent: r.agent, positions: r.positions });
  // Messages to one chat go one per second, in any order: wait for all three.
  const expected = [`🛒 Новый заказ № ${String(order.name)}`, `💳 Получен платёж № ${String(payment.name)}`, `🚚 Отгрузка № ${String(shipment.name)}`];
  await expect.poll(async () => {
    const firstLines = (await tg().messages({ chatId: PETR, from: "bot" })).map((m) => m.text.split("\n")[0]!);
    return expected.filter((e) => firstLines.some((l) => l.startsWith(e))).length;
  }, { timeout: 30_000 }).toBe(3);
  const texts = (await tg().messages({ chatId: PETR, from: "bot" })).map((m) => m.text);
  expect(texts.filter((t) => t.startsWith(`🛒 Новый заказ № ${String(order.name)}`))).toHaveLength(1);
  expect(texts.filter((t) => t.startsWith(`💳 Получен платёж № ${String(payment.name)}`))).toHaveLength(1);

  // Anna subscribes, then blocks the bot without the bot being told: the 403 marks her, nothing is retried.
  const anna = page.getByTestId("dealer-row-Анна Торгова");
  await anna.getByTestId("dealer-subscribe-link").click();
  const annaUrl = await page.getByTestId("dealer-link-url").inputValue();
  await page.keyboard.press("Escape");
  await tg().write(ANNA, `/start ${new URL(annaUrl).searchParams.get("start")}`);
  await tg().settle();
  await expect(anna.getByTestId("dealer-status")).toHaveText("Получает");
  await tg().block(ANNA, undefined, { silent: true });
  const forbiddenBefore = (await tg().state()).counters.forbidden;
  await supplierMs().create("customerorder", { organization: r.organization, store: r.store, agent: r.agent, positions: r.positions });
  await expect(anna.getByTestId("dealer-status")).toHaveText("Заблокировал бота", { timeout: 30_000 });
  await page.getByTestId("tab-deliveries").click();
  await page.getByTestId("deliveries-status").selectOption("blocked");
  await expect(page.getByTestId("delivery-row").filter({ hasText: "Анна Торгова" })).toHaveCount(1);
  await page.waitForTimeout(3000);
  expect((await tg().state()).counters.forbidden).toBe(forbiddenBefore + 1);
});
