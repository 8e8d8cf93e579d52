/** One exporter run: MoySklad → Google Sheets (server/exports/run-export.ts). Runs of a company queue serially. */
import { defineJob } from "../../define";
import { runExport } from "../../../server/exports/run-export";
import { createExportPorts } from "../../../server/exports/adapters";
import { recordExportFailure } from "../../../server/exports/record-export-failure";

const RETRIES = 3;

export const runExportJob = defineJob({
  id: "exports-run",
  title: "Выгрузка МойСклад → Google Таблицы",
  trigger: { event: "exports/run.requested" },
  concurrency: { key: "companyId", limit: 1 },
  retries: RETRIES,
  handler: async ({ event, step, run }) => {
    try {
      const ports = await createExportPorts({ companyId: event.data.companyId, configId: event.data.configId });
      return await runExport({
        companyId: event.data.companyId,
        configId: event.data.configId,
        runId: run.id,
        ports,
        tools: { step, progress: (pct, counters) => run.progress(pct, counters), log: (m, d) => run.log(m, d) },
      });
    } catch (error) {
      // Bad configuration fails at once with a Russian explanation and a hint; the exporter shows as failing.
      throw await recordExportFailure({ companyId: event.data.companyId, configId: event.data.configId, error, lastAttempt: run.attempt > RETRIES });
    }
  },
});
