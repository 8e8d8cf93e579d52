/** One exporter run: MoySklad → Google Sheets (server/exports/run-export.ts). Runs of a company queue serially. */
import { defineJob } from "../../define";
import { runExport } from "../../../server/exports/run-export";
import { createExportPorts } from "../../../server/exports/adapters";

export const runExportJob = defineJob({
  id: "exports-run",
  title: "Выгрузка МойСклад → Google Таблицы",
  trigger: { event: "exports/run.requested" },
  concurrency: { key: "companyId", limit: 1 },
  retries: 3,
  handler: async ({ event, step, run }) => {
    const ports = await createExportPorts({ companyId: event.data.companyId });
    return runExport({
      companyId: event.data.companyId,
      configId: event.data.configId,
      runId: run.id,
      ports,
      tools: { step, progress: (pct, counters) => run.progress(pct, counters), log: (m, d) => run.log(m, d) },
    });
  },
});
