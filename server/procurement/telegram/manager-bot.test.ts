/**
 * The managers' Telegram bot over real HTTP against the Telegram simulator (webhook with the secret token →
 * the real route → grammY): linking with a one-time code, commands, refusals, notifications with buttons
 * (sent once), callbacks run with the manager's role, 403 → link blocked, unlinking, and tenancy.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSandbox, type TSandbox } from "../../../sandbox";
import { createTelegramAdmin } from "../../../sandbox/telegram/admin";
import { telegramDemoUsers } from "../../../sandbox/telegram/server";
import { withSystem, withTenant } from "../../db";
import { saveIntegration } from "../../connections/save-integration";
import { SYSTEM_ACTOR } from "../../tenancy/roles";
import { ensureJobQueueSchema } from "../../jobs/queue-schema";
import { startWorker } from "../../jobs/worker-runtime";
import { callerFor, createCompany, createMember } from "../../test/factories";
import { startAppStandIn, waitFor } from "../../test/app-stand-in";
import { telegramNoticeJob } from "../../../inngest/functions/procurement/telegram-notice";
import { setDealerSenderOptions } from "../../dealers/telegram-port";
import { queueManagerNotices } from "./notify-managers";
import { connectDealerBot } from "../../dealers/create-subscribe-link";

let sandbox: TSandbox;
let app: Awaited<ReturnType<typeof startAppStandIn>>;
let worker: Awaited<ReturnType<typeof startWorker>>;
let company: { id: string };
let other: { id: string };
let manager: Awaited<ReturnType<typeof createMember>>;
let viewer: Awaited<ReturnType<typeof createMember>>;
let otherManager: Awaited<ReturnType<typeof createMember>>;
const [petr, anna, igor] = telegramDemoUsers.map((u) => u.id) as [number, number, number];

const tg = () => createTelegramAdmin(sandbox.simulators.telegram.url);
const botMessages = (chatId: number) => tg().messages({ chatId, from: "bot" });
const lastText = async (chatId: number) => (await botMessages(chatId)).at(-1)?.text ?? "";

async function say(userId: number, text: string) {
  await tg().write(userId, text);
  await tg().settle();
}

async function createOrder(companyId: string, number: string, status: "new" | "needs_review") {
  return withTenant(companyId, async (tx) => {
    const client = await tx.procClient.upsert({
      where: { companyId_email: { companyId, email: "zakaz@vektor.ru" } },
      create: { companyId, name: "ООО «Вектор»", email: "zakaz@vektor.ru" },
      update: {},
    });
    return tx.procOrder.create({
      data: {
        companyId, number, status, clientId: client.id, subject: "Запрос цен на подшипники", aiStatus: status === "new" ? "ok" : "unsure",
        reviewReason: status === "new" ? null : "ИИ не уверен в разборе: проверьте позиции",
        items: { create: [{ companyId, position: 1, name: "Подшипник 6205-2RS", brand: "SKF", article: "6205-2RS", quantity: 10, unit: "шт" }] },
      },
    });
  });
}

beforeAll(async () => {
  await ensureJobQueueSchema();
  app = await startAppStandIn();
  sandbox = await startSandbox({ ports: "random", imap: false });
  setDealerSenderOptions({ backoff: { baseMs: 10, maxMs: 50 } });
  company = await createCompany("ООО «Ромашка»", ["procurement"]);
  other = await createCompany("ООО «Лютиков»", ["procurement"]);
  manager = await createMember(company.id, "manager", { name: "Мария Закупкина" });
  viewer = await createMember(company.id, "viewer", { name: "Виктор Смотров" });
  otherManager = await createMember(other.id, "manager");
  for (const c of [company, other]) {
    await saveIntegration({ companyId: c.id, actor: SYSTEM_ACTOR, kind: "telegram", settings: sandbox.configs.telegram, secrets: { botToken: sandbox.configs.telegram.botToken } });
  }
  await withTenant(company.id, (tx) => tx.procSupplier.create({ data: { companyId: company.id, name: "ПодшипникТорг", email: "sale@podshipnik.ru", brands: ["SKF"], categories: ["подшипники"] } }));
  await connectDealerBot(company.id);
  worker = await startWorker({ definitions: [telegramNoticeJob], cron: false, concurrency: 2, pollInterval: 50, retryBaseMs: 50 });
}, 180_000);

afterAll(async () => {
  setDealerSenderOptions({});
  await worker?.stop();
  await sandbox?.stop();
  await app?.stop();
});

describe("managers' Telegram bot", () => {
  it("a non-linked user gets a polite refusal", async () => {
    await say(anna, "/start");
    await say(anna, "/orders");
    expect(await lastText(anna)).toMatch(/^Извините, этот бот обслуживает только сотрудников компании/);
  });

  it("links with a one-time code (deep link or typed), single use", async () => {
    const caller = callerFor(manager.user, company.id);
    expect((await caller.procurement.telegramLink()).status).toBe("none");
    const link = await caller.procurement.telegramLinkCode();
    expect(link.url).toBe(`https://t.me/pult_sandbox_bot?start=${link.code}`);
    expect(link.code).toMatch(/^M[A-Z2-9]{9}$/);
    expect(link.expiresAt.getTime() - Date.now()).toBeLessThanOrEqual(15 * 60 * 1000);
    expect((await caller.procurement.telegramLink()).codePending).toBe(true);
    await say(petr, `/start ${link.code.toLowerCase()}`);
    expect(await lastText(petr)).toMatch(/^Telegram привязан/);
    expect(await caller.procurement.telegramLink()).toMatchObject({ status: "active", telegramUsername: "petr_dealer", codePending: false });
    // Used once: another chat with the same code is refused (it falls through to the dealers' flow).
    await say(anna, `/start ${link.code}`);
    expect(await lastText(anna)).toMatch(/недействительна/);
  });

  it("an expired code is refused", async () => {
    const caller = callerFor(viewer.user, company.id);
    const link = await caller.procurement.telegramLinkCode();
    await withTenant(company.id, (tx) => tx.procTelegramLink.updateMany({ where: { userId: viewer.user.id }, data: { codeExpiresAt: new Date(Date.now() - 1000) } }));
    await say(igor, `/start ${link.code}`);
    expect(await lastText(igor)).toMatch(/Код привязки устарел/);
    expect((await caller.procurement.telegramLink()).status).toBe("none");
  });

  it("/orders, /order N and /suppliers answer a linked manager", async () => {
    const order = await createOrder(company.id, "ORD-2026-0007", "needs_review");
    await createOrder(company.id, "ORD-2026-0008", "new");
    await say(petr, "/orders");
    const list = await lastText(petr);
    expect(list).toMatch(/^Последние заявки:\nORD-2026-0008 — новая, ООО «Вектор»: Запрос цен на подшипники\nORD-2026-0007 — требует проверки/);
    await say(petr, "/order 7");
    const detail = (await botMessages(petr)).at(-1)!;
    expect(detail.text).toContain("Заявка ORD-2026-0007 — требует проверки");
    expect(detail.text).toContain("1. Подшипник 6205-2RS (SKF), арт. 6205-2RS — 10 шт");
    expect(detail.replyMarkup!.inline_keyboard.flat().map((b) => b.text)).toEqual(["Открыть в Пульте", "✅ Проверено", "📨 Запросить цены у предложенных"]);
    expect(detail.replyMarkup!.inline_keyboard[0]![0]).toMatchObject({ url: expect.stringMatching(new RegExp(`/procurement/orders/${order.id}$`)) });
    await say(petr, "/order 999");
    expect(await lastText(petr)).toBe("Заявка 999 не найдена.");
    await say(petr, "/suppliers подшипник");
    expect(await lastText(petr)).toContain("ПодшипникТорг — sale@podshipnik.ru\nБренды: SKF");
    await say(petr, "/suppliers нетакого");
    expect(await lastText(petr)).toBe("Поставщики по запросу «нетакого» не найдены.");
  });

  it("notifications reach linked managers once, with buttons; callbacks run with the manager's role", async () => {
    const order = await createOrder(company.id, "ORD-2026-0009", "needs_review");
    const queue = () => withTenant(company.id, (tx) => queueManagerNotices(tx, company.id, { kind: "order_review", orderId: order.id, eventKey: order.id }));
    expect(await queue()).toBe(1);
    expect(await queue()).toBe(0);
    const msg = await waitFor(async () => (await botMessages(petr)).find((m) => m.text.startsWith("⚠️ Заявка ORD-2026-0009")), 20_000, "notice");
    expect(msg.text).toContain("ИИ не уверен в разборе");
    await new Promise((r) => setTimeout(r, 500));
    expect((await botMessages(petr)).filter((m) => m.text.startsWith("⚠️ Заявка ORD-2026-0009"))).toHaveLength(1);

    await tg().press(petr, msg.message_id, `mgr:rev:${order.id}`);
    await tg().settle();
    expect((await tg().state()).callbackAnswers.at(-1)).toMatchObject({ text: "Заявка отмечена как проверенная" });
    expect((await withTenant(company.id, (tx) => tx.procOrder.findUniqueOrThrow({ where: { id: order.id } }))).status).toBe("new");
    const audit = await withTenant(company.id, (tx) => tx.auditLog.findFirst({ where: { entityId: order.id, action: "procurement.order.status_changed" } }));
    expect(audit).toMatchObject({ actorId: manager.user.id });

    // RFQ to the suggested suppliers: runs requestRfqs as the manager (here the mailbox is not set up).
    await tg().press(petr, msg.message_id, `mgr:rfq:${order.id}`);
    await tg().settle();
    expect((await tg().state()).callbackAnswers.at(-1)).toMatchObject({ text: "Почта не настроена: откройте «Настройки → Интеграции»", showAlert: true });
  });

  it("a viewer's callbacks are refused; a deactivated member is not served", async () => {
    const link = await callerFor(viewer.user, company.id).procurement.telegramLinkCode();
    await say(igor, `/start ${link.code}`);
    expect(await lastText(igor)).toMatch(/^Telegram привязан/);
    const detailOrder = await createOrder(company.id, "ORD-2026-0010", "needs_review");
    await say(igor, "/order 10");
    const detail = (await botMessages(igor)).at(-1)!;
    await tg().press(igor, detail.message_id, `mgr:rev:${detailOrder.id}`);
    await tg().settle();
    expect((await tg().state()).callbackAnswers.at(-1)).toMatchObject({ text: "Недостаточно прав" });
    await withSystem((tx) => tx.membership.updateMany({ where: { userId: viewer.user.id, companyId: company.id }, data: { active: false } }));
    await say(igor, "/orders");
    expect(await lastText(igor)).toMatch(/^Извините/);
    await withSystem((tx) => tx.membership.updateMany({ where: { userId: viewer.user.id, companyId: company.id }, data: { active: true } }));
  });

  it("403 from Telegram marks the link blocked; unlink stops serving", async () => {
    await tg().block(igor, undefined, { silent: true });
    const order = await createOrder(company.id, "ORD-2026-0011", "new");
    await withTenant(company.id, (tx) => queueManagerNotices(tx, company.id, { kind: "order_new", orderId: order.id, eventKey: order.id }));
    await waitFor(async () => (await callerFor(viewer.user, company.id).procurement.telegramLink()).status === "blocked", 20_000, "blocked");
    const notices = await withTenant(company.id, (tx) => tx.procTelegramNotice.findMany({ where: { orderId: order.id } }));
    expect(notices.map((n) => n.status).sort()).toEqual(["blocked", "sent"]);
    expect((await botMessages(petr)).at(-1)!.text).toMatch(/^🆕 Новая заявка ORD-2026-0011\nКлиент: ООО «Вектор» <zakaz@vektor.ru>/);

    await callerFor(viewer.user, company.id).procurement.telegramUnlink();
    await tg().unblock(igor);
    await say(igor, "/orders");
    expect(await lastText(igor)).toMatch(/^Извините/);
  });

  it("tenancy: another company's code and links are invisible", async () => {
    const foreign = await callerFor(otherManager.user, other.id).procurement.telegramLinkCode();
    // The bot's webhook now points at the other company; point it back at ours and try the foreign code.
    await callerFor(manager.user, company.id).procurement.telegramLinkCode();
    await say(anna, `/start ${foreign.code}`);
    expect(await lastText(anna)).toMatch(/недействительна/);
    expect((await callerFor(otherManager.user, other.id).procurement.telegramLink()).status).toBe("none");
    const seen = await withTenant(company.id, (tx) => tx.procTelegramLink.findMany());
    expect(seen.every((l) => l.companyId === company.id)).toBe(true);
    expect(await withTenant(other.id, (tx) => tx.procTelegramLink.count({ where: { userId: manager.user.id } }))).toBe(0);
    await expect(withTenant(other.id, (tx) => tx.procTelegramLink.updateMany({ where: { userId: manager.user.id }, data: { status: "blocked" } }))).resolves.toMatchObject({ count: 0 });
    // Petr is still linked (the re-issued code did not unlink him).
    await say(petr, "/orders");
    expect(await lastText(petr)).toMatch(/^Последние заявки/);
  });
});
