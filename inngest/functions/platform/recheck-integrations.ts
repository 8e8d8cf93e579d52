/** Periodically re-checks every configured integration of every company (fans out to integrations-check). */
import { defineJob } from "../../define";
import { listConfiguredIntegrations } from "../../../server/connections/list-configured-integrations";
import { getEnv } from "../../../server/env";

export const recheckIntegrationsJob = defineJob({
  id: "integrations-recheck",
  title: "Плановая проверка интеграций",
  trigger: { cron: () => getEnv().INTEGRATION_RECHECK_CRON },
  retries: 1,
  handler: async ({ step }) => {
    const configured = await step.run("list", () => listConfiguredIntegrations());
    if (configured.length === 0) return { checked: 0 };
    await step.sendEvent("fan-out", configured.map((c) => ({ name: "integrations/check.requested" as const, data: { companyId: c.companyId, kind: c.kind } })));
    return { checked: configured.length };
  },
});
