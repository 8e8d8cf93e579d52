import { withSystem } from "../db";
import type { TRole } from "./roles";

export type TUserCompany = { companyId: string; name: string; slug: string; role: TRole; enabledModules: string[]; joinedAt: Date };

/** System operation: the companies where a user has an active membership (for sign-in and the company switcher). */
export function listUserCompanies(userId: string): Promise<TUserCompany[]> {
  return withSystem(async (tx) => {
    const rows = await tx.membership.findMany({
      where: { userId, active: true },
      include: { company: { select: { name: true, slug: true, enabledModules: true } } },
      orderBy: { company: { name: "asc" } },
    });
    return rows.map((m) => ({
      companyId: m.companyId,
      name: m.company.name,
      slug: m.company.slug,
      role: m.role,
      enabledModules: m.company.enabledModules,
      joinedAt: m.createdAt,
    }));
  });
}

/** The company a user lands in after sign-in: the one they joined first. */
export function defaultCompany(companies: TUserCompany[]): TUserCompany | undefined {
  return [...companies].sort((a, b) => a.joinedAt.getTime() - b.joinedAt.getTime())[0];
}
