import { authedProcedure, router } from "../trpc";
import { listUserCompanies } from "../../tenancy/list-user-companies";
import { getMembership } from "../../tenancy/get-membership";

export const meRouter = router({
  get: authedProcedure.query(async ({ ctx }) => {
    const companies = await listUserCompanies(ctx.user.id);
    const active = companies.find((c) => c.companyId === ctx.companyId) ?? null;
    const membership = active ? await getMembership(active.companyId, ctx.user.id) : null;
    return { user: ctx.user, companies, activeCompany: active, role: membership?.role ?? null };
  }),
});
