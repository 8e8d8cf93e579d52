import { z } from "zod";
import { router, tenantProcedure } from "../trpc";
import { ADMIN_ROLES } from "../../tenancy/roles";
import { getCompany, updateCompany } from "../../tenancy/update-company";
import { MODULE_IDS, MODULES } from "../../tenancy/modules";

export const companyRouter = router({
  get: tenantProcedure().query(async ({ ctx }) => ({ company: await getCompany(ctx.tenant.companyId), modules: MODULES })),
  update: tenantProcedure(ADMIN_ROLES)
    .input(z.object({
      name: z.string().trim().min(2, "Название: не короче 2 символов").max(200),
      inn: z.string().trim().regex(/^(\d{10}|\d{12})?$/, "ИНН: 10 или 12 цифр").nullable(),
      timezone: z.string().min(1).max(64),
      enabledModules: z.array(z.enum(MODULE_IDS)),
    }))
    .mutation(({ ctx, input }) => updateCompany({ ...ctx.tenant, ...input })),
});
