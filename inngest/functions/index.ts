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
import { drainSourceEventsJob } from "./automations/drain-events";
import { executeCrossJobJob } from "./automations/execute-job";
import { reconcileCompanyJob, scheduleReconcileJob } from "./automations/reconcile";
import { deliverDealerMessageJob } from "./dealers/deliver";
import { pollMailboxJob } from "./procurement/poll-mailbox";
import { processEmailJob } from "./procurement/process-email";
import { sendRfqJob } from "./procurement/send-rfq";
import { scheduleMailJob } from "./procurement/schedule-mail";
import { rfqTimeoutsJob } from "./procurement/rfq-timeouts";
import { crmRemindersJob } from "./crm/send-reminders";
import { telegramNoticeJob } from "./procurement/telegram-notice";
import { crmTelegramNoticeJob } from "./crm/telegram-notice";

export const jobDefinitions: readonly TJobDefinition[] = [
  demoPing,
  sweepStaleRunsJob,
  checkIntegrationJob,
  recheckIntegrationsJob,
  runExportJob,
  scheduleExportsJob,
  ...crmDealEventJobs,
  drainSourceEventsJob,
  executeCrossJobJob,
  reconcileCompanyJob,
  scheduleReconcileJob,
  deliverDealerMessageJob,
  pollMailboxJob,
  processEmailJob,
  sendRfqJob,
  scheduleMailJob,
  rfqTimeoutsJob,
  crmRemindersJob,
  telegramNoticeJob,
  crmTelegramNoticeJob,
];
