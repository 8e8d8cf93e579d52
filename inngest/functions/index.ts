/**
 * Every background job. Adding one = a file under inngest/functions/<domain>/ + one line here.
 * Both runtimes read this list: graphile-worker (server/jobs/worker-runtime.ts) and Inngest (app/api/inngest).
 */
import type { TJobDefinition } from "../define";
import { demoPing } from "./platform/demo-ping";
import { sweepStaleRunsJob } from "./platform/sweep-stale-runs";
import { checkIntegrationJob } from "./platform/check-integration";
import { recheckIntegrationsJob } from "./platform/recheck-integrations";
import { runExportJob } from "./exports/run-export";
import { scheduleExportsJob } from "./exports/schedule-exports";
import { crmDealEventJobs } from "./crm/deal-events";
import { crmRemindersJob } from "./crm/send-reminders";

export const jobDefinitions: readonly TJobDefinition[] = [
  demoPing,
  sweepStaleRunsJob,
  checkIntegrationJob,
  recheckIntegrationsJob,
  runExportJob,
  scheduleExportsJob,
  ...crmDealEventJobs,
  crmRemindersJob,
];
