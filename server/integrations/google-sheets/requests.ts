import type { sheets_v4 } from "@googleapis/sheets";

/**
 * Builders for spreadsheets.batchUpdate requests, so callers can combine several changes into one
 * atomic call (e.g. the replace strategy's swap: delete the old sheet, rename and show the new one).
 */

export type TSheetsRequest = sheets_v4.Schema$Request;

export type TAddSheetInput = {
  title: string;
  hidden?: boolean;
  /** Defaults of the API: 1000 rows × 26 columns. */
  rowCount?: number;
  columnCount?: number;
  frozenRowCount?: number;
  index?: number;
  sheetId?: number;
};

export const sheetRequests = {
  addSheet(input: TAddSheetInput): TSheetsRequest {
    const gridProperties: sheets_v4.Schema$GridProperties = {};
    if (input.rowCount !== undefined) gridProperties.rowCount = input.rowCount;
    if (input.columnCount !== undefined) gridProperties.columnCount = input.columnCount;
    if (input.frozenRowCount !== undefined) gridProperties.frozenRowCount = input.frozenRowCount;
    return {
      addSheet: {
        properties: {
          title: input.title,
          ...(input.sheetId !== undefined ? { sheetId: input.sheetId } : {}),
          ...(input.index !== undefined ? { index: input.index } : {}),
          ...(input.hidden ? { hidden: true } : {}),
          ...(Object.keys(gridProperties).length ? { gridProperties } : {}),
        },
      },
    };
  },
  deleteSheet(sheetId: number): TSheetsRequest {
    return { deleteSheet: { sheetId } };
  },
  renameSheet(sheetId: number, title: string): TSheetsRequest {
    return { updateSheetProperties: { properties: { sheetId, title }, fields: "title" } };
  },
  setSheetHidden(sheetId: number, hidden: boolean): TSheetsRequest {
    return { updateSheetProperties: { properties: { sheetId, hidden }, fields: "hidden" } };
  },
  moveSheet(sheetId: number, index: number): TSheetsRequest {
    return { updateSheetProperties: { properties: { sheetId, index }, fields: "index" } };
  },
  freezeRows(sheetId: number, frozenRowCount: number): TSheetsRequest {
    return {
      updateSheetProperties: { properties: { sheetId, gridProperties: { frozenRowCount } }, fields: "gridProperties.frozenRowCount" },
    };
  },
  appendRows(sheetId: number, length: number): TSheetsRequest {
    return { appendDimension: { sheetId, dimension: "ROWS", length } };
  },
  appendColumns(sheetId: number, length: number): TSheetsRequest {
    return { appendDimension: { sheetId, dimension: "COLUMNS", length } };
  },
  /** Deletes rows [start, end), 0-based. */
  deleteRows(sheetId: number, startIndex: number, endIndex: number): TSheetsRequest {
    return { deleteDimension: { range: { sheetId, dimension: "ROWS", startIndex, endIndex } } };
  },
  /** Hides (or shows) columns [start, end), 0-based — e.g. the `external_id` column. */
  setColumnsHidden(sheetId: number, startIndex: number, endIndex: number, hidden = true): TSheetsRequest {
    return {
      updateDimensionProperties: {
        range: { sheetId, dimension: "COLUMNS", startIndex, endIndex },
        properties: { hiddenByUser: hidden },
        fields: "hiddenByUser",
      },
    };
  },
  /**
   * Sets the number format of columns [startColumn, endColumn) from `startRow` (0-based) down to the end of the
   * grid as it is now (rows appended later are not formatted: send it again after growing the sheet).
   */
  numberFormat(sheetId: number, startColumn: number, endColumn: number, format: sheets_v4.Schema$NumberFormat | null, startRow = 1): TSheetsRequest {
    return {
      repeatCell: {
        range: { sheetId, startRowIndex: startRow, startColumnIndex: startColumn, endColumnIndex: endColumn },
        // null: the field is in the mask but not in the cell, which clears it (back to automatic).
        cell: format ? { userEnteredFormat: { numberFormat: format } } : {},
        fields: "userEnteredFormat.numberFormat",
      },
    };
  },
} as const;
