/**
 * Long polling of the company's bot against the Telegram simulator through the real client and the shared
 * bot handler: one poller per bot across two "worker processes", the persisted offset (an update claimed
 * before a restart is not handled again), webhook mode (no polling, 409 stops a running poller, the
 * secret-token header is still checked), the dealers' flow answering through it, and two companies' bots in one
 * worker (their locks held and released on one connection, in turn).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTelegramAdmin } from "../../../sandbox/telegram/admin";
import { telegramDemo, telegramSimulator, type TTelegramSimState } from "../../../sandbox/telegram/server";
import type { TSimulator } from "../../../sandbox/lib/simulator";
import { withTenant } from "../../db";
import { saveIntegration } from "../../connections/save-integration";
import { SYSTEM_ACTOR } from "../../tenancy/roles";
import { createCompany } from "../../test/factories";
import { waitFor } from "../../test/app-stand-in";
import { connectDealerBot } from "../../dealers/create-subscribe-link";
import { verifyTelegramUpdate } from "../../dealers/verify-telegram-update";
import { telegramWebhookSecret } from "../../dealers/telegram-port";
import { resetEnvCache } from "../../env";
import { createTelegramClient } from "../../integrations/telegram/client";
import { botIdOf, startBotPolling } from "./bot-polling";

let sim: TSimulator<TTelegramSimState>;
let company: { id: string };
const USER = 555000111;
const FAST = { refreshMs: 100, timeoutSeconds: 1, retryMs: 100 };

const tg = () => createTelegramAdmin(sim.url);
const bot = () => createTelegramClient({ apiRoot: sim.url, botToken: telegramDemo.token });
const replies = () => tg().messages({ chatId: USER, from: "bot" });
const cursor = () => withTenant(company.id, (tx) => tx.telegramPollCursor.findUnique({ where: { companyId: company.id } }));

beforeAll(async () => {
  sim = await telegramSimulator.start();
  await tg().createUser({ id: USER, firstName: "Олег", username: "oleg_poll" });
  company = await createCompany("ООО «Опрос»", ["procurement"]);
  await saveIntegration({
    companyId: company.id, actor: SYSTEM_ACTOR, kind: "telegram",
    settings: { apiRoot: sim.url, botToken: telegramDemo.token }, secrets: { botToken: telegramDemo.token },
  });
});
afterAll(() => sim?.stop());

describe("Telegram long polling (embedded default)", () => {
  it("one poller per bot across workers; updates reach the shared handler once; the offset survives a restart", async () => {
    const a = startBotPolling(FAST);
    const b = startBotPolling(FAST);
    try {
      await waitFor(async () => a.refreshes() >= 2 && b.refreshes() >= 2 && a.active().length + b.active().length === 1, 30_000, "a poller");
      expect([...a.active(), ...b.active()]).toEqual([company.id]);

      await tg().write(USER, "/start"); // not a dealer yet: the dealers' flow answers
      await waitFor(async () => (await replies()).length === 1, 30_000, "the reply to /start");
      await tg().write(USER, "/stop");
      await waitFor(async () => (await replies()).length === 2, 30_000, "the reply to /stop");
      expect((await replies()).map((m) => m.text)).toEqual([
        "Чтобы получать уведомления, откройте ссылку-приглашение от компании.",
        "Вы не подписаны на уведомления.",
      ]);
      expect(await cursor()).toMatchObject({ botId: botIdOf(telegramDemo.token) });
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }

    // While no worker runs, an update arrives and (as if a worker crashed right after claiming it) the stored
    // offset is already past it: after the restart it is confirmed, not handled again.
    const pending = await tg().write(USER, "/start");
    await withTenant(company.id, (tx) => tx.telegramPollCursor.update({ where: { companyId: company.id }, data: { offset: pending.update_id + 1 } }));
    const c = startBotPolling(FAST);
    try {
      await waitFor(async () => c.active().length === 1, 30_000, "the restarted poller");
      await tg().write(USER, "/stop");
      await waitFor(async () => (await replies()).length >= 3, 30_000, "the reply to the next update");
      expect((await replies()).map((m) => m.text).slice(2)).toEqual(["Вы не подписаны на уведомления."]);
      expect(Number((await cursor())!.offset)).toBeGreaterThan(pending.update_id + 1);
    } finally {
      await c.stop();
    }
  });

  it("a bot with a webhook is not polled; a webhook set meanwhile stops the poller (409); the header is checked", async () => {
    const p = startBotPolling(FAST);
    try {
      await waitFor(async () => p.active().length === 1, 30_000, "a poller");
      await connectDealerBot(company.id); // setWebhook with the secret token: getUpdates now answers 409
      await waitFor(async () => p.active().length === 0, 30_000, "the poller to stop on 409");
      const seen = p.refreshes();
      await waitFor(async () => p.refreshes() >= seen + 2, 30_000, "two more refreshes");
      expect(p.active()).toEqual([]);
    } finally {
      await p.stop();
    }
    expect(await verifyTelegramUpdate(company.id, telegramWebhookSecret(company.id, telegramDemo.token))).toBe(true);
    expect(await verifyTelegramUpdate(company.id, "wrong-secret")).toBe(false);
    expect(await verifyTelegramUpdate(company.id, null)).toBe(false);
  });

  it("in polling mode connecting the bot removes its webhook, and the poller serves it again", async () => {
    process.env.TELEGRAM_UPDATES = "polling";
    resetEnvCache();
    const p = startBotPolling(FAST);
    try {
      expect((await bot().getWebhookInfo()).url).toBeTruthy(); // left by the previous test
      expect(await connectDealerBot(company.id)).toEqual({ mode: "polling" });
      expect((await bot().getWebhookInfo()).url).toBeFalsy();
      await waitFor(async () => p.active().length === 1, 30_000, "the poller after the webhook is removed");
      const before = (await replies()).length;
      await tg().write(USER, "/stop");
      await waitFor(async () => (await replies()).length === before + 1, 30_000, "the reply through polling");
    } finally {
      await p.stop();
      delete process.env.TELEGRAM_UPDATES;
      resetEnvCache();
    }
  });

  it("one worker polls two companies' bots; stopped together, both locks are released (another worker takes both)", async () => {
    const token = "7000000002:AAPultSandboxSecondBotToken000000000b";
    sim.state.bots.push({ token, id: 7000000002, firstName: "Второй бот", username: "pult_second_bot" });
    const second = await createCompany("ООО «Второй опрос»", ["procurement"]);
    await saveIntegration({ companyId: second.id, actor: SYSTEM_ACTOR, kind: "telegram", settings: { apiRoot: sim.url, botToken: token }, secrets: { botToken: token } });
    const p = startBotPolling(FAST);
    try {
      await waitFor(async () => p.active().length === 2, 30_000, "two pollers");
      expect(p.active().sort()).toEqual([company.id, second.id].sort());
    } finally {
      await p.stop();
    }
    const q = startBotPolling(FAST);
    try {
      await waitFor(async () => q.active().length === 2, 30_000, "both bots polled again");
    } finally {
      await q.stop();
    }
  });
});
