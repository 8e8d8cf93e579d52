/** A stored MoySklad event: rules → CrossCompanyJobs, dealers → deliveries (server/automations/process-source-event.ts). */
import { defineJob } from "../../define";
import { processSourceEvent } from "../../../server/automations/process-source-event";

export const processSourceEventJob = defineJob({
  id: "automations-process-event",
  title: "Автоматизации: обработка события МойСклад",
  trigger: { event: "automations/source-event.received" },
  retries: 5,
  handler: async ({ event, step }) => processSourceEvent({ companyId: event.data.companyId, sourceEventId: event.data.sourceEventId, step }),
});
