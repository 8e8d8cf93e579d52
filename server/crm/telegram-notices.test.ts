/**
 * CRM notifications in Telegram over the real client against the Telegram simulator: a member links the
 * company's bot with the one-time code (CRM router), gets the task/reminder messages with the deal's link once
 * (same idempotency key as in-app), per-kind Telegram preferences, 403 → link blocked, and tenancy.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSandbox, type TSandbox } from "../../sandbox";
import { createTelegramAdmin } from "../../sandbox/telegram/admin";
import { telegramDemoUsers } from "../../sandbox/telegram/server";
import { withTenant } from "../db";
import { saveIntegration } from "../connections/save-integration";
import { SYSTEM_ACTOR } from "../tenancy/roles";
import { ensureJobQueueSchema } from "../jobs/queue-schema";
import { startWorker } from "../jobs/worker-runtime";
import { startAppStandIn, waitFor } from "../test/app-stand-in";
import { setDealerSenderOptions } from "../dealers/telegram-port";
import { crmTelegramNoticeJob } from "../../inngest/functions/crm/telegram-notice";
import { crmCompany } from "./testing";
import { notifyUsers } from "./notify-users";

let sandbox: TSandbox;
let app: Awaited<ReturnType<typeof startAppStandIn>>;
let worker: Awaited<ReturnType<typeof startWorker>>;
let t: Awaited<ReturnType<typeof crmCompany>>;
let other: Awaited<ReturnType<typeof crmCompany>>;
let dealId: string;
const [petr, anna] = telegramDemoUsers.map((u) => u.id) as [number, number];

const tg = () => createTelegramAdmin(sandbox.simulators.telegram.url);
const botMessages = (chatId: number) => tg().messages({ chatId, from: "bot" });

beforeAll(async () => {
  await ensureJobQueueSchema();
  app = await startAppStandIn();
  sandbox = await startSandbox({ ports: "random", imap: false });
  setDealerSenderOptions({ backoff: { baseMs: 10, maxMs: 50 } });
  t = await crmCompany("ООО «Ромашка»");
  other = await crmCompany("ООО «Лютиков»");
  for (const c of [t.company, other.company]) {
    await saveIntegration({ companyId: c.id, actor: SYSTEM_ACTOR, kind: "telegram", settings: sandbox.configs.telegram, secrets: { botToken: sandbox.configs.telegram.botToken } });
  }
  dealId = (await t.as(t.seller).crm.createDeal({ title: "КАСКО Иванов", newClient: { kind: "person", name: "Иван Иванов" } })).id;
  worker = await startWorker({ definitions: [crmTelegramNoticeJob], cron: false, concurrency: 2, pollInterval: 50, retryBaseMs: 50 });
}, 180_000);

afterAll(async () => {
  setDealerSenderOptions({});
  await worker?.stop();
  await sandbox?.stop();
  await app?.stop();
});

describe("CRM notifications in Telegram", () => {
  it("an executor links Telegram from the CRM with a one-time code", async () => {
    const caller = t.as(t.executor);
    expect((await caller.crm.telegramLink()).status).toBe("none");
    const link = await caller.crm.telegramLinkCode();
    await tg().write(petr, `/start ${link.code}`);
    await tg().settle();
    expect((await botMessages(petr)).at(-1)?.text).toMatch(/^Telegram привязан/);
    expect(await caller.crm.telegramLink()).toMatchObject({ status: "active", telegramUsername: "petr_dealer" });
  });

  it("a task assigned to a linked executor arrives in Telegram with the deal's link, once", async () => {
    await t.as(t.seller).crm.createTask({ dealId, type: "calculation", title: "Рассчитать КАСКО", assigneeId: t.executor.user.id });
    const msg = await waitFor(async () => (await botMessages(petr)).find((m) => m.text.includes("Рассчитать КАСКО")), 20_000, "task message");
    expect(msg.text).toMatch(/^📝 Новая задача \(расчёт\): Рассчитать КАСКО/);
    expect(msg.text).toContain(`/crm/deals/${dealId}`);
    const notices = await withTenant(t.company.id, (tx) => tx.crmTelegramNotice.findMany({ where: { userId: t.executor.user.id } }));
    await waitFor(async () => (await withTenant(t.company.id, (tx) => tx.crmTelegramNotice.findFirst({ where: { id: notices[0]!.id, status: "sent" } }))), 20_000, "sent");
    expect(notices).toHaveLength(1);
    // The seller has no link: in-app only.
    expect(await withTenant(t.company.id, (tx) => tx.crmTelegramNotice.count({ where: { userId: t.seller.user.id } }))).toBe(0);
  });

  it("the same key is never sent twice (a reminder run repeated)", async () => {
    const item = { userId: t.executor.user.id, kind: "policy.ending" as const, dealId, key: `policy.ending:test:2026-12-31:14`, title: "Полис 777 заканчивается 31.12.2026", body: "КАСКО Иванов: осталось дней — 14" };
    await withTenant(t.company.id, (tx) => notifyUsers(tx, t.company.id, [item]));
    await withTenant(t.company.id, (tx) => notifyUsers(tx, t.company.id, [item, item]));
    await waitFor(async () => (await botMessages(petr)).find((m) => m.text.startsWith("📅 Полис 777")), 20_000, "reminder");
    await new Promise((r) => setTimeout(r, 500));
    expect((await botMessages(petr)).filter((m) => m.text.startsWith("📅 Полис 777"))).toHaveLength(1);
    expect(await withTenant(t.company.id, (tx) => tx.crmNotification.count({ where: { idempotencyKey: item.key } }))).toBe(1);
  });

  it("the Telegram channel of a kind can be switched off separately from the bell", async () => {
    const caller = t.as(t.executor);
    await caller.crm.saveNotificationSettings({ disabledKinds: [], telegramDisabledKinds: ["task.assigned"] });
    expect((await caller.crm.notificationSettings()).telegramDisabledKinds).toEqual(["task.assigned"]);
    await t.as(t.seller).crm.createTask({ dealId, type: "other", title: "Позвонить клиенту", assigneeId: t.executor.user.id });
    const inApp = await caller.crm.notifications({});
    expect(inApp.items.map((n) => n.title)).toContain("Новая задача (другое): Позвонить клиенту");
    expect(await withTenant(t.company.id, (tx) => tx.crmTelegramNotice.count({ where: { title: { contains: "Позвонить клиенту" } } }))).toBe(0);
    // Saving the bell's kinds alone keeps the Telegram choice.
    await caller.crm.saveNotificationSettings({ disabledKinds: ["deal.created"] });
    expect((await caller.crm.notificationSettings())).toMatchObject({ disabledKinds: ["deal.created"], telegramDisabledKinds: ["task.assigned"] });
    await caller.crm.saveNotificationSettings({ disabledKinds: [], telegramDisabledKinds: [] });
  });

  it("403 from Telegram marks the link blocked and the notice is not retried", async () => {
    const caller = t.as(t.executor2);
    const link = await caller.crm.telegramLinkCode();
    await tg().write(anna, `/start ${link.code}`);
    await tg().settle();
    expect((await caller.crm.telegramLink()).status).toBe("active");
    await tg().block(anna, undefined, { silent: true });
    await t.as(t.seller).crm.createTask({ dealId, type: "issuing", title: "Оформить полис", assigneeId: t.executor2.user.id });
    await waitFor(async () => (await caller.crm.telegramLink()).status === "blocked", 20_000, "blocked");
    const notice = await withTenant(t.company.id, (tx) => tx.crmTelegramNotice.findFirstOrThrow({ where: { userId: t.executor2.user.id } }));
    expect(notice).toMatchObject({ status: "blocked", attempts: 1 });
    const audit = await withTenant(t.company.id, (tx) => tx.auditLog.findFirst({ where: { action: "crm.telegram.blocked", entityId: t.executor2.user.id } }));
    expect(audit).not.toBeNull();
    // Later notifications are not queued for a blocked link.
    await t.as(t.seller).crm.createTask({ dealId, type: "other", title: "Ещё задача", assigneeId: t.executor2.user.id });
    expect(await withTenant(t.company.id, (tx) => tx.crmTelegramNotice.count({ where: { userId: t.executor2.user.id } }))).toBe(1);
    await tg().unblock(anna);
  });

  it("tenancy: another company sees none of the notices and cannot change them", async () => {
    expect(await withTenant(other.company.id, (tx) => tx.crmTelegramNotice.count())).toBe(0);
    await expect(withTenant(other.company.id, (tx) => tx.crmTelegramNotice.updateMany({ data: { status: "failed" } }))).resolves.toMatchObject({ count: 0 });
    expect(await withTenant(t.company.id, (tx) => tx.crmTelegramNotice.count({ where: { status: "failed" } }))).toBe(0);
    // A notification for an unlinked member of the other company queues nothing.
    await withTenant(other.company.id, (tx) => notifyUsers(tx, other.company.id, [{ userId: other.executor.user.id, kind: "review.reached", key: "review.reached:x", title: "Пора" }]));
    expect(await withTenant(other.company.id, (tx) => tx.crmTelegramNotice.count())).toBe(0);
  });
});
