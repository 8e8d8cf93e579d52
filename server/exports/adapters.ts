/** Builds the export engine's ports for a company from its integrations (MoySklad, Google Sheets). */
import { withTenant } from "../db";
import { AppError } from "../errors";
import { getIntegrationConfig } from "../connections/get-integration-config";
import type { TMoyskladConfig } from "../integrations/moysklad/schemas";
import type { TGoogleSheetsConfig } from "../integrations/google-sheets/schemas";
import type { TMoyskladClientOptions } from "../integrations/moysklad/client";
import type { TGoogleSheetsClientOptions } from "../integrations/google-sheets/client";
import type { TSheetPort, TSourcePort } from "./ports";
import { createSourcePort } from "./source-port";
import { createSheetPort } from "./sheets-port";
import { getExporter } from "./catalog";
import { explainExportError } from "./explain-export-error";

export type TExportPorts = { source: TSourcePort; sheets: TSheetPort };

/** Client options for tests and the benchmark (limiters, retries, page size); production uses the defaults. */
let clientOverrides: { moysklad?: TMoyskladClientOptions; sheets?: TGoogleSheetsClientOptions; pageSize?: number } = {};
export function setExportClientOptions(o: typeof clientOverrides): void {
  clientOverrides = o;
}

export async function createExportPorts(opts: { companyId: string; configId?: string }): Promise<TExportPorts> {
  const { settings, config } = await withTenant(opts.companyId, async (tx) => ({
    settings: await tx.exportSettings.findFirst(),
    config: opts.configId ? await tx.exportConfig.findUnique({ where: { id: opts.configId }, select: { exporter: true, sheetName: true } }) : null,
  }));
  if (!settings) throw new AppError("PRECONDITION_FAILED", "Не указана Google Таблица для выгрузок");
  const ms = await getIntegrationConfig<TMoyskladConfig>(opts.companyId, "moysklad");
  const gs = await getIntegrationConfig<TGoogleSheetsConfig>(opts.companyId, "google_sheets");
  const ctx = { exporterTitle: config ? getExporter(config.exporter)?.title : undefined, sheetName: config?.sheetName };
  return {
    source: explained(createSourcePort(ms, clientOverrides.moysklad, clientOverrides.pageSize), ctx),
    sheets: explained(createSheetPort(gs, settings.spreadsheetId, clientOverrides.sheets), ctx),
  };
}

/**
 * Every failure of a port call carries its Russian explanation and hint from where it happens (inside the run's
 * step), so the step log and the run's error say the same on both job runtimes.
 */
function explained<T extends object>(port: T, ctx: Parameters<typeof explainExportError>[1]): T {
  const wrapped = {} as Record<string, unknown>;
  for (const [key, value] of Object.entries(port)) {
    wrapped[key] = typeof value === "function"
      ? (...args: unknown[]) => {
          const result = (value as (...a: unknown[]) => unknown).apply(port, args);
          return result instanceof Promise ? result.catch((err: unknown) => { throw explainExportError(err, ctx); }) : result;
        }
      : value;
  }
  return wrapped as T;
}
