import { randomBytes } from "node:crypto";
import { withTenant } from "../db";
import { AppError } from "../errors";
import { getEnv } from "../env";
import { writeAudit } from "../audit/write-audit";
import type { TActor } from "../tenancy/roles";
import { hashSubscribeCode } from "./handle-bot-update";
import { telegramFor, telegramWebhookSecret, telegramWebhookUrl } from "./telegram-port";

const CODE_TTL_MS = 7 * 24 * 60 * 60 * 1000;

/**
 * A one-time subscribe link for a dealer: `https://t.me/<bot>?start=<code>` (the code is shown once, only
 * its hash is stored; 7 days). Also makes sure the bot delivers its updates to us (setWebhook with a secret).
 */
export async function createSubscribeLink(opts: { companyId: string; actor: TActor; dealerId: string }) {
  const tg = await telegramFor(opts.companyId);
  const me = await tg.client.getMe();
  await connectDealerBot(opts.companyId);
  const code = randomBytes(12).toString("base64url");
  const expiresAt = new Date(Date.now() + CODE_TTL_MS);
  await withTenant(opts.companyId, async (tx) => {
    const dealer = await tx.dealer.findUnique({ where: { id: opts.dealerId } });
    if (!dealer) throw new AppError("NOT_FOUND", "Дилер не найден");
    await tx.dealer.update({ where: { id: dealer.id }, data: { subscribeCodeHash: hashSubscribeCode(code), subscribeCodeExp: expiresAt } });
    await writeAudit(tx, opts.companyId, opts.actor, { action: "dealers.subscribe_link_created", entity: "Dealer", entityId: dealer.id, changes: { name: dealer.name, expiresAt } });
  });
  return { url: `https://t.me/${me.username}?start=${code}`, code, botUsername: me.username, expiresAt };
}

/**
 * Makes sure the company's bot delivers its updates to us: in webhook mode points it at our update endpoint
 * (`setWebhook` with the secret-token header); in polling mode removes any webhook, so the worker's long
 * polling (getUpdates) serves the bot.
 */
export async function connectDealerBot(companyId: string) {
  const tg = await telegramFor(companyId);
  if (getEnv().TELEGRAM_UPDATES === "polling") {
    await tg.client.deleteWebhook();
    return { mode: "polling" as const };
  }
  await tg.client.setWebhook(telegramWebhookUrl(companyId), {
    secretToken: telegramWebhookSecret(companyId, tg.config.botToken),
    allowedUpdates: ["message", "callback_query", "my_chat_member"],
  });
  return { mode: "webhook" as const, url: telegramWebhookUrl(companyId) };
}
