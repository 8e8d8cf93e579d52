import type { TTx } from "../db";

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

/** Creates in-app notifications inside the caller's transaction; repeated keys are skipped (idempotent). */
export async function notifyUsers(tx: TTx, companyId: string, items: TNewNotification[]): Promise<number> {
  const users = [...new Set(items.map((i) => i.userId))];
  const prefs = users.length ? await tx.crmNotificationPreference.findMany({ where: { userId: { in: users } } }) : [];
  const disabled = new Map(prefs.map((p) => [p.userId, new Set(p.disabledKinds)]));
  // Per-user preferences: kinds a member switched off are not created at all.
  const unique = new Map(items.filter((i) => !disabled.get(i.userId)?.has(i.kind)).map((i) => [`${i.userId}:${i.key}`, i]));
  if (unique.size === 0) return 0;
  const r = await tx.crmNotification.createMany({
    data: [...unique.values()].map((i) => ({
      companyId, userId: i.userId, kind: i.kind, title: i.title, body: i.body ?? null, dealId: i.dealId ?? null,
      link: i.dealId ? `/crm/deals/${i.dealId}` : null, idempotencyKey: i.key,
    })),
    skipDuplicates: true,
  });
  return r.count;
}
