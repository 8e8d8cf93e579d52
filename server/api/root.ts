import { router } from "./trpc";
import { meRouter } from "./routers/me";
import { membersRouter } from "./routers/members";
import { companyRouter } from "./routers/company";
import { auditRouter } from "./routers/audit";
import { integrationsRouter } from "./routers/integrations";
import { jobsRouter } from "./routers/jobs";
import { platformRouter } from "./routers/platform";
import { exportsRouter } from "./routers/exports";
import { crmRouter } from "./routers/crm";
import { automationsRouter } from "./routers/automations";
import { dealersRouter } from "./routers/dealers";
import { procurementRouter } from "./routers/procurement";

export const appRouter = router({
  me: meRouter,
  members: membersRouter,
  company: companyRouter,
  audit: auditRouter,
  integrations: integrationsRouter,
  jobs: jobsRouter,
  platform: platformRouter,
  exports: exportsRouter,
  crm: crmRouter,
  automations: automationsRouter,
  dealers: dealersRouter,
  procurement: procurementRouter,
});

export type TAppRouter = typeof appRouter;
