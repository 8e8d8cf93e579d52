import { withTenant } from "../db";
import { AppError } from "../errors";
import { writeAudit } from "../audit/write-audit";
import { ZSpreadsheetId } from "../integrations/google-sheets/schemas";
import type { TActor } from "../tenancy/roles";

/** The target spreadsheet (a link or an id) for all of the company's exporters. */
export async function saveExportSettings(opts: { companyId: string; actor: TActor; spreadsheet: string }) {
  const parsed = ZSpreadsheetId.safeParse(opts.spreadsheet);
  if (!parsed.success) throw new AppError("BAD_REQUEST", "Вставьте ссылку на Google Таблицу или её ID", { fieldErrors: { spreadsheet: "Нужна ссылка на таблицу или её ID" } });
  return withTenant(opts.companyId, async (tx) => {
    const before = await tx.exportSettings.findFirst();
    const row = await tx.exportSettings.upsert({
      where: { companyId: opts.companyId },
      create: { companyId: opts.companyId, spreadsheetId: parsed.data },
      update: { spreadsheetId: parsed.data },
    });
    await writeAudit(tx, opts.companyId, opts.actor, {
      action: "exports.settings_updated", entity: "ExportSettings", entityId: row.id,
      changes: { spreadsheetId: { from: before?.spreadsheetId ?? null, to: row.spreadsheetId } },
    });
    return { spreadsheetId: row.spreadsheetId };
  });
}
