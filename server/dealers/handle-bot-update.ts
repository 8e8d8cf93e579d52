import { createHash } from "node:crypto";
import { Bot, type Context } from "grammy";
import type { UserFromGetMe } from "grammy/types";
import { withTenant } from "../db";
import { writeAudit } from "../audit/write-audit";
import type { TActor } from "../tenancy/roles";
import { telegramFor } from "./telegram-port";
import { managerBot } from "../procurement/telegram/manager-bot";

/**
 * Updates of the company's bot (webhook → app/api/telegram/[companyId]), handled with grammY:
 *  - `/start <code>`: the one-time code from the dealer's invitation link binds this chat to the dealer;
 *  - `/start` (no code): a dealer who paused with /stop resumes;
 *  - `/stop` or the «Приостановить» inline button: the dealer pauses the notifications;
 *  - `my_chat_member` → kicked: the user blocked the bot — the dealer is marked blocked.
 */

export function hashSubscribeCode(code: string): string {
  return createHash("sha256").update(code).digest("hex");
}

const botInfos = new Map<string, UserFromGetMe>();

const PAUSE_KEYBOARD = { inline_keyboard: [[{ text: "⏸ Приостановить уведомления", callback_data: "dealer:pause" }]] };
const RESUME_KEYBOARD = { inline_keyboard: [[{ text: "▶️ Возобновить", callback_data: "dealer:resume" }]] };

function actorOf(ctx: Context): TActor {
  const from = ctx.from;
  return { userId: null, name: from ? `Telegram: ${[from.first_name, from.last_name].filter(Boolean).join(" ")}${from.username ? ` (@${from.username})` : ""}` : "Telegram" };
}

async function setPaused(companyId: string, chatId: string, actor: TActor, paused: boolean) {
  return withTenant(companyId, async (tx) => {
    const dealer = await tx.dealer.findFirst({ where: { telegramChatId: chatId } });
    if (!dealer || dealer.status === (paused ? "paused" : "active")) return dealer;
    if (!paused && dealer.pausedBy === "admin") return dealer;
    const row = await tx.dealer.update({ where: { id: dealer.id }, data: paused ? { status: "paused", pausedBy: "user" } : { status: "active", pausedBy: null, blockedAt: null } });
    await writeAudit(tx, companyId, actor, { action: paused ? "dealers.paused_by_user" : "dealers.resumed_by_user", entity: "Dealer", entityId: dealer.id, changes: { name: dealer.name } });
    return row;
  });
}

export async function handleDealerBotUpdate(opts: { companyId: string; update: unknown }): Promise<void> {
  const { config, client } = await telegramFor(opts.companyId);
  let botInfo = botInfos.get(config.botToken);
  if (!botInfo) {
    botInfo = (await client.call((api) => api.getMe())) as UserFromGetMe;
    botInfos.set(config.botToken, botInfo);
  }
  const bot = new Bot(config.botToken, { botInfo, client: { apiRoot: config.apiRoot.replace(/\/+$/, "") } });
  // Replies honour Telegram's 429 `retry_after` (like grammY's auto-retry plugin), up to 10 s.
  bot.api.config.use(async (prev, method, payload, signal) => {
    for (let attempt = 0; ; attempt++) {
      const result = await prev(method, payload, signal);
      const retryAfter = result.ok ? undefined : result.parameters?.retry_after;
      if (result.ok || result.error_code !== 429 || retryAfter === undefined || retryAfter > 10 || attempt >= 3) return result;
      await new Promise((resolve) => setTimeout(resolve, retryAfter * 1000));
    }
  });
  const companyId = opts.companyId;
  // Managers (procurement) share the bot: their codes, commands and buttons first, the rest falls through.
  bot.use(managerBot(companyId));

  bot.command("start", async (ctx) => {
    const code = ctx.match.trim();
    const chatId = String(ctx.chat.id);
    if (code) {
      const dealer = await withTenant(companyId, async (tx) => {
        const found = await tx.dealer.findFirst({ where: { subscribeCodeHash: hashSubscribeCode(code) } });
        if (!found || !found.subscribeCodeExp || found.subscribeCodeExp < new Date()) return null;
        // One chat belongs to one dealer of the company.
        await tx.dealer.updateMany({ where: { telegramChatId: chatId, id: { not: found.id } }, data: { telegramChatId: null, status: "pending" } });
        const row = await tx.dealer.update({
          where: { id: found.id },
          data: { telegramChatId: chatId, telegramUsername: ctx.from?.username ?? null, status: found.pausedBy === "admin" ? "paused" : "active", subscribedAt: new Date(), subscribeCodeHash: null, subscribeCodeExp: null, blockedAt: null },
        });
        await writeAudit(tx, companyId, actorOf(ctx), { action: "dealers.subscribed", entity: "Dealer", entityId: found.id, changes: { name: found.name, chatId } });
        return row;
      });
      if (!dealer) {
        await ctx.reply("Ссылка-приглашение недействительна или устарела. Попросите менеджера прислать новую.");
        return;
      }
      await ctx.reply(`Здравствуйте, ${dealer.name}! Вы подписаны на уведомления: новые заказы, платежи и отгрузки по вашим контрагентам.\n/stop — приостановить, /start — возобновить.`, { reply_markup: PAUSE_KEYBOARD });
      return;
    }
    const dealer = await setPaused(companyId, chatId, actorOf(ctx), false);
    if (!dealer) await ctx.reply("Чтобы получать уведомления, откройте ссылку-приглашение от компании.");
    else if (dealer.status === "active") await ctx.reply("Уведомления включены.", { reply_markup: PAUSE_KEYBOARD });
    else await ctx.reply("Уведомления приостановлены администратором компании.");
  });

  bot.command("stop", async (ctx) => {
    const dealer = await setPaused(companyId, String(ctx.chat.id), actorOf(ctx), true);
    await ctx.reply(dealer ? "Уведомления приостановлены. Чтобы включить их снова, отправьте /start." : "Вы не подписаны на уведомления.", dealer ? { reply_markup: RESUME_KEYBOARD } : {});
  });

  bot.callbackQuery(/^dealer:(pause|resume)$/, async (ctx) => {
    const chatId = ctx.chat?.id ?? ctx.from.id;
    const pause = ctx.match[1] === "pause";
    const dealer = await setPaused(companyId, String(chatId), actorOf(ctx), pause);
    await ctx.answerCallbackQuery({ text: dealer ? (pause ? "Уведомления приостановлены" : "Уведомления включены") : "Вы не подписаны" });
    if (dealer) await ctx.editMessageReplyMarkup({ reply_markup: pause ? RESUME_KEYBOARD : PAUSE_KEYBOARD }).catch(() => undefined);
  });

  bot.on("my_chat_member", async (ctx) => {
    const status = ctx.myChatMember.new_chat_member.status;
    if (status !== "kicked") return;
    await withTenant(companyId, async (tx) => {
      const dealer = await tx.dealer.findFirst({ where: { telegramChatId: String(ctx.myChatMember.chat.id) } });
      if (!dealer) return;
      await tx.dealer.update({ where: { id: dealer.id }, data: { status: "blocked", blockedAt: new Date() } });
      await writeAudit(tx, companyId, actorOf(ctx), { action: "dealers.blocked_bot", entity: "Dealer", entityId: dealer.id, changes: { name: dealer.name } });
    });
  });

  await bot.handleUpdate(opts.update as Parameters<typeof bot.handleUpdate>[0]);
}
