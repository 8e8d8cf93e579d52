import { withTenant } from "../db";

export async function listDealers(opts: { companyId: string }) {
  const { dealers, counts } = await withTenant(opts.companyId, async (tx) => ({
    dealers: await tx.dealer.findMany({ orderBy: { createdAt: "asc" } }),
    counts: await tx.dealerDelivery.groupBy({ by: ["dealerId", "status"], _count: { _all: true } }),
  }));
  return dealers.map((d) => ({
    id: d.id,
    name: d.name,
    phone: d.phone,
    status: d.status,
    pausedBy: d.pausedBy,
    telegramUsername: d.telegramUsername,
    subscribed: d.telegramChatId !== null,
    subscribedAt: d.subscribedAt,
    blockedAt: d.blockedAt,
    linkPending: d.subscribeCodeHash !== null && (d.subscribeCodeExp?.getTime() ?? 0) > Date.now(),
    counterpartyIds: d.counterpartyIds,
    salesPointIds: d.salesPointIds,
    sent: counts.find((c) => c.dealerId === d.id && c.status === "sent")?._count._all ?? 0,
    failed: counts.filter((c) => c.dealerId === d.id && c.status !== "sent" && c.status !== "queued").reduce((s, c) => s + c._count._all, 0),
  }));
}

export async function listDeliveries(opts: { companyId: string; status?: string | null; dealerId?: string | null; page: number; pageSize: number }) {
  const where = {
    ...(opts.status ? { status: opts.status as "queued" | "sent" | "failed" | "blocked" | "skipped" } : {}),
    ...(opts.dealerId ? { dealerId: opts.dealerId } : {}),
  };
  return withTenant(opts.companyId, async (tx) => {
    const [total, rows] = await Promise.all([
      tx.dealerDelivery.count({ where }),
      tx.dealerDelivery.findMany({ where, orderBy: { createdAt: "desc" }, skip: (opts.page - 1) * opts.pageSize, take: opts.pageSize, include: { dealer: { select: { name: true } } } }),
    ]);
    return {
      total,
      rows: rows.map((r) => ({ id: r.id, dealerName: r.dealer.name, trigger: r.trigger, status: r.status, attempts: r.attempts, text: r.text, error: r.error, sentAt: r.sentAt, createdAt: r.createdAt })),
    };
  });
}
