import { auth } from "./auth";
import { db } from "../db";
import { defaultCompany, listUserCompanies, type TUserCompany } from "../tenancy/list-user-companies";

export type TCurrentUser = {
  user: { id: string; email: string; name: string; superAdmin: boolean; mustChangePassword: boolean };
  companies: TUserCompany[];
  active: TUserCompany | null;
};

/** For server components: the signed-in user, their companies and the active one (null when signed out). */
export async function getCurrentUser(): Promise<TCurrentUser | null> {
  const session = await auth();
  if (!session?.user?.id) return null;
  const user = await db().user.findUnique({
    where: { id: session.user.id },
    select: { id: true, email: true, name: true, superAdmin: true, mustChangePassword: true },
  });
  if (!user) return null;
  const companies = await listUserCompanies(user.id);
  const active = companies.find((c) => c.companyId === session.companyId) ?? defaultCompany(companies) ?? null;
  return { user, companies, active };
}
