import { columnLetters } from "./a1";
import {
  clearBox,
  extendTable,
  findTable,
  formatRange,
  gridCells,
  gridLimitError,
  cellLimitError,
  inputCell,
  insertRows,
  invalidArgument,
  readBox,
  resolveRange,
  rowHasData,
  withPrefix,
  writeCells,
  type TClosedBox,
  type TGoogleSimCell,
  type TGoogleSimSpreadsheet,
  type TResolvedRange,
  type TSheetsLimits,
  type TValueInputOption,
  type TValueRenderOption,
} from "./model";

/** spreadsheets.values.*: get, batchGet, update, batchUpdate, append, clear, batchClear. */

type TMajor = "ROWS" | "COLUMNS";
export type TValuesContext = { spreadsheet: TGoogleSimSpreadsheet; limits: TSheetsLimits };

function locale(ctx: TValuesContext): string {
  return ctx.spreadsheet.locale ?? "ru_RU";
}

function enumValue<T extends string>(value: unknown, allowed: readonly T[], fallback: T | undefined, name: string): T {
  if (value === undefined || value === null || value === "") {
    if (fallback === undefined) throw invalidArgument(`Invalid ${name}: ${name.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}_UNSPECIFIED`);
    return fallback;
  }
  if (!allowed.includes(value as T)) throw invalidArgument(`Invalid value at '${name}': "${String(value)}"`);
  return value as T;
}

export const valueInputOption = (v: unknown) => enumValue(v, ["RAW", "USER_ENTERED"] as const, undefined, "valueInputOption");
const renderOption = (v: unknown) =>
  enumValue(v, ["FORMATTED_VALUE", "UNFORMATTED_VALUE", "FORMULA"] as const, "FORMATTED_VALUE", "valueRenderOption");
const majorDimension = (v: unknown) => enumValue(v, ["ROWS", "COLUMNS"] as const, "ROWS", "majorDimension");

export type TReadOptions = { majorDimension?: unknown; valueRenderOption?: unknown };

function valueRange(ctx: TValuesContext, range: string, options: TReadOptions) {
  const major = majorDimension(options.majorDimension);
  const { sheet, box } = resolveRange(ctx.spreadsheet, range);
  const values = readBox(sheet, box, renderOption(options.valueRenderOption) as TValueRenderOption, locale(ctx), major);
  return { range: formatRange(sheet.title, box), majorDimension: major, ...(values.length ? { values } : {}) };
}

export function getValues(ctx: TValuesContext, range: string, options: TReadOptions) {
  return valueRange(ctx, range, options);
}

export function batchGetValues(ctx: TValuesContext, ranges: string[], options: TReadOptions) {
  return { spreadsheetId: ctx.spreadsheet.spreadsheetId, valueRanges: ranges.map((r) => valueRange(ctx, r, options)) };
}

/** Input rows as given (ROWS) or transposed (COLUMNS), each cell converted; nothing written yet. */
function prepare(ctx: TValuesContext, values: unknown, major: TMajor, option: TValueInputOption): (TGoogleSimCell | undefined)[][] {
  if (values === undefined) return [];
  if (!Array.isArray(values) || values.some((row) => !Array.isArray(row))) {
    throw invalidArgument("Invalid value at 'data.values': expected a list of lists");
  }
  const rows = (values as unknown[][]).map((row) => row.map((v) => inputCell(v, option, locale(ctx), ctx.limits)));
  if (major === "ROWS") return rows;
  const height = Math.max(0, ...rows.map((r) => r.length));
  return Array.from({ length: height }, (_, i) => rows.map((col) => col[i]));
}

type TPreparedWrite = { target: TResolvedRange; cells: (TGoogleSimCell | undefined)[][]; width: number };

function prepareWrite(ctx: TValuesContext, range: string, body: unknown, option: TValueInputOption): TPreparedWrite {
  const input = (body ?? {}) as { values?: unknown; majorDimension?: unknown };
  const target = resolveRange(ctx.spreadsheet, range, "any");
  const { sheet, open } = target;
  const cells = prepare(ctx, input.values, majorDimension(input.majorDimension), option);
  const width = Math.max(0, ...cells.map((r) => r.length));
  const single = open.endRow === open.startRow + 1 && open.endCol === open.startCol + 1;
  // A single cell is only an origin; a larger range bounds the write.
  if (!single && open.endRow !== null && cells.length > open.endRow - open.startRow) {
    throw invalidArgument(`Requested writing within range [${range}], but tried writing to row [${open.startRow + cells.length}]`);
  }
  if (!single && open.endCol !== null && width > open.endCol - open.startCol) {
    const column = columnLetters(open.startCol + width - 1);
    throw invalidArgument(`Requested writing within range [${range}], but tried writing to column [${column}]`);
  }
  const endRow = open.startRow + Math.max(cells.length, 1);
  const endCol = open.startCol + Math.max(width, 1);
  if (open.startRow >= sheet.rowCount || open.startCol >= sheet.columnCount || endRow > sheet.rowCount || endCol > sheet.columnCount) {
    throw gridLimitError(sheet, { startRow: open.startRow, startCol: open.startCol, endRow, endCol });
  }
  return { target, cells, width };
}

function commitWrite(write: TPreparedWrite) {
  const { sheet, open } = write.target;
  writeCells(sheet, open.startRow, open.startCol, write.cells);
  let updatedCells = 0;
  let updatedRows = 0;
  let updatedColumns = 0;
  for (const row of write.cells) {
    let n = 0;
    let last = -1;
    row.forEach((c, j) => {
      if (c !== undefined) {
        n++;
        last = j;
      }
    });
    updatedCells += n;
    if (n > 0) updatedRows++;
    updatedColumns = Math.max(updatedColumns, last + 1);
  }
  const box: TClosedBox = {
    startRow: open.startRow,
    startCol: open.startCol,
    endRow: open.startRow + Math.max(write.cells.length, 1),
    endCol: open.startCol + Math.max(write.width, 1),
  };
  return { updatedRange: formatRange(sheet.title, box), updatedRows, updatedColumns, updatedCells, sheetId: sheet.sheetId };
}

export function updateValues(ctx: TValuesContext, range: string, body: unknown, query: { valueInputOption?: unknown }) {
  const write = prepareWrite(ctx, range, body, valueInputOption(query.valueInputOption));
  const { sheetId: _sheetId, ...result } = commitWrite(write);
  return { spreadsheetId: ctx.spreadsheet.spreadsheetId, ...result };
}

export function batchUpdateValues(ctx: TValuesContext, body: unknown) {
  const input = (body ?? {}) as { valueInputOption?: unknown; data?: unknown };
  const option = valueInputOption(input.valueInputOption);
  const data = Array.isArray(input.data) ? (input.data as { range?: unknown }[]) : [];
  // All or nothing: every range and value is checked before the first cell changes.
  const writes = data.map((item, i) => {
    try {
      if (typeof item?.range !== "string") throw invalidArgument("'range' is required");
      return prepareWrite(ctx, item.range, item, option);
    } catch (error) {
      throw withPrefix(`Invalid data[${i}]`, error);
    }
  });
  const responses = writes.map((w) => commitWrite(w));
  const sum = (key: "updatedRows" | "updatedColumns" | "updatedCells") => responses.reduce((n, r) => n + r[key], 0);
  return {
    spreadsheetId: ctx.spreadsheet.spreadsheetId,
    totalUpdatedRows: sum("updatedRows"),
    totalUpdatedColumns: sum("updatedColumns"),
    totalUpdatedCells: sum("updatedCells"),
    totalUpdatedSheets: new Set(responses.map((r) => r.sheetId)).size,
    responses: responses.map(({ sheetId: _sheetId, ...r }) => ({ spreadsheetId: ctx.spreadsheet.spreadsheetId, ...r })),
  };
}

export function appendValues(
  ctx: TValuesContext,
  range: string,
  body: unknown,
  query: { valueInputOption?: unknown; insertDataOption?: unknown },
) {
  const option = valueInputOption(query.valueInputOption);
  const insert = enumValue(query.insertDataOption, ["OVERWRITE", "INSERT_ROWS"] as const, "OVERWRITE", "insertDataOption");
  const input = (body ?? {}) as { values?: unknown; majorDimension?: unknown };
  const { sheet, open } = resolveRange(ctx.spreadsheet, range, "any");
  const cells = prepare(ctx, input.values, majorDimension(input.majorDimension), option);
  const width = Math.max(0, ...cells.map((r) => r.length));
  const single = open.endRow === open.startRow + 1 && open.endCol === open.startCol + 1;
  const search: TClosedBox = {
    startRow: open.startRow,
    endRow: Infinity,
    startCol: open.startCol,
    endCol: single || open.endCol === null ? Infinity : open.endCol,
  };
  const table = findTable(sheet, search);
  const row = table ? table.endRow : open.startRow;
  const col = table ? table.startCol : open.startCol;
  const height = cells.length;

  // Grow the grid as the API does (rows for the data, columns when the data is wider).
  const rowCount = insert === "INSERT_ROWS" ? sheet.rowCount + height : Math.max(sheet.rowCount, row + height);
  const columnCount = Math.max(sheet.columnCount, col + width);
  const growth = rowCount * columnCount - sheet.rowCount * sheet.columnCount;
  if (growth > 0 && gridCells(ctx.spreadsheet) + growth > ctx.limits.maxCells) throw cellLimitError(ctx.limits.maxCells);
  if (insert === "INSERT_ROWS" && height > 0) insertRows(sheet, row, height);
  sheet.rowCount = rowCount;
  sheet.columnCount = columnCount;
  writeCells(sheet, row, col, cells);

  const contiguous = cells.every((r) => rowHasData(r as TGoogleSimCell[], 0, Infinity));
  if (contiguous && height > 0) {
    extendTable(sheet, search, {
      startRow: table?.startRow ?? row,
      endRow: row + height,
      startCol: Math.min(table?.startCol ?? col, col),
      endCol: Math.max(table?.endCol ?? 0, col + width),
    });
  }
  let updatedCells = 0;
  for (const r of cells) for (const c of r) if (c !== undefined) updatedCells++;
  const written: TClosedBox = { startRow: row, endRow: row + Math.max(height, 1), startCol: col, endCol: col + Math.max(width, 1) };
  return {
    spreadsheetId: ctx.spreadsheet.spreadsheetId,
    ...(table ? { tableRange: formatRange(sheet.title, table) } : {}),
    updates: {
      spreadsheetId: ctx.spreadsheet.spreadsheetId,
      updatedRange: formatRange(sheet.title, written),
      updatedRows: cells.filter((r) => r.some((c) => c !== undefined)).length,
      updatedColumns: width,
      updatedCells,
    },
  };
}

export function clearValues(ctx: TValuesContext, range: string) {
  const { sheet, box } = resolveRange(ctx.spreadsheet, range);
  clearBox(sheet, box);
  return { spreadsheetId: ctx.spreadsheet.spreadsheetId, clearedRange: formatRange(sheet.title, box) };
}

export function batchClearValues(ctx: TValuesContext, body: unknown) {
  const ranges = (body as { ranges?: unknown } | undefined)?.ranges;
  const list = Array.isArray(ranges) ? ranges.map(String) : [];
  const targets = list.map((r) => resolveRange(ctx.spreadsheet, r));
  for (const t of targets) clearBox(t.sheet, t.box);
  return {
    spreadsheetId: ctx.spreadsheet.spreadsheetId,
    clearedRanges: targets.map((t) => formatRange(t.sheet.title, t.box)),
  };
}
