import { z } from "zod";
import { router, tenantProcedure } from "../trpc";
import { ADMIN_ROLES } from "../../tenancy/roles";
import { listAudit } from "../../audit/list-audit";

export const auditRouter = router({
  list: tenantProcedure(ADMIN_ROLES)
    .input(z.object({
      actorId: z.string().uuid().optional(),
      action: z.string().max(100).optional(),
      entity: z.string().max(100).optional(),
      from: z.date().optional(),
      to: z.date().optional(),
      page: z.number().int().min(1).default(1),
      pageSize: z.number().int().min(1).max(200).default(50),
    }))
    .query(({ ctx, input }) => listAudit({ companyId: ctx.tenant.companyId, ...input })),
});
