import { withTenant } from "../db";
import { AREA_LABELS, EXPORTERS, describeExportStep, type TExportArea } from "./catalog";
import { SCHEDULE_LABELS, type TScheduleKind } from "./schedule";

/** Why a run waits: the company's exports run one at a time (a run of the same exporter never overlaps another). */
export const QUEUED_STEP = "В очереди: выгрузки компании выполняются по одной";

/** The «Выгрузки» page: the spreadsheet, and the 29 exporters grouped by area with their settings. */
export async function getExportsOverview(opts: { companyId: string }) {
  const { settings, configs, company, runs } = await withTenant(opts.companyId, async (tx) => {
    const configs = await tx.exportConfig.findMany();
    const runIds = configs.map((c) => c.lastJobRunId).filter((x): x is string => !!x);
    return {
      settings: await tx.exportSettings.findFirst(),
      configs,
      company: await tx.company.findUnique({ where: { id: opts.companyId }, select: { timezone: true } }),
      // The last run's live status and error come from its JobRun.
      runs: runIds.length ? await tx.jobRun.findMany({ where: { id: { in: runIds } }, select: { id: true, status: true, error: true, finishedAt: true, progress: true, counters: true, currentStep: true, cancelRequestedAt: true } }) : [],
    };
  });
  const areas = (Object.keys(AREA_LABELS) as TExportArea[]).map((area) => ({
    area,
    label: AREA_LABELS[area],
    exporters: EXPORTERS.filter((e) => e.area === area).map((e) => {
      const c = configs.find((x) => x.exporter === e.slug);
      const last = c?.lastJobRunId ? runs.find((r) => r.id === c.lastJobRunId) : undefined;
      return {
        slug: e.slug,
        title: e.title,
        sources: e.sources.map((s) => s.label),
        columns: e.columns.map((col) => ({ key: col.key, header: col.header })),
        hasAttributes: e.attributes,
        config: c
          ? {
              id: c.id, enabled: c.enabled, sheetName: c.sheetName, strategy: c.strategy, incremental: c.incremental,
              columns: c.columns, scheduleKind: c.scheduleKind as TScheduleKind, scheduleTime: c.scheduleTime, scheduleCron: c.scheduleCron,
              scheduleLabel: SCHEDULE_LABELS[c.scheduleKind as TScheduleKind] + (c.scheduleKind === "daily" ? ` в ${c.scheduleTime}` : c.scheduleKind === "cron" ? ` (${c.scheduleCron})` : ""),
              nextRunAt: c.nextRunAt, lastRunAt: c.lastRunAt, lastJobRunId: c.lastJobRunId,
              lastStatus: last?.status ?? null,
              // The last finished run failed (kept while a new run waits): the exporter is shown as failing.
              lastError: c.lastError ?? (last?.status === "failed" ? last.error : null),
              failing: !!c.lastError || last?.status === "failed",
              // Live progress of the current run (pages, rows, step).
              progress: last && (last.status === "running" || last.status === "queued")
                ? { pct: last.progress, step: last.status === "queued" ? QUEUED_STEP : describeExportStep(last.currentStep), counters: last.counters as Record<string, number>, cancelRequested: last.cancelRequestedAt !== null }
                : null,
            }
          : null,
      };
    }),
  }));
  return { spreadsheetId: settings?.spreadsheetId ?? null, timezone: company?.timezone ?? "Europe/Moscow", areas };
}
