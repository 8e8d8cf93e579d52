/**
 * CRM notifications in Telegram for members who linked their account to the company's bot (the one-time code
 * flow of `ProcTelegramLink`, server/procurement/telegram/link-telegram.ts — one link per user per company).
 * `queueCrmTelegramNotices` runs inside the transaction that creates the in-app notifications (notify-users.ts)
 * and uses the SAME idempotency key (UNIQUE companyId + userId + key), so a repeated reminder run or a re-played
 * event never sends twice. The job `crm-telegram-notice` sends each notice through the bot's flood-controlled
 * sender; temporary failures are retried, 403 (the user blocked the bot) marks the link blocked.
 */
import { withTenant, type TTx } from "../db";
import { getEnv } from "../env";
import { writeAudit } from "../audit/write-audit";
import { SYSTEM_ACTOR } from "../tenancy/roles";
import { sendEvent } from "../jobs/send-event";
import { describeJobError, isPermanentError } from "../jobs/errors";
import { isBlockedByUser } from "../integrations/telegram/sender";
import { telegramFor } from "../dealers/telegram-port";
import type { TNewNotification } from "./notify-users";

const ICONS: Record<string, string> = {
  "task.assigned": "📝", "calculation.ready": "🧮", "task.done": "✅", "calculation.chosen": "👍", "deal.created": "🆕",
  "payment.recorded": "💰", "installment.due": "⏰", "policy.ending": "📅", "review.reached": "🔔",
};

export function dealUrl(dealId: string): string {
  return `${getEnv().APP_URL.replace(/\/+$/, "")}/crm/deals/${dealId}`;
}

/** The message text (≤ 4096 characters): icon + title, body, the deal's link. */
export function renderCrmTelegramText(n: { kind: string; title: string; body: string | null; dealId: string | null }): string {
  const lines = [`${ICONS[n.kind] ?? "🔔"} ${n.title}`];
  if (n.body) lines.push(n.body);
  if (n.dealId) lines.push(`Открыть сделку: ${dealUrl(n.dealId)}`);
  return lines.join("\n").slice(0, 4000);
}

/** Queues Telegram notices for the items' members who have an active link (kinds they switched off excluded by the caller). */
export async function queueCrmTelegramNotices(tx: TTx, companyId: string, items: TNewNotification[]): Promise<number> {
  if (items.length === 0) return 0;
  const links = await tx.procTelegramLink.findMany({
    where: { userId: { in: [...new Set(items.map((i) => i.userId))] }, status: "active", chatId: { not: null } },
    select: { userId: true },
  });
  const linked = new Set(links.map((l) => l.userId));
  const data = items.filter((i) => linked.has(i.userId)).map((i) => ({
    companyId, userId: i.userId, kind: i.kind, idempotencyKey: i.key, title: i.title, body: i.body ?? null, dealId: i.dealId ?? null,
  }));
  if (data.length === 0) return 0;
  const created = await tx.crmTelegramNotice.createManyAndReturn({ data, skipDuplicates: true, select: { id: true } });
  for (const n of created) {
    await sendEvent(tx, { name: "crm/telegram.notice.requested", data: { companyId, noticeId: n.id }, trigger: "event", idempotencyKey: `crm-notice:${n.id}` });
  }
  return created.length;
}

/** Sends one queued notice; 403 marks the member's link blocked (never retried). */
export async function deliverCrmTelegramNotice(opts: { companyId: string; noticeId: string; attempt?: number; maxAttempts?: number }) {
  const loaded = await withTenant(opts.companyId, async (tx) => {
    const notice = await tx.crmTelegramNotice.findUnique({ where: { id: opts.noticeId } });
    if (!notice) return null;
    const link = await tx.procTelegramLink.findUnique({ where: { companyId_userId: { companyId: opts.companyId, userId: notice.userId } } });
    const member = await tx.membership.findFirst({ where: { userId: notice.userId, active: true }, select: { id: true } });
    return { notice, link, member };
  });
  if (!loaded) return { status: "missing" };
  const { notice, link, member } = loaded;
  if (notice.status !== "queued" && notice.status !== "failed") return { status: notice.status, skipped: true };
  if (!link || link.status !== "active" || !link.chatId || !member) {
    const reason = !member ? "Пользователь больше не сотрудник компании" : link?.status === "blocked" ? "Пользователь заблокировал бота" : "Telegram отвязан";
    await withTenant(opts.companyId, (tx) => tx.crmTelegramNotice.update({ where: { id: notice.id }, data: { status: "skipped", error: reason } }));
    return { status: "skipped" };
  }
  try {
    const tg = await telegramFor(opts.companyId);
    const sent = await tg.sender.send(link.chatId, renderCrmTelegramText(notice), { disablePreview: true });
    await withTenant(opts.companyId, (tx) => tx.crmTelegramNotice.update({
      where: { id: notice.id },
      data: { status: "sent", attempts: { increment: sent.attempts }, telegramMessageId: sent.messageId, sentAt: new Date(), error: null },
    }));
    return { status: "sent", attempts: sent.attempts };
  } catch (error) {
    if (isBlockedByUser(error)) {
      await withTenant(opts.companyId, async (tx) => {
        await tx.crmTelegramNotice.update({ where: { id: notice.id }, data: { status: "blocked", attempts: { increment: 1 }, error: "Пользователь заблокировал бота (Telegram 403)" } });
        await tx.procTelegramLink.update({ where: { id: link.id }, data: { status: "blocked", blockedAt: new Date() } });
        await writeAudit(tx, opts.companyId, SYSTEM_ACTOR, { action: "crm.telegram.blocked", entity: "User", entityId: link.userId, changes: { telegramUsername: link.telegramUsername } });
      });
      return { status: "blocked" };
    }
    const last = isPermanentError(error) || (opts.attempt !== undefined && opts.maxAttempts !== undefined && opts.attempt >= opts.maxAttempts);
    await withTenant(opts.companyId, (tx) => tx.crmTelegramNotice.update({
      where: { id: notice.id },
      data: { status: last ? "failed" : "queued", attempts: { increment: 1 }, error: describeJobError(error) },
    }));
    throw error;
  }
}
