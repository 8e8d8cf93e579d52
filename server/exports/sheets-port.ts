/** The export engine's Google Sheets port, on the real client (server/integrations/google-sheets). */
import { a1, columnLetter } from "../integrations/google-sheets/a1";
import { createGoogleSheetsClient, type TGoogleSheetsClientOptions } from "../integrations/google-sheets/client";
import { sheetRequests, type TSheetsRequest } from "../integrations/google-sheets/requests";
import type { TGoogleSheetsConfig } from "../integrations/google-sheets/schemas";
import type { TCell } from "./columns";
import type { TColumnFormat, TSheetPort } from "./ports";

/** Number formats of typed columns (patterns in the spreadsheet's locale rendering: ru_RU shows «23.11.2026 14:05»). */
export const COLUMN_NUMBER_FORMATS = {
  datetime: { type: "DATE_TIME", pattern: "dd.mm.yyyy hh:mm" },
  money: { type: "NUMBER", pattern: "#,##0.00" },
  number: { type: "NUMBER", pattern: "#,##0.###" },
} as const;

/** One repeatCell per run of adjacent columns of the same kind. */
function formatRequests(sheetId: number, formats: TColumnFormat[] = []): TSheetsRequest[] {
  const sorted = [...formats].sort((a, b) => a.column - b.column);
  const out: TSheetsRequest[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1]!.kind === sorted[i]!.kind && sorted[j + 1]!.column === sorted[j]!.column + 1) j++;
    out.push(sheetRequests.numberFormat(sheetId, sorted[i]!.column, sorted[j]!.column + 1, COLUMN_NUMBER_FORMATS[sorted[i]!.kind]));
    i = j + 1;
  }
  return out;
}

/** Rows of cells as the JSON of a values request: an empty cell (null) is sent as "" so it clears the cell. */
function cellsJson(rows: TCell[][]): string {
  return JSON.stringify(rows.map((r) => r.map((c) => c ?? "")));
}

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
    async hideColumnA(sheetId, formats, width) {
      // Formats left by an earlier column choice are reset first, so a text column never shows as a date.
      const reset = width && width > 1 ? [sheetRequests.numberFormat(sheetId, 1, width, null)] : [];
      await client.batchUpdate(spreadsheetId, [sheetRequests.setColumnsHidden(sheetId, 0, 1, true), sheetRequests.freezeRows(sheetId, 1), ...reset, ...formatRequests(sheetId, formats)]);
    },
    async ensureRows(sheet, rows, columns, formats) {
      const requests: TSheetsRequest[] = [];
      if (rows > sheet.rowCount) requests.push(sheetRequests.appendRows(sheet.sheetId, rows - sheet.rowCount));
      if (columns > sheet.columnCount) requests.push(sheetRequests.appendColumns(sheet.sheetId, columns - sheet.columnCount));
      // Same request: the formats reach the appended rows without an extra write.
      if (requests.length) await client.batchUpdate(spreadsheetId, [...requests, ...(rows > sheet.rowCount ? formatRequests(sheet.sheetId, formats) : [])]);
    },
    async readColumnA(title) {
      const values = await client.readColumn(spreadsheetId, title, "A");
      return values.map((v) => (v === null || v === undefined ? "" : String(v)));
    },
    async readHeader(title) {
      const { values } = await client.readRange(spreadsheetId, a1(title, "1:1"));
      return (values[0] ?? []).map((v) => (v === null || v === undefined ? "" : String(v)));
    },
    async clearData(title, keepColumns, oldWidth) {
      const ranges = [a1(title, "A2:ZZZ")];
      if (oldWidth > keepColumns) ranges.push(a1(title, `${columnLetter(keepColumns)}1:${columnLetter(oldWidth - 1)}1`));
      await client.clearRange(spreadsheetId, ranges);
    },
    async writeBlocks(title, blocks) {
      if (blocks.length === 0) return;
      await client.updateValues(
        spreadsheetId,
        blocks.map((b) => {
          const [width, count, json] = "rowsJson" in b
            ? [b.width, b.rowsJson.length, `[${b.rowsJson.join(",")}]`]
            : [b.rows.reduce((w, r) => Math.max(w, r.length), 1), b.rows.length, cellsJson(b.rows)];
          return { range: a1(title, `A${b.startRow}:${columnLetter(width - 1)}${b.startRow + count - 1}`), valuesJson: json };
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
