import type { TA1Box } from "./a1";
import {
  assertCellBudget,
  findSheetById,
  gridLimitError,
  inputCell,
  invalidArgument,
  normalizeSheet,
  NUMBER_FORMAT_TYPES,
  sheetProperties,
  withPrefix,
  type TGoogleSimCell,
  type TGoogleSimSheet,
  type TGoogleSimSpreadsheet,
  type TNumberFormat,
  type TNumberFormatBox,
  type TSheet,
  type TSheetsLimits,
} from "./model";

/**
 * spreadsheets.batchUpdate: the requests are applied in order to a working copy that is committed
 * only when every one of them succeeded (all or nothing). Sheets are cloned on first change and
 * their cell arrays only when a request rewrites cells, so a batch touching properties of a sheet
 * with 100k rows copies nothing big.
 */

type TJson = Record<string, unknown>;
type TGridRange = {
  sheetId?: number;
  startRowIndex?: number;
  endRowIndex?: number;
  startColumnIndex?: number;
  endColumnIndex?: number;
};
type TDimensionRange = { sheetId?: number; dimension?: string; startIndex?: number; endIndex?: number };

/** Kinds accepted and validated (sheet ids) but with no effect on values (formatting and the like). */
const COSMETIC = new Set([
  "autoResizeDimensions",
  "updateBorders",
  "setBasicFilter",
  "clearBasicFilter",
  "mergeCells",
  "unmergeCells",
  "addBanding",
  "setDataValidation",
  "addConditionalFormatRule",
  "addProtectedRange",
]);

class Work {
  readonly sheets: TGoogleSimSheet[];
  title: string;
  private readonly cloned = new Set<TGoogleSimSheet>();
  private readonly ownRows = new Set<TGoogleSimSheet>();
  private readonly ownCells = new Set<TGoogleSimSheet>();

  constructor(
    readonly spreadsheet: TGoogleSimSpreadsheet,
    readonly limits: TSheetsLimits,
  ) {
    this.sheets = spreadsheet.sheets.map((s) => normalizeSheet(s));
    this.title = spreadsheet.title;
  }

  get locale(): string {
    return this.spreadsheet.locale ?? "ru_RU";
  }

  /** The working sheet by id, cloned on first use (properties only). */
  edit(sheetId: unknown): TSheet {
    const original = findSheetById({ ...this.spreadsheet, sheets: this.sheets }, sheetId);
    if (this.cloned.has(original)) return original;
    const copy = { ...original, hiddenColumns: [...original.hiddenColumns], numberFormats: original.numberFormats.map((b) => ({ ...b })) };
    this.sheets[this.sheets.indexOf(original)] = copy;
    this.cloned.add(copy);
    return copy;
  }

  insert(index: number, sheet: TSheet): void {
    this.sheets.splice(index, 0, sheet);
    this.cloned.add(sheet);
    this.ownRows.add(sheet);
    this.ownCells.add(sheet);
  }

  /** Makes the rows array private (row arrays still shared): for row inserts/deletes. */
  rows(sheet: TSheet): TGoogleSimCell[][] {
    if (!this.ownRows.has(sheet)) {
      sheet.values = sheet.values.slice();
      this.ownRows.add(sheet);
    }
    return sheet.values;
  }

  /** Makes every row private too: for changes inside rows. */
  cells(sheet: TSheet): TGoogleSimCell[][] {
    if (!this.ownCells.has(sheet)) {
      sheet.values = sheet.values.map((row) => (row ? row.slice() : []));
      this.ownRows.add(sheet);
      this.ownCells.add(sheet);
    }
    return sheet.values;
  }

  assertUniqueTitle(title: unknown, exceptSheetId?: number): string {
    if (typeof title !== "string" || title.trim() === "") throw invalidArgument("Sheet name cannot be empty.");
    if (title.length > 100) throw invalidArgument("Sheet name is too long: at most 100 characters.");
    const lower = title.toLocaleLowerCase();
    if (this.sheets.some((s) => s.sheetId !== exceptSheetId && s.title.toLocaleLowerCase() === lower)) {
      throw invalidArgument(`A sheet with the name "${title}" already exists. Please enter another name.`);
    }
    return title;
  }

  commit(): void {
    this.spreadsheet.sheets = this.sheets;
    this.spreadsheet.title = this.title;
  }
}

function int(value: unknown, fallback: number): number {
  if (value === undefined || value === null) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw invalidArgument(`Invalid value: ${JSON.stringify(value)} is not a non-negative integer`);
  return n;
}

function fieldMask(fields: unknown): string[] {
  if (typeof fields !== "string" || fields.trim() === "") {
    throw invalidArgument("'fields' is required: list the properties to update (or \"*\").");
  }
  return fields.split(",").map((f) => f.trim());
}

function masked(mask: string[], path: string): boolean {
  return mask.some((m) => m === "*" || m === path || path.startsWith(`${m}.`));
}

function assertVisibleSheet(work: Work, what: "remove" | "hide"): void {
  if (work.sheets.length === 0) throw invalidArgument("You can't remove all the sheets in a document.");
  if (work.sheets.every((s) => s.hidden)) {
    throw invalidArgument(
      what === "hide" ? "You can't hide all the sheets in a document." : "You can't remove all the visible sheets in a document.",
    );
  }
}

/** A GridRange resolved against the working sheet; refused when it starts past the grid. */
function gridBox(work: Work, range: TGridRange | undefined) {
  if (!range) throw invalidArgument("'range' is required");
  const sheet = work.edit(range.sheetId ?? 0);
  const startRow = int(range.startRowIndex, 0);
  const startCol = int(range.startColumnIndex, 0);
  const endRow = range.endRowIndex === undefined ? null : int(range.endRowIndex, 0);
  const endCol = range.endColumnIndex === undefined ? null : int(range.endColumnIndex, 0);
  const open: TA1Box = { startRow, endRow, startCol, endCol };
  if (startRow >= sheet.rowCount || startCol >= sheet.columnCount) throw gridLimitError(sheet, open);
  return {
    sheet,
    box: {
      startRow,
      startCol,
      endRow: Math.min(endRow ?? sheet.rowCount, sheet.rowCount),
      endCol: Math.min(endCol ?? sheet.columnCount, sheet.columnCount),
    },
  };
}

function cellValue(work: Work, cell: unknown): TGoogleSimCell | undefined {
  const value = (cell as { userEnteredValue?: TJson } | undefined)?.userEnteredValue;
  if (!value) return null;
  if ("formulaValue" in value) return { formula: String(value.formulaValue) };
  const raw = value.stringValue ?? value.numberValue ?? value.boolValue ?? null;
  return inputCell(raw, "RAW", work.locale, work.limits) ?? null;
}

/** userEnteredFormat.numberFormat of a CellData (null: no format, i.e. automatic). */
function numberFormatOf(cell: unknown): TNumberFormat | null {
  const nf = (cell as { userEnteredFormat?: { numberFormat?: { type?: unknown; pattern?: unknown } } } | undefined)?.userEnteredFormat?.numberFormat;
  if (!nf) return null;
  if (!NUMBER_FORMAT_TYPES.includes(nf.type as TNumberFormat["type"])) {
    throw invalidArgument(`Invalid value at 'requests.cell.user_entered_format.number_format.type' (type.googleapis.com/google.apps.sheets.v4.NumberFormat.Type), "${String(nf.type)}"`);
  }
  return { type: nf.type as TNumberFormat["type"], ...(typeof nf.pattern === "string" && nf.pattern ? { pattern: nf.pattern } : {}) };
}

/** Records a number format over a box; boxes it covers completely are dropped (the list stays short). */
function setNumberFormat(sheet: TSheet, box: Omit<TNumberFormatBox, "format">, format: TNumberFormat | null): void {
  const covered = (b: TNumberFormatBox) => b.startRow >= box.startRow && b.endRow <= box.endRow && b.startCol >= box.startCol && b.endCol <= box.endCol;
  sheet.numberFormats = sheet.numberFormats.filter((b) => !covered(b));
  sheet.numberFormats.push({ ...box, format });
}

/** Moves (or drops) format boxes when rows/columns [start, start+count) are inserted (count > 0) or deleted (count < 0). */
function shiftNumberFormats(sheet: TSheet, rows: boolean, start: number, count: number): void {
  const [lo, hi] = rows ? (["startRow", "endRow"] as const) : (["startCol", "endCol"] as const);
  const end = count < 0 ? start - count : start;
  sheet.numberFormats = sheet.numberFormats.flatMap((b) => {
    const moved = { ...b };
    if (count > 0) {
      if (b[lo] >= start) moved[lo] = b[lo] + count;
      if (b[hi] > start) moved[hi] = b[hi] + count;
    } else {
      const at = (i: number) => (i >= end ? i + count : Math.min(i, start));
      moved[lo] = at(b[lo]);
      moved[hi] = at(b[hi]);
    }
    return moved[lo] < moved[hi] ? [moved] : [];
  });
}

function dimensionRange(work: Work, range: TDimensionRange | undefined) {
  if (!range) throw invalidArgument("'range' is required");
  const sheet = work.edit(range.sheetId ?? 0);
  const rows = range.dimension === "ROWS";
  if (!rows && range.dimension !== "COLUMNS") throw invalidArgument("dimension must be ROWS or COLUMNS");
  const size = rows ? sheet.rowCount : sheet.columnCount;
  const start = int(range.startIndex, 0);
  const end = int(range.endIndex, size);
  if (start >= end) throw invalidArgument("The range must contain at least one row or column (startIndex < endIndex).");
  return { sheet, rows, start, end, size };
}

function shiftHiddenColumns(sheet: TSheet, start: number, delta: number, deleteEnd?: number): void {
  sheet.hiddenColumns = sheet.hiddenColumns.flatMap((c) => {
    if (c < start) return [c];
    if (deleteEnd !== undefined && c < deleteEnd) return [];
    return [c + delta];
  });
}

type THandlerResult = TJson | undefined;

const handlers: Record<string, (work: Work, body: TJson) => THandlerResult> = {
  addSheet(work, body) {
    const props = (body.properties ?? {}) as TJson;
    const grid = (props.gridProperties ?? {}) as TJson;
    const prefix = work.locale.startsWith("ru") ? "Лист" : "Sheet";
    let n = work.sheets.length + 1;
    while (work.sheets.some((s) => s.title.toLocaleLowerCase() === `${prefix}${n}`.toLocaleLowerCase())) n++;
    const title = work.assertUniqueTitle(props.title ?? `${prefix}${n}`);
    let sheetId: number;
    if (props.sheetId !== undefined) {
      sheetId = int(props.sheetId, 0);
      if (work.sheets.some((s) => s.sheetId === sheetId)) {
        throw invalidArgument(`A sheet with the id ${sheetId} already exists. Please enter another id.`);
      }
    } else {
      do sheetId = Math.floor(Math.random() * 2_000_000_000) + 1;
      while (work.sheets.some((s) => s.sheetId === sheetId));
    }
    const sheet: TSheet = normalizeSheet({
      sheetId,
      title,
      hidden: props.hidden === true,
      rowCount: int(grid.rowCount, 1000),
      columnCount: int(grid.columnCount, 26),
      frozenRowCount: int(grid.frozenRowCount, 0),
      values: [],
    });
    if (sheet.rowCount < 1 || sheet.columnCount < 1) throw invalidArgument("A sheet needs at least one row and one column.");
    const index = Math.min(int(props.index, work.sheets.length), work.sheets.length);
    work.insert(index, sheet);
    return { addSheet: { properties: sheetProperties(sheet, index) } };
  },

  deleteSheet(work, body) {
    const sheet = work.edit(body.sheetId);
    work.sheets.splice(work.sheets.indexOf(sheet), 1);
    assertVisibleSheet(work, "remove");
    return undefined;
  },

  updateSheetProperties(work, body) {
    const props = (body.properties ?? {}) as TJson;
    const mask = fieldMask(body.fields);
    const sheet = work.edit(props.sheetId ?? 0);
    const grid = (props.gridProperties ?? {}) as TJson;
    if (masked(mask, "title")) sheet.title = work.assertUniqueTitle(props.title, sheet.sheetId);
    if (masked(mask, "hidden")) {
      sheet.hidden = props.hidden === true;
      assertVisibleSheet(work, "hide");
    }
    if (masked(mask, "gridProperties.rowCount") && grid.rowCount !== undefined) {
      const rows = int(grid.rowCount, sheet.rowCount);
      if (rows < 1) throw invalidArgument("rowCount must be at least 1");
      if (rows < sheet.values.length) work.rows(sheet).length = rows;
      sheet.rowCount = rows;
    }
    if (masked(mask, "gridProperties.columnCount") && grid.columnCount !== undefined) {
      const cols = int(grid.columnCount, sheet.columnCount);
      if (cols < 1) throw invalidArgument("columnCount must be at least 1");
      if (cols < sheet.columnCount) for (const row of work.cells(sheet)) if (row.length > cols) row.length = cols;
      sheet.hiddenColumns = sheet.hiddenColumns.filter((c) => c < cols);
      sheet.columnCount = cols;
    }
    if (masked(mask, "gridProperties.frozenRowCount")) {
      const frozen = int(grid.frozenRowCount, 0);
      if (frozen >= sheet.rowCount) throw invalidArgument("You can't freeze all visible rows on the sheet.");
      sheet.frozenRowCount = frozen;
    }
    if (masked(mask, "index") && props.index !== undefined) {
      const index = Math.min(int(props.index, 0), work.sheets.length - 1);
      work.sheets.splice(work.sheets.indexOf(sheet), 1);
      work.sheets.splice(index, 0, sheet);
    }
    return undefined;
  },

  updateSpreadsheetProperties(work, body) {
    const mask = fieldMask(body.fields);
    const props = (body.properties ?? {}) as TJson;
    if (masked(mask, "title") && typeof props.title === "string") work.title = props.title;
    return undefined;
  },

  appendDimension(work, body) {
    const sheet = work.edit(body.sheetId);
    const length = int(body.length, 0);
    if (length < 1) throw invalidArgument("length must be at least 1");
    if (body.dimension === "ROWS") sheet.rowCount += length;
    else if (body.dimension === "COLUMNS") sheet.columnCount += length;
    else throw invalidArgument("dimension must be ROWS or COLUMNS");
    return undefined;
  },

  insertDimension(work, body) {
    const { sheet, rows, start, end, size } = dimensionRange(work, body.range as TDimensionRange);
    if (start > size) throw invalidArgument(`startIndex ${start} is past the end of the grid (${size})`);
    const count = end - start;
    if (rows) {
      const values = work.rows(sheet);
      if (start < values.length) values.splice(start, 0, ...Array.from({ length: count }, () => []));
      shiftNumberFormats(sheet, true, start, count);
      sheet.rowCount += count;
    } else {
      for (const row of work.cells(sheet)) if (row.length > start) row.splice(start, 0, ...Array<TGoogleSimCell>(count).fill(null));
      shiftHiddenColumns(sheet, start, count);
      shiftNumberFormats(sheet, false, start, count);
      sheet.columnCount += count;
    }
    return undefined;
  },

  deleteDimension(work, body) {
    const { sheet, rows, start, end, size } = dimensionRange(work, body.range as TDimensionRange);
    if (end > size) {
      const open: TA1Box = rows
        ? { startRow: start, endRow: end, startCol: 0, endCol: null }
        : { startRow: 0, endRow: null, startCol: start, endCol: end };
      throw gridLimitError(sheet, open);
    }
    if (start === 0 && end === size) {
      throw invalidArgument(rows ? "You can't delete all the rows on the sheet." : "You can't delete all the columns on the sheet.");
    }
    const count = end - start;
    if (rows) {
      work.rows(sheet).splice(start, count);
      shiftNumberFormats(sheet, true, start, -count);
      sheet.rowCount -= count;
      sheet.frozenRowCount = Math.min(sheet.frozenRowCount, sheet.rowCount - 1);
    } else {
      for (const row of work.cells(sheet)) if (row.length > start) row.splice(start, count);
      shiftHiddenColumns(sheet, start, -count, end);
      shiftNumberFormats(sheet, false, start, -count);
      sheet.columnCount -= count;
    }
    return undefined;
  },

  updateDimensionProperties(work, body) {
    const { sheet, rows, start, end } = dimensionRange(work, body.range as TDimensionRange);
    const mask = fieldMask(body.fields);
    const props = (body.properties ?? {}) as TJson;
    if (!rows && masked(mask, "hiddenByUser")) {
      const set = new Set(sheet.hiddenColumns);
      for (let c = start; c < end; c++) {
        if (props.hiddenByUser === true) set.add(c);
        else set.delete(c);
      }
      sheet.hiddenColumns = [...set].sort((a, b) => a - b);
    }
    return undefined;
  },

  updateCells(work, body) {
    const mask = fieldMask(body.fields);
    const rows = (Array.isArray(body.rows) ? body.rows : []) as { values?: unknown[] }[];
    let sheet: TSheet;
    let startRow: number;
    let startCol: number;
    let box: { endRow: number; endCol: number } | undefined;
    if (body.start) {
      const start = body.start as { sheetId?: number; rowIndex?: number; columnIndex?: number };
      const r = gridBox(work, { sheetId: start.sheetId, startRowIndex: start.rowIndex, startColumnIndex: start.columnIndex });
      ({ sheet } = r);
      startRow = r.box.startRow;
      startCol = r.box.startCol;
    } else {
      const r = gridBox(work, body.range as TGridRange);
      ({ sheet } = r);
      startRow = r.box.startRow;
      startCol = r.box.startCol;
      box = r.box;
    }
    if (!masked(mask, "userEnteredValue")) return undefined;
    const height = box ? box.endRow - startRow : rows.length;
    const values = work.cells(sheet);
    for (let i = 0; i < height; i++) {
      const r = startRow + i;
      if (r >= sheet.rowCount) throw gridLimitError(sheet, { startRow: r, endRow: r + 1, startCol, endCol: startCol + 1 });
      const input = rows[i]?.values ?? [];
      const width = box ? box.endCol - startCol : input.length;
      for (let j = 0; j < width; j++) {
        const c = startCol + j;
        if (c >= sheet.columnCount) throw gridLimitError(sheet, { startRow: r, endRow: r + 1, startCol: c, endCol: c + 1 });
        const cell = cellValue(work, input[j]);
        while (values.length <= r) values.push([]);
        const row = values[r];
        while (row.length < c) row.push(null);
        row[c] = cell ?? null;
      }
    }
    return undefined;
  },

  repeatCell(work, body) {
    const mask = fieldMask(body.fields);
    const { sheet, box } = gridBox(work, body.range as TGridRange);
    // The format applies to the grid as it is now: rows appended later are not formatted.
    if (masked(mask, "userEnteredFormat.numberFormat")) setNumberFormat(sheet, box, numberFormatOf(body.cell));
    if (!masked(mask, "userEnteredValue")) return undefined;
    const cell = cellValue(work, body.cell) ?? null;
    const values = work.cells(sheet);
    for (let r = box.startRow; r < box.endRow; r++) {
      while (values.length <= r) values.push([]);
      const row = values[r];
      while (row.length < box.startCol) row.push(null);
      for (let c = box.startCol; c < box.endCol; c++) row[c] = cell;
    }
    return undefined;
  },
};

/** Applies a batchUpdate body; returns the API response or throws (and changes nothing). */
export function applyBatchUpdate(spreadsheet: TGoogleSimSpreadsheet, body: unknown, limits: TSheetsLimits) {
  const requests = (body as { requests?: unknown } | undefined)?.requests;
  if (!Array.isArray(requests) || requests.length === 0) throw invalidArgument("Must specify at least one request.");
  const work = new Work(spreadsheet, limits);
  const replies: TJson[] = [];
  requests.forEach((request, i) => {
    const kinds = request && typeof request === "object" ? Object.keys(request as TJson) : [];
    if (kinds.length !== 1) throw invalidArgument(`Invalid requests[${i}]: exactly one kind of request must be set.`);
    const kind = kinds[0];
    const handler = handlers[kind] ?? (COSMETIC.has(kind) ? cosmetic : undefined);
    if (!handler) {
      throw invalidArgument(`Invalid JSON payload received. Unknown name "${kind}" at 'requests[${i}]': Cannot find field.`);
    }
    try {
      const reply = handler(work, ((request as TJson)[kind] ?? {}) as TJson);
      assertCellBudget(work, limits);
      replies.push(reply ?? {});
    } catch (error) {
      throw withPrefix(`Invalid requests[${i}].${kind}`, error);
    }
  });
  work.commit();
  return { spreadsheetId: spreadsheet.spreadsheetId, replies };
}

/** Formatting-only requests: the referenced sheet must exist. */
function cosmetic(work: Work, body: TJson): undefined {
  const range = (body.range ?? body.cell ?? body.rule ?? body.filter ?? body.protectedRange ?? body.bandedRange) as
    | { sheetId?: number; range?: { sheetId?: number } }
    | undefined;
  const sheetId = range?.sheetId ?? range?.range?.sheetId ?? (body.dimensions as { sheetId?: number } | undefined)?.sheetId;
  if (sheetId !== undefined) work.edit(sheetId);
  return undefined;
}
