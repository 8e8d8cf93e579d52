/** The company's MoySklad event inbox, processed in batches (server/automations/drain-source-events.ts). */
import { defineJob } from "../../define";
import { drainSourceEvents } from "../../../server/automations/drain-source-events";

export const drainSourceEventsJob = defineJob({
  id: "automations-drain",
  title: "Автоматизации: обработка событий МойСклад",
  trigger: { event: "automations/source-events.pending" },
  // One drain at a time per company: batches stay in order and a webhook never waits for a running drain.
  concurrency: { key: "companyId", limit: 1 },
  retries: 5,
  // No steps on purpose: the run is idempotent as a whole (pending events, unique jobs, syncIds), so a retry
  // simply drains again — and per-step bookkeeping would cost more than a batch.
  handler: async ({ event }) => drainSourceEvents({ companyId: event.data.companyId }),
});
