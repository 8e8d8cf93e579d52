import type { TTx } from "../../db";
import { withTenant } from "../../db";
import { writeAudit } from "../../audit/write-audit";
import { SYSTEM_ACTOR } from "../../tenancy/roles";
import { sendEvent } from "../../jobs/send-event";
import { describeJobError, isPermanentError } from "../../jobs/errors";
import { isBlockedByUser } from "../../integrations/telegram/sender";
import { telegramFor } from "../../dealers/telegram-port";
import { ORDER_STATUS_LABELS, orderKeyboard } from "./manager-bot";

/**
 * Notifications to linked managers: one `ProcTelegramNotice` per manager and event (UNIQUE linkId + eventKey,
 * so a re-processed email or a repeated timeout check never sends twice), queued in the caller's transaction
 * and sent by the job `procurement-telegram-notice` through the bot's flood-controlled sender.
 */

export type TNoticeKind = "order_new" | "order_review" | "quote_received" | "rfq_timed_out";

/** `eventKey`: `order:<orderId>` for new / review, `quote:<quoteId>`, `rfq:<rfqId>`. */
export async function queueManagerNotices(tx: TTx, companyId: string, input: { kind: TNoticeKind; orderId: string; eventKey: string }) {
  const links = await tx.procTelegramLink.findMany({ where: { status: "active", chatId: { not: null } }, select: { id: true, userId: true } });
  if (links.length === 0) return 0;
  const members = await tx.membership.findMany({ where: { userId: { in: links.map((l) => l.userId) }, active: true }, select: { userId: true } });
  const allowed = new Set(members.map((m) => m.userId));
  const created = await tx.procTelegramNotice.createManyAndReturn({
    data: links.filter((l) => allowed.has(l.userId)).map((l) => ({ companyId, linkId: l.id, kind: input.kind, eventKey: `${input.kind}:${input.eventKey}`, orderId: input.orderId })),
    skipDuplicates: true,
    select: { id: true },
  });
  for (const n of created) {
    await sendEvent(tx, { name: "procurement/telegram.notice.requested", data: { companyId, noticeId: n.id }, trigger: "event", idempotencyKey: `notice:${n.id}` });
  }
  return created.length;
}

async function renderNotice(tx: TTx, notice: { kind: string; eventKey: string; orderId: string | null }) {
  if (!notice.orderId) return null;
  const order = await tx.procOrder.findUnique({
    where: { id: notice.orderId },
    include: { client: { select: { name: true, email: true } }, _count: { select: { items: true } } },
  });
  if (!order) return null;
  const client = order.client ? `${order.client.name}${order.client.email ? ` <${order.client.email}>` : ""}` : "—";
  const ref = notice.eventKey.split(":").at(-1)!;
  let text: string;
  switch (notice.kind) {
    case "order_new":
      text = `🆕 Новая заявка ${order.number}\nКлиент: ${client}\nТема: ${order.subject || "—"}\nПозиций: ${order._count.items}`;
      break;
    case "order_review":
      text = `⚠️ Заявка ${order.number} требует проверки\nКлиент: ${client}\nТема: ${order.subject || "—"}\n${order.reviewReason ?? "Проверьте позиции"}`;
      break;
    case "quote_received": {
      const quote = await tx.procQuote.findUnique({ where: { id: ref }, include: { supplier: { select: { name: true } }, _count: { select: { items: true } } } });
      text = `💬 Ответ поставщика ${quote?.supplier.name ?? ""} по заявке ${order.number}\nПозиций с ценами: ${quote?._count.items ?? 0}\nСтатус заявки: ${ORDER_STATUS_LABELS[order.status] ?? order.status}`;
      break;
    }
    case "rfq_timed_out": {
      const rfq = await tx.procRfq.findUnique({ where: { id: ref }, include: { supplier: { select: { name: true } } } });
      text = `⏰ Нет ответа от поставщика ${rfq?.supplier.name ?? ""} по заявке ${order.number}: запрос помечен «нет ответа»`;
      break;
    }
    default:
      return null;
  }
  return { text, keyboard: orderKeyboard(order.id, order.status) };
}

/** Sends one queued notice; 403 marks the manager's link blocked (never retried). */
export async function deliverManagerNotice(opts: { companyId: string; noticeId: string; attempt?: number; maxAttempts?: number }) {
  const loaded = await withTenant(opts.companyId, async (tx) => {
    const notice = await tx.procTelegramNotice.findUnique({ where: { id: opts.noticeId }, include: { link: true } });
    if (!notice) return null;
    return { notice, rendered: await renderNotice(tx, notice) };
  });
  if (!loaded) return { status: "missing" };
  const { notice, rendered } = loaded;
  if (notice.status !== "queued" && notice.status !== "failed") return { status: notice.status, skipped: true };
  const link = notice.link;
  const member = await withTenant(opts.companyId, (tx) => tx.membership.findFirst({ where: { userId: link.userId, active: true } }));
  if (link.status !== "active" || !link.chatId || !member || !rendered) {
    const reason = !rendered ? "Заявка удалена" : !member ? "Пользователь больше не сотрудник компании" : link.status === "blocked" ? "Пользователь заблокировал бота" : "Telegram отвязан";
    await withTenant(opts.companyId, (tx) => tx.procTelegramNotice.update({ where: { id: notice.id }, data: { status: "skipped", error: reason } }));
    return { status: "skipped" };
  }
  try {
    const tg = await telegramFor(opts.companyId);
    const sent = await tg.sender.send(link.chatId, rendered.text, { disablePreview: true, inlineKeyboard: rendered.keyboard });
    await withTenant(opts.companyId, (tx) => tx.procTelegramNotice.update({
      where: { id: notice.id },
      data: { status: "sent", attempts: { increment: sent.attempts }, telegramMessageId: sent.messageId, sentAt: new Date(), error: null },
    }));
    return { status: "sent", attempts: sent.attempts, waitedMs: sent.waitedMs };
  } catch (error) {
    if (isBlockedByUser(error)) {
      await withTenant(opts.companyId, async (tx) => {
        await tx.procTelegramNotice.update({ where: { id: notice.id }, data: { status: "blocked", attempts: { increment: 1 }, error: "Пользователь заблокировал бота (Telegram 403)" } });
        await tx.procTelegramLink.update({ where: { id: link.id }, data: { status: "blocked", blockedAt: new Date() } });
        await writeAudit(tx, opts.companyId, SYSTEM_ACTOR, { action: "procurement.telegram.blocked", entity: "User", entityId: link.userId, changes: { telegramUsername: link.telegramUsername } });
      });
      return { status: "blocked" };
    }
    const last = isPermanentError(error) || (opts.attempt !== undefined && opts.maxAttempts !== undefined && opts.attempt >= opts.maxAttempts);
    await withTenant(opts.companyId, (tx) => tx.procTelegramNotice.update({
      where: { id: notice.id },
      data: { status: last ? "failed" : "queued", attempts: { increment: 1 }, error: describeJobError(error) },
    }));
    throw error;
  }
}
