import { z } from "zod";
import { moduleProcedure, router } from "../trpc";
import { ADMIN_ROLES } from "../../tenancy/roles";
import { getExportsOverview } from "../../exports/get-exports-overview";
import { saveExportSettings } from "../../exports/save-export-settings";
import { saveExportConfig, setEnabledExporters } from "../../exports/save-export-config";
import { requestExportRun } from "../../exports/request-export-run";
import { listExportRuns } from "../../exports/list-export-runs";
import { EXPORTER_SLUGS } from "../../exports/catalog";

const viewer = moduleProcedure("exports");
const admin = moduleProcedure("exports", ADMIN_ROLES);
const ZSlug = z.enum(EXPORTER_SLUGS as [string, ...string[]]);

export const exportsRouter = router({
  overview: viewer.query(({ ctx }) => getExportsOverview({ companyId: ctx.tenant.companyId })),
  saveSettings: admin.input(z.object({ spreadsheet: z.string().trim().min(1, "Вставьте ссылку на таблицу").max(500) }))
    .mutation(({ ctx, input }) => saveExportSettings({ ...ctx.tenant, ...input })),
  setEnabled: admin.input(z.object({ exporters: z.array(ZSlug).max(29) }))
    .mutation(({ ctx, input }) => setEnabledExporters({ ...ctx.tenant, ...input })),
  saveConfig: admin
    .input(z.object({
      exporter: ZSlug,
      enabled: z.boolean(),
      sheetName: z.string().trim().min(1, "Укажите лист").max(100),
      strategy: z.enum(["append", "upsert", "replace"]),
      incremental: z.boolean(),
      columns: z.array(z.string().max(100)).max(300),
      schedule: z.object({
        kind: z.enum(["every15", "hourly", "daily", "cron", "manual"]),
        time: z.string().max(5).nullish(),
        cron: z.string().max(100).nullish(),
      }),
    }))
    .mutation(({ ctx, input }) => saveExportConfig({ ...ctx.tenant, ...input })),
  runNow: admin.input(z.object({ exporter: ZSlug.optional() })).mutation(({ ctx, input }) => requestExportRun({ ...ctx.tenant, ...input })),
  runs: viewer.input(z.object({ configId: z.string().uuid(), page: z.number().int().min(1).default(1), pageSize: z.number().int().min(1).max(50).default(10) }))
    .query(({ ctx, input }) => listExportRuns({ companyId: ctx.tenant.companyId, ...input })),
});
