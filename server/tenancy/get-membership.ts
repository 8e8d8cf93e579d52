import { withTenant } from "../db";
import type { TRole } from "./roles";

/** The user's active membership in a company, or null. Read fresh on every request. */
export async function getMembership(companyId: string, userId: string): Promise<{ role: TRole } | null> {
  return withTenant(companyId, async (tx) => {
    const m = await tx.membership.findFirst({ where: { userId, active: true }, select: { role: true } });
    return m ? { role: m.role } : null;
  });
}
