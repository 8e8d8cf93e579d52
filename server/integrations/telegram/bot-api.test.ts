/** The grown Telegram simulator through the real client: updates, webhooks, sendMessage limits, 403, callbacks. */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTelegramAdmin } from "../../../sandbox/telegram/admin";
import type { TSimulator } from "../../../sandbox/lib/simulator";
import { telegramDemo, telegramDemoUsers, telegramSimulator, type TTelegramSimState } from "../../../sandbox/telegram/server";
import { expectUpstreamError } from "../testing";
import { createTelegramClient } from "./client";
import { createFloodGate, createTelegramSender } from "./sender";

let sim: TSimulator<TTelegramSimState>;
const user = telegramDemoUsers[0].id;
const admin = () => createTelegramAdmin(sim.url);
const client = () => createTelegramClient({ apiRoot: sim.url, botToken: telegramDemo.token });

beforeAll(async () => {
  sim = await telegramSimulator.start();
});
afterAll(() => sim.stop());
beforeEach(() => sim.reset());

describe("updates", () => {
  it("getUpdates long-polls until a user writes; offset confirms", async () => {
    const polling = client().getUpdates({ timeoutSeconds: 5 });
    await new Promise((r) => setTimeout(r, 100));
    await admin().write(user, "/start abc");
    const updates = await polling;
    expect(updates).toHaveLength(1);
    expect(updates[0]!.message).toMatchObject({ text: "/start abc", chat: { id: user, type: "private" }, entities: [{ type: "bot_command", offset: 0, length: 6 }] });
    expect(await client().getUpdates({ offset: updates[0]!.update_id + 1 })).toEqual([]);
  });

  it("webhook delivery carries the secret-token header; getUpdates is refused meanwhile", async () => {
    const received: Array<{ secret: string | undefined; body: Record<string, unknown> }> = [];
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        received.push({ secret: req.headers["x-telegram-bot-api-secret-token"] as string | undefined, body: JSON.parse(Buffer.concat(chunks).toString()) });
        res.end("ok");
      });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    try {
      await client().setWebhook(`http://127.0.0.1:${(server.address() as AddressInfo).port}/tg`, { secretToken: "s3cret_token-1" });
      expect((await client().getWebhookInfo()).url).toContain("/tg");
      await expectUpstreamError(client().getUpdates(), { provider: "telegram", kind: "bad_response", status: 409 });
      await admin().write(user, "/stop");
      await admin().settle();
      expect(received).toEqual([{ secret: "s3cret_token-1", body: expect.objectContaining({ message: expect.objectContaining({ text: "/stop" }) }) }]);
      expect((await client().getWebhookInfo()).pending_update_count).toBe(0);
      await client().deleteWebhook();
      expect((await client().getWebhookInfo()).url).toBe("");
    } finally {
      server.close();
    }
  });

  it("inline keyboard → callback_query → answerCallbackQuery", async () => {
    await admin().write(user, "/start");
    const sent = await client().sendMessage(user, "Подписка оформлена", { inlineKeyboard: [[{ text: "Приостановить", callback_data: "dealer:pause" }]] });
    expect(sent.reply_markup?.inline_keyboard[0]![0]).toMatchObject({ text: "Приостановить" });
    await admin().press(user, sent.message_id, "dealer:pause");
    const updates = await client().getUpdates({ allowedUpdates: ["callback_query"] });
    const cq = updates.find((u) => u.callback_query)!.callback_query!;
    expect(cq).toMatchObject({ data: "dealer:pause", from: { id: user } });
    await client().answerCallbackQuery(cq.id, "Готово");
    expect(sim.state.callbackAnswers).toEqual([{ botId: 7000000001, callbackQueryId: cq.id, text: "Готово" }]);
  });
});

describe("sendMessage", () => {
  it("400 chat not found / empty / too long; 403 before /start and after a block", async () => {
    await expectUpstreamError(client().sendMessage(424242, "x"), { provider: "telegram", kind: "bad_response", status: 400, messageIncludes: "chat not found" });
    await expectUpstreamError(client().sendMessage(user, "привет"), { provider: "telegram", kind: "forbidden", status: 403, messageIncludes: "can't initiate" });
    await admin().write(user, "/start");
    await expectUpstreamError(client().sendMessage(user, "x".repeat(4097)), { provider: "telegram", kind: "bad_response", status: 400, messageIncludes: "too long" });
    await admin().block(user);
    await expectUpstreamError(client().sendMessage(user, "привет"), { provider: "telegram", kind: "forbidden", status: 403, messageIncludes: "blocked by the user" });
    expect((await client().getUpdates()).some((u) => (u.my_chat_member as { new_chat_member?: { status?: string } } | undefined)?.new_chat_member?.status === "kicked")).toBe(true);
  });

  it("flood limit per chat → 429 with retry_after", async () => {
    await admin().write(user, "/start");
    await client().sendMessage(user, "первое");
    const error = await expectUpstreamError(client().sendMessage(user, "второе"), { provider: "telegram", kind: "rate_limited", status: 429 });
    expect(error.retryAfterMs).toBe(1000);
  });
});

describe("flood-controlled sender", () => {
  it("honours retry_after and delivers; 403 is not retried", async () => {
    // The simulator is stricter than our gate: Telegram answers 429 retry_after 2, the sender waits it out.
    sim.seed({ limits: { perChat: { limit: 1, windowMs: 1500 }, global: { limit: 30, windowMs: 1000 }, timeScale: 1 } });
    await admin().write(user, "/start");
    const sender = createTelegramSender(client(), createFloodGate({ perChatIntervalMs: 100 }));
    await sender.send(user, "раз");
    const started = Date.now();
    const second = await sender.send(user, "два");
    expect(Date.now() - started).toBeGreaterThanOrEqual(1900);
    expect(second.attempts).toBe(2);
    expect(sender.stats()).toMatchObject({ sent: 2, rateLimited: 1 });
    await expect(sender.send(telegramDemoUsers[1].id, "вы не подписаны")).rejects.toMatchObject({ kind: "forbidden" });
    expect(sender.stats().forbidden).toBe(1);
  });

  it("keeps to 30 messages per second across chats and one per second per chat", async () => {
    sim.seed({ limits: { perChat: { limit: 1, windowMs: 1000 }, global: { limit: 30, windowMs: 1000 }, timeScale: 1 } });
    const ids = Array.from({ length: 45 }, (_, i) => 200000000 + i);
    for (const id of ids) {
      await admin().createUser({ id, firstName: `Дилер ${id}` });
      await admin().write(id, "/start");
    }
    const sender = createTelegramSender(client(), createFloodGate());
    const started = Date.now();
    await Promise.all(ids.map((id) => sender.send(id, "уведомление")));
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(sender.stats()).toMatchObject({ sent: 45, rateLimited: 0 });
    expect(sim.state.counters.floodRejected).toBe(0);
  });
});
