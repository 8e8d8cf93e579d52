import { withSystem } from "../db";

/** Platform operation (super admin): every company with its member count. */
export function listCompanies(opts: { search?: string }) {
  const q = opts.search?.trim();
  return withSystem(async (tx) => {
    const rows = await tx.company.findMany({
      where: q ? { OR: [{ name: { contains: q, mode: "insensitive" } }, { inn: { contains: q } }] } : {},
      include: { _count: { select: { memberships: { where: { active: true } } } } },
      orderBy: { createdAt: "desc" },
      take: 200,
    });
    return rows.map((c) => ({
      id: c.id, name: c.name, inn: c.inn, timezone: c.timezone, enabledModules: c.enabledModules,
      members: c._count.memberships, createdAt: c.createdAt,
    }));
  });
}
