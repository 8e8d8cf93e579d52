import { z } from "zod";
import { router, tenantProcedure } from "../trpc";
import { ADMIN_ROLES } from "../../tenancy/roles";
import { listJobRuns } from "../../jobs/list-job-runs";
import { getJobRun } from "../../jobs/get-job-run";
import { cancelJobRun } from "../../jobs/cancel-job-run";
import { requestDemoJob } from "../../jobs/request-demo-job";

const ZStatus = z.enum(["queued", "running", "succeeded", "failed", "cancelled"]);

export const jobsRouter = router({
  list: tenantProcedure()
    .input(z.object({
      status: ZStatus.optional(),
      type: z.string().max(100).optional(),
      trigger: z.enum(["schedule", "manual", "event"]).optional(),
      page: z.number().int().min(1).default(1),
      pageSize: z.number().int().min(1).max(100).default(25),
    }))
    .query(({ ctx, input }) => listJobRuns({ companyId: ctx.tenant.companyId, ...input })),
  get: tenantProcedure()
    .input(z.object({ id: z.string().uuid() }))
    .query(({ ctx, input }) => getJobRun({ companyId: ctx.tenant.companyId, id: input.id })),
  cancel: tenantProcedure(ADMIN_ROLES)
    .input(z.object({ id: z.string().uuid() }))
    .mutation(({ ctx, input }) => cancelJobRun({ ...ctx.tenant, id: input.id })),
  runDemo: tenantProcedure(ADMIN_ROLES).mutation(({ ctx }) => requestDemoJob({ ...ctx.tenant })),
});
