/** Creates the document at the partner for one CrossCompanyJob; retried with backoff (server/automations/execute-cross-job.ts). */
import { defineJob } from "../../define";
import { executeCrossJob } from "../../../server/automations/execute-cross-job";

const RETRIES = 5;

export const executeCrossJobJob = defineJob({
  id: "automations-execute",
  title: "Автоматизации: создание документа у партнёра",
  trigger: { event: "automations/cross-job.requested" },
  retries: RETRIES,
  handler: async ({ event, run }) => executeCrossJob({ companyId: event.data.companyId, jobId: event.data.jobId, attempt: run.attempt, maxAttempts: RETRIES + 1 }),
});
