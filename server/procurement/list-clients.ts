/** Clients of the procurement desk, searched by name, email, INN or phone. */
import { withTenant, type Prisma } from "../db";

type TPage = { page: number; pageSize: number };

export async function listClients(opts: { companyId: string; search?: string | null } & TPage) {
  const q = opts.search?.trim();
  const where: Prisma.ProcClientWhereInput = q
    ? { OR: [{ name: { contains: q, mode: "insensitive" } }, { email: { contains: q, mode: "insensitive" } }, { inn: { contains: q } }, { phone: { contains: q } }] }
    : {};
  return withTenant(opts.companyId, async (tx) => {
    const [total, rows] = await Promise.all([
      tx.procClient.count({ where }),
      tx.procClient.findMany({ where, orderBy: { name: "asc" }, skip: (opts.page - 1) * opts.pageSize, take: opts.pageSize, include: { _count: { select: { orders: true } } } }),
    ]);
    return { total, rows };
  });
}
