/** The export engine's Google Sheets port, on the real client (server/integrations/google-sheets). */
import { a1, columnLetter } from "../integrations/google-sheets/a1";
import { createGoogleSheetsClient, type TGoogleSheetsClientOptions } from "../integrations/google-sheets/client";
import { sheetRequests, type TSheetsRequest } from "../integrations/google-sheets/requests";
import type { TGoogleSheetsConfig } from "../integrations/google-sheets/schemas";
import type { TSheetPort } from "./ports";

export function createSheetPort(config: TGoogleSheetsConfig, spreadsheetId: string, options: TGoogleSheetsClientOptions = {}): TSheetPort {
  const client = createGoogleSheetsClient(config, options);
  return {
    async spreadsheet() {
      const s = await client.getSpreadsheet(spreadsheetId);
      return { title: s.title, sheets: s.sheets.map((x) => ({ sheetId: x.sheetId, title: x.title, hidden: x.hidden, rowCount: x.rowCount, columnCount: x.columnCount })) };
    },
    async addSheet(title, opts) {
      const s = await client.addSheet(spreadsheetId, { title, hidden: opts.hidden, rowCount: opts.rowCount, columnCount: opts.columnCount, frozenRowCount: 1 });
      return { sheetId: s.sheetId, title: s.title, hidden: s.hidden, rowCount: s.rowCount, columnCount: s.columnCount };
    },
    deleteSheet: (sheetId) => client.deleteSheet(spreadsheetId, sheetId),
    async renameAndShow(sheetId, title) {
      await client.batchUpdate(spreadsheetId, [sheetRequests.renameSheet(sheetId, title), sheetRequests.setSheetHidden(sheetId, false)]);
    },
    async hideColumnA(sheetId) {
      await client.batchUpdate(spreadsheetId, [sheetRequests.setColumnsHidden(sheetId, 0, 1, true), sheetRequests.freezeRows(sheetId, 1)]);
    },
    async ensureRows(sheet, rows, columns) {
      const requests: TSheetsRequest[] = [];
      if (rows > sheet.rowCount) requests.push(sheetRequests.appendRows(sheet.sheetId, rows - sheet.rowCount));
      if (columns > sheet.columnCount) requests.push(sheetRequests.appendColumns(sheet.sheetId, columns - sheet.columnCount));
      if (requests.length) await client.batchUpdate(spreadsheetId, requests);
    },
    async readColumnA(title) {
      const values = await client.readColumn(spreadsheetId, title, "A");
      return values.map((v) => (v === null || v === undefined ? "" : String(v)));
    },
    async writeBlocks(title, blocks) {
      if (blocks.length === 0) return;
      await client.updateValues(
        spreadsheetId,
        blocks.map((b) => {
          const width = b.rows.reduce((w, r) => Math.max(w, r.length), 1);
          return { range: a1(title, `A${b.startRow}:${columnLetter(width - 1)}${b.startRow + b.rows.length - 1}`), values: b.rows.map((r) => r.map((c) => c ?? "")) };
        }),
        { valueInputOption: "RAW" },
      );
    },
    requestCount: () => client.stats().requests,
    stats: () => {
      const s = client.stats();
      return { requests: s.requests, reads: s.reads, writes: s.writes, retries: s.retries, rateLimited: s.rateLimited };
    },
  };
}
