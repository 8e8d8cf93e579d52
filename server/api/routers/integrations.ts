import { z } from "zod";
import { router, tenantProcedure } from "../trpc";
import { ADMIN_ROLES } from "../../tenancy/roles";
import { listIntegrations } from "../../connections/list-integrations";
import { saveIntegration } from "../../connections/save-integration";
import { requestIntegrationCheck } from "../../connections/request-integration-check";
import { PROVIDERS } from "../../connections/catalog";

const ZKind = z.enum(PROVIDERS.map((p) => p.kind) as [string, ...string[]]).transform((k) => k as (typeof PROVIDERS)[number]["kind"]);
const admin = tenantProcedure(ADMIN_ROLES);

export const integrationsRouter = router({
  list: admin.query(({ ctx }) => listIntegrations({ companyId: ctx.tenant.companyId })),
  save: admin
    .input(z.object({
      kind: ZKind,
      settings: z.record(z.string(), z.union([z.string().max(10_000), z.number(), z.boolean(), z.null()])),
      secrets: z.record(z.string(), z.string().max(20_000).optional()),
    }))
    .mutation(({ ctx, input }) => saveIntegration({ ...ctx.tenant, ...input })),
  check: admin.input(z.object({ kind: ZKind })).mutation(({ ctx, input }) => requestIntegrationCheck({ ...ctx.tenant, kind: input.kind })),
});
