/** Checks one integration through its real client; the outcome is stored on the integration (status, error, time). */
import { defineJob } from "../../define";
import { runIntegrationCheck } from "../../../server/connections/run-integration-check";
import { AppError } from "../../../server/errors";

export const checkIntegrationJob = defineJob({
  id: "integrations-check",
  title: "Проверка подключения",
  trigger: { event: "integrations/check.requested" },
  retries: 0,
  handler: async ({ event, step, run }) => {
    const outcome = await step.run("check", () => runIntegrationCheck({ companyId: event.data.companyId, kind: event.data.kind }));
    await run.progress(100);
    if (!outcome.ok) throw new AppError("PRECONDITION_FAILED", outcome.error);
    return outcome;
  },
});
