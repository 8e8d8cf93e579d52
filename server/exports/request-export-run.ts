import { randomUUID } from "node:crypto";
import { withTenant } from "../db";
import { AppError } from "../errors";
import { writeAudit } from "../audit/write-audit";
import { sendEvent } from "../jobs/send-event";
import type { TActor } from "../tenancy/roles";

/** «Запустить сейчас» for one exporter, or for every enabled one. Runs of a company queue one after another. */
export async function requestExportRun(opts: { companyId: string; actor: TActor; exporter?: string }) {
  return withTenant(opts.companyId, async (tx) => {
    const settings = await tx.exportSettings.findFirst();
    if (!settings) throw new AppError("PRECONDITION_FAILED", "Сначала укажите Google Таблицу для выгрузок");
    const configs = await tx.exportConfig.findMany({ where: opts.exporter ? { exporter: opts.exporter } : { enabled: true }, orderBy: { createdAt: "asc" } });
    if (configs.length === 0) throw new AppError("PRECONDITION_FAILED", opts.exporter ? "Эта выгрузка не настроена" : "Не выбрано ни одной выгрузки");
    const runIds: string[] = [];
    for (const c of configs) {
      const [id] = await sendEvent(tx, {
        name: "exports/run.requested",
        data: { companyId: opts.companyId, configId: c.id },
        trigger: "manual",
        actor: opts.actor,
        idempotencyKey: `manual:${c.id}:${randomUUID()}`,
      });
      runIds.push(id!);
      await tx.exportConfig.update({ where: { id: c.id }, data: { lastJobRunId: id, lastStatus: "queued" } });
    }
    await writeAudit(tx, opts.companyId, opts.actor, { action: "exports.run_requested", entity: "ExportConfig", changes: { exporters: configs.map((c) => c.exporter) } });
    return { runIds };
  });
}
