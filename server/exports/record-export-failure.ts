import { withTenant } from "../db";
import { describeJobError, isControlSignal, isPermanentError } from "../jobs/errors";
import { getExporter } from "./catalog";
import { explainExportError } from "./explain-export-error";

/**
 * A failed export attempt: the error gets its Russian explanation and hint, and when the run is over (a permanent
 * error, or the last attempt) the exporter is marked failing — its settings and schedule stay as they are, the
 * «Выгрузки» page shows the reason until a run succeeds. Returns the error to rethrow.
 */
export async function recordExportFailure(opts: { companyId: string; configId: string; error: unknown; lastAttempt: boolean }): Promise<unknown> {
  if (isControlSignal(opts.error)) return opts.error;
  const config = await withTenant(opts.companyId, (tx) => tx.exportConfig.findUnique({ where: { id: opts.configId }, select: { exporter: true, sheetName: true } }));
  const explained = explainExportError(opts.error, { exporterTitle: config ? getExporter(config.exporter)?.title : undefined, sheetName: config?.sheetName });
  if (config && (opts.lastAttempt || isPermanentError(explained))) {
    await withTenant(opts.companyId, (tx) => tx.exportConfig.update({
      where: { id: opts.configId },
      data: { lastStatus: "failed", lastError: describeJobError(explained), lastRunAt: new Date() },
    }));
  }
  return explained;
}
