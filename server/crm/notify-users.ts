import type { TTx } from "../db";
import { queueCrmTelegramNotices } from "./telegram-notices";

export type TNotificationKind = "task.assigned" | "calculation.ready" | "task.done" | "calculation.chosen" | "deal.created" | "payment.recorded"
  | "installment.due" | "policy.ending" | "review.reached";

export type TNewNotification = {
  userId: string;
  kind: TNotificationKind;
  title: string;
  body?: string | null;
  dealId?: string | null;
  /** Unique per company and user: the same key never notifies the same person twice. */
  key: string;
};

/**
 * Creates in-app notifications inside the caller's transaction; repeated keys are skipped (idempotent). Members
 * with a linked Telegram also get the notification there (telegram-notices.ts), under the same key. Each channel
 * honours the member's own preferences (`disabledKinds` for the bell, `telegramDisabledKinds` for Telegram).
 */
export async function notifyUsers(tx: TTx, companyId: string, items: TNewNotification[]): Promise<number> {
  const users = [...new Set(items.map((i) => i.userId))];
  const prefs = users.length ? await tx.crmNotificationPreference.findMany({ where: { userId: { in: users } } }) : [];
  const disabled = new Map(prefs.map((p) => [p.userId, new Set(p.disabledKinds)]));
  const telegramOff = new Map(prefs.map((p) => [p.userId, new Set(p.telegramDisabledKinds)]));
  const byKey = (list: TNewNotification[]) => [...new Map(list.map((i) => [`${i.userId}:${i.key}`, i])).values()];
  await queueCrmTelegramNotices(tx, companyId, byKey(items.filter((i) => !telegramOff.get(i.userId)?.has(i.kind))));
  // Per-user preferences: kinds a member switched off are not created at all.
  const unique = byKey(items.filter((i) => !disabled.get(i.userId)?.has(i.kind)));
  if (unique.length === 0) return 0;
  const r = await tx.crmNotification.createMany({
    data: unique.map((i) => ({
      companyId, userId: i.userId, kind: i.kind, title: i.title, body: i.body ?? null, dealId: i.dealId ?? null,
      link: i.dealId ? `/crm/deals/${i.dealId}` : null, idempotencyKey: i.key,
    })),
    skipDuplicates: true,
  });
  return r.count;
}
