import { withTenant } from "../db";
import { actorId, type TCrmAccess } from "./access";

type TUser = Pick<TCrmAccess, "companyId" | "actor">;

const toItem = (n: { id: string; seq: bigint; kind: string; title: string; body: string | null; link: string | null; readAt: Date | null; createdAt: Date }) => ({
  id: n.id, seq: Number(n.seq), kind: n.kind, title: n.title, body: n.body, link: n.link, read: n.readAt !== null, createdAt: n.createdAt,
});

/** The member's latest notifications and the unread count. */
export async function listNotifications(opts: TUser & { take: number }) {
  const userId = actorId(opts);
  return withTenant(opts.companyId, async (tx) => {
    const unread = await tx.crmNotification.count({ where: { userId, readAt: null } });
    const rows = await tx.crmNotification.findMany({ where: { userId }, orderBy: { seq: "desc" }, take: opts.take });
    return { unread, items: rows.map(toItem) };
  });
}

/** Notifications after a cursor (the SSE stream's Last-Event-ID), oldest first. */
export async function notificationsAfter(opts: TUser & { afterSeq: number; take?: number }) {
  const userId = actorId(opts);
  return withTenant(opts.companyId, async (tx) => {
    const unread = await tx.crmNotification.count({ where: { userId, readAt: null } });
    const rows = await tx.crmNotification.findMany({ where: { userId, seq: { gt: BigInt(opts.afterSeq) } }, orderBy: { seq: "asc" }, take: opts.take ?? 50 });
    return { unread, items: rows.map(toItem) };
  });
}

/** The newest cursor of the member (a fresh stream starts here, so old notifications are not replayed). */
export async function latestNotificationSeq(opts: TUser): Promise<number> {
  const userId = actorId(opts);
  return withTenant(opts.companyId, async (tx) => {
    const n = await tx.crmNotification.findFirst({ where: { userId }, orderBy: { seq: "desc" }, select: { seq: true } });
    return n ? Number(n.seq) : 0;
  });
}

export async function markNotificationsRead(opts: TUser & { ids?: string[] }) {
  const userId = actorId(opts);
  return withTenant(opts.companyId, async (tx) => {
    const r = await tx.crmNotification.updateMany({ where: { userId, readAt: null, ...(opts.ids ? { id: { in: opts.ids } } : {}) }, data: { readAt: new Date() } });
    return { updated: r.count };
  });
}
