import { withTenant, type Prisma } from "../db";
import { dealVisibilityWhere, seesAllDeals, type TCrmAccess } from "./access";

/**
 * Clients with search (trigram index on name; inn/phone/email by substring). Sellers and executors see the
 * clients of the deals they see, plus the clients they created themselves.
 */
export async function listClients(opts: TCrmAccess & { search?: string; page: number; pageSize: number }) {
  return withTenant(opts.companyId, async (tx) => {
    const q = opts.search?.trim();
    const and: Prisma.CrmClientWhereInput[] = [];
    if (q) {
      and.push({ OR: [
        { name: { contains: q, mode: "insensitive" } },
        { inn: { contains: q } },
        { phone: { contains: q } },
        { email: { contains: q, mode: "insensitive" } },
      ] });
    }
    if (!seesAllDeals(opts.role)) and.push({ OR: [{ createdById: opts.actor.userId }, { deals: { some: dealVisibilityWhere(opts) } }] });
    const where: Prisma.CrmClientWhereInput = { AND: and };
    const total = await tx.crmClient.count({ where });
    const rows = await tx.crmClient.findMany({
        where, orderBy: { name: "asc" }, skip: (opts.page - 1) * opts.pageSize, take: opts.pageSize,
        include: { _count: { select: { deals: true } } },
      });
    return {
      total,
      items: rows.map((c) => ({ id: c.id, kind: c.kind, name: c.name, inn: c.inn, phone: c.phone, email: c.email, contactPerson: c.contactPerson, deals: c._count.deals, createdAt: c.createdAt })),
    };
  });
}
