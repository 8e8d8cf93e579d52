import { router } from "./trpc";
import { meRouter } from "./routers/me";
import { membersRouter } from "./routers/members";
import { companyRouter } from "./routers/company";
import { auditRouter } from "./routers/audit";
import { integrationsRouter } from "./routers/integrations";
import { jobsRouter } from "./routers/jobs";
import { platformRouter } from "./routers/platform";

export const appRouter = router({
  me: meRouter,
  members: membersRouter,
  company: companyRouter,
  audit: auditRouter,
  integrations: integrationsRouter,
  jobs: jobsRouter,
  platform: platformRouter,
});

export type TAppRouter = typeof appRouter;
