import { withTenant } from "../db";
import type { TRole } from "../tenancy/roles";

/** Active members who can take part in deals (for seller/executor pickers and filters). */
export async function listCrmMembers(opts: { companyId: string }) {
  return withTenant(opts.companyId, async (tx) => {
    const rows = await tx.membership.findMany({
      where: { active: true, role: { in: ["owner", "admin", "manager", "seller", "executor"] } },
      include: { user: { select: { id: true, name: true, email: true } } },
      orderBy: { user: { name: "asc" } },
    });
    return rows.map((m) => ({ userId: m.user.id, name: m.user.name, email: m.user.email, role: m.role as TRole }));
  });
}
