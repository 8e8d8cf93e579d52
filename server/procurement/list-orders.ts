import { withTenant, type Prisma } from "../db";
import type { ProcOrderStatus } from "../generated/prisma/enums";

export type TListOrdersInput = { companyId: string; status?: `${ProcOrderStatus}` | null; search?: string | null; page: number; pageSize: number };

/** Orders, newest first: filter by status, search by number, subject, client name or email. */
export async function listOrders(opts: TListOrdersInput) {
  const q = opts.search?.trim();
  const where: Prisma.ProcOrderWhereInput = {
    ...(opts.status ? { status: opts.status } : {}),
    ...(q
      ? {
          OR: [
            { number: { contains: q, mode: "insensitive" } },
            { subject: { contains: q, mode: "insensitive" } },
            { client: { name: { contains: q, mode: "insensitive" } } },
            { client: { email: { contains: q, mode: "insensitive" } } },
            { items: { some: { name: { contains: q, mode: "insensitive" } } } },
          ],
        }
      : {}),
  };
  return withTenant(opts.companyId, async (tx) => {
    const [total, rows, counts] = await Promise.all([
      tx.procOrder.count({ where }),
      tx.procOrder.findMany({
        where,
        orderBy: { createdAt: "desc" },
        skip: (opts.page - 1) * opts.pageSize,
        take: opts.pageSize,
        select: {
          id: true, number: true, status: true, subject: true, aiStatus: true, createdAt: true,
          client: { select: { name: true, email: true } },
          _count: { select: { items: true, rfqs: true, quotes: true } },
        },
      }),
      tx.procOrder.groupBy({ by: ["status"], _count: { _all: true } }),
    ]);
    return {
      total,
      rows,
      counts: Object.fromEntries(counts.map((c) => [c.status, c._count._all])) as Record<string, number>,
    };
  });
}
