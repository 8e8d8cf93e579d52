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

export type TExportPorts = { source: TSourcePort; sheets: TSheetPort };

/** Client options for tests and the benchmark (limiters, retries, page size); production uses the defaults. */
let clientOverrides: { moysklad?: TMoyskladClientOptions; sheets?: TGoogleSheetsClientOptions; pageSize?: number } = {};
export function setExportClientOptions(o: typeof clientOverrides): void {
  clientOverrides = o;
}

export async function createExportPorts(opts: { companyId: string }): Promise<TExportPorts> {
  const settings = await withTenant(opts.companyId, (tx) => tx.exportSettings.findFirst());
  if (!settings) throw new AppError("PRECONDITION_FAILED", "Не указана Google Таблица для выгрузок");
  const ms = await getIntegrationConfig<TMoyskladConfig>(opts.companyId, "moysklad");
  const gs = await getIntegrationConfig<TGoogleSheetsConfig>(opts.companyId, "google_sheets");
  return {
    source: createSourcePort(ms, clientOverrides.moysklad, clientOverrides.pageSize),
    sheets: createSheetPort(gs, settings.spreadsheetId, clientOverrides.sheets),
  };
}
