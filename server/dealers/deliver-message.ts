import { withTenant } from "../db";
import { writeAudit } from "../audit/write-audit";
import { SYSTEM_ACTOR } from "../tenancy/roles";
import { describeJobError, isPermanentError } from "../jobs/errors";
import { isBlockedByUser } from "../integrations/telegram/sender";
import { telegramFor } from "./telegram-port";

/**
 * Sends one queued message to a dealer through the company's bot with flood control (per chat and per bot;
 * 429 `retry_after` honoured). 403 (the user blocked the bot) marks the delivery «blocked» and the dealer
 * «blocked» — never retried; other temporary failures are rethrown for the runtime's retry with backoff.
 */
export async function deliverDealerMessage(opts: { companyId: string; deliveryId: string; attempt?: number; maxAttempts?: number }) {
  const delivery = await withTenant(opts.companyId, (tx) => tx.dealerDelivery.findUnique({ where: { id: opts.deliveryId }, include: { dealer: true } }));
  if (!delivery) return { status: "missing" };
  if (delivery.status !== "queued" && delivery.status !== "failed") return { status: delivery.status, skipped: true };
  const dealer = delivery.dealer;
  if (dealer.status !== "active" || !dealer.telegramChatId) {
    const reason = dealer.status === "blocked" ? "Дилер заблокировал бота" : dealer.status === "paused" ? "Уведомления дилера приостановлены" : "Дилер ещё не подписался на бота";
    await withTenant(opts.companyId, (tx) => tx.dealerDelivery.update({ where: { id: delivery.id }, data: { status: "skipped", error: reason } }));
    return { status: "skipped" };
  }
  try {
    const tg = await telegramFor(opts.companyId);
    const sent = await tg.sender.send(dealer.telegramChatId, delivery.text, { disablePreview: true });
    await withTenant(opts.companyId, (tx) => tx.dealerDelivery.update({
      where: { id: delivery.id },
      data: { status: "sent", attempts: { increment: sent.attempts }, telegramMessageId: sent.messageId, sentAt: new Date(), error: null },
    }));
    return { status: "sent", attempts: sent.attempts, waitedMs: sent.waitedMs };
  } catch (error) {
    if (isBlockedByUser(error)) {
      await withTenant(opts.companyId, async (tx) => {
        await tx.dealerDelivery.update({ where: { id: delivery.id }, data: { status: "blocked", attempts: { increment: 1 }, error: "Пользователь заблокировал бота (Telegram 403)" } });
        await tx.dealer.update({ where: { id: dealer.id }, data: { status: "blocked", blockedAt: new Date() } });
        await writeAudit(tx, opts.companyId, SYSTEM_ACTOR, { action: "dealers.blocked_bot", entity: "Dealer", entityId: dealer.id, changes: { name: dealer.name } });
      });
      return { status: "blocked" };
    }
    const last = isPermanentError(error) || (opts.attempt !== undefined && opts.maxAttempts !== undefined && opts.attempt >= opts.maxAttempts);
    await withTenant(opts.companyId, (tx) => tx.dealerDelivery.update({
      where: { id: delivery.id },
      data: { status: last ? "failed" : "queued", attempts: { increment: 1 }, error: describeJobError(error) },
    }));
    throw error;
  }
}
