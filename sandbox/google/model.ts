import { formatOpenRange, formatRange, parseA1, type TA1Box } from "./a1";

/**
 * The simulated spreadsheets: grids of cell values per sheet, JSON-friendly (the state is served by
 * `/__sandbox/state` and cloned by seeds). Rows are arrays of cells; missing rows/cells are empty.
 * Everything here throws SheetsApiError in Google's words; server.ts turns it into the error body.
 */

/** A stored cell: RAW text/number/bool, a USER_ENTERED formula (kept, not evaluated) or a parsed date. */
export type TGoogleSimCell = string | number | boolean | null | { formula: string } | { date: number; text: string };

export type TGoogleSimSheet = {
  sheetId: number;
  title: string;
  hidden?: boolean;
  rowCount?: number;
  columnCount?: number;
  frozenRowCount?: number;
  /** 0-based indexes of columns hidden by updateDimensionProperties. */
  hiddenColumns?: number[];
  /** values[row][column]; rows past the end and cells past a row's end are empty. */
  values?: TGoogleSimCell[][];
  /**
   * Number formats (userEnteredFormat.numberFormat) set by repeatCell, as boxes in the order they were
   * applied (a later box wins). Boxes are clipped to the grid when applied, as the API does.
   */
  numberFormats?: TNumberFormatBox[];
};

export const NUMBER_FORMAT_TYPES = ["TEXT", "NUMBER", "PERCENT", "CURRENCY", "DATE", "TIME", "DATE_TIME", "SCIENTIFIC"] as const;
export type TNumberFormat = { type: (typeof NUMBER_FORMAT_TYPES)[number]; pattern?: string };
export type TNumberFormatBox = { startRow: number; endRow: number; startCol: number; endCol: number; format: TNumberFormat | null };

export type TGoogleSimSpreadsheet = {
  spreadsheetId: string;
  title: string;
  locale?: string;
  timeZone?: string;
  sheets: TGoogleSimSheet[];
  /** Emails with edit access (a service account needs to be listed to read or write). */
  sharedWith: string[];
  /** Emails with view-only access (reads pass, writes answer 403). */
  readers?: string[];
};

export type TSheet = Required<Omit<TGoogleSimSheet, "hiddenColumns">> & { hiddenColumns: number[] };

export type TSheetsLimits = { maxCells: number; maxCellChars: number };

export const DEFAULT_ROWS = 1000;
export const DEFAULT_COLUMNS = 26;

export class SheetsApiError extends Error {
  constructor(
    readonly code: number,
    readonly status: string,
    message: string,
    readonly details?: unknown[],
  ) {
    super(message);
  }
}

export const invalidArgument = (message: string) => new SheetsApiError(400, "INVALID_ARGUMENT", message);

/** Prefixes a nested error the way the API names the failing part (`Invalid requests[2].addSheet: …`). */
export function withPrefix(prefix: string, error: unknown): unknown {
  if (!(error instanceof SheetsApiError) || error.code !== 400) return error;
  return new SheetsApiError(error.code, error.status, `${prefix}: ${error.message}`, error.details);
}

/** Fills the optional fields of a (possibly seeded) sheet in place. */
export function normalizeSheet(sheet: TGoogleSimSheet): TSheet {
  sheet.hidden ??= false;
  sheet.rowCount ??= DEFAULT_ROWS;
  sheet.columnCount ??= DEFAULT_COLUMNS;
  sheet.frozenRowCount ??= 0;
  sheet.hiddenColumns ??= [];
  sheet.values ??= [];
  sheet.numberFormats ??= [];
  return sheet as TSheet;
}

export function gridCells(spreadsheet: { sheets: TGoogleSimSheet[] }): number {
  return spreadsheet.sheets.reduce((sum, s) => sum + (s.rowCount ?? DEFAULT_ROWS) * (s.columnCount ?? DEFAULT_COLUMNS), 0);
}

export function cellLimitError(limit: number): SheetsApiError {
  return invalidArgument(`This action would increase the number of cells in the workbook above the limit of ${limit} cells.`);
}

export function assertCellBudget(spreadsheet: { sheets: TGoogleSimSheet[] }, limits: TSheetsLimits): void {
  if (gridCells(spreadsheet) > limits.maxCells) throw cellLimitError(limits.maxCells);
}

// ---------------------------------------------------------------------------------------------
// Cells: input (RAW / USER_ENTERED) and rendering (FORMATTED / UNFORMATTED / FORMULA)

export type TValueInputOption = "RAW" | "USER_ENTERED";
export type TValueRenderOption = "FORMATTED_VALUE" | "UNFORMATTED_VALUE" | "FORMULA";

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)(e[+-]?\d+)?$/i;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;
const RU_DATE = /^(\d{1,2})\.(\d{1,2})\.(\d{4})(?: (\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;
const SERIAL_EPOCH = Date.UTC(1899, 11, 30);

function dateSerial(y: number, m: number, d: number, hh = 0, mm = 0, ss = 0): number | undefined {
  const ms = Date.UTC(y, m - 1, d, hh, mm, ss);
  const back = new Date(ms);
  if (back.getUTCMonth() !== m - 1 || back.getUTCDate() !== d || hh > 23 || mm > 59 || ss > 59) return undefined;
  return (ms - SERIAL_EPOCH) / 86_400_000;
}

function parseUserEntered(text: string, locale: string): TGoogleSimCell {
  if (text.startsWith("'")) return text.slice(1) || null;
  if (text.length > 1 && text.startsWith("=")) return { formula: text };
  const upper = text.toUpperCase();
  if (upper === "TRUE" || upper === "FALSE") return upper === "TRUE";
  const plain = locale.startsWith("ru") ? text.replace(/\s/g, "").replace(",", ".") : text;
  if (NUMBER.test(plain)) return Number(plain);
  if (/^[+-]?\d+([.,]\d+)?%$/.test(plain)) return Number(plain.slice(0, -1).replace(",", ".")) / 100;
  const iso = ISO_DATE.exec(text);
  const ru = iso ? null : RU_DATE.exec(text);
  const parts = iso
    ? [iso[1], iso[2], iso[3], iso[4], iso[5], iso[6]]
    : ru
      ? [ru[3], ru[2], ru[1], ru[4], ru[5], ru[6]]
      : null;
  if (parts) {
    const [y, m, d, hh, mm, ss] = parts.map((p) => (p === undefined ? 0 : Number(p)));
    const serial = dateSerial(y, m, d, hh, mm, ss);
    if (serial !== undefined) return { date: serial, text };
  }
  return text;
}

/**
 * One input value → a stored cell; `undefined` leaves the cell as it is (JSON null in a write).
 * Strings longer than the per-cell limit are refused.
 */
export function inputCell(
  value: unknown,
  option: TValueInputOption,
  locale: string,
  limits: TSheetsLimits,
): TGoogleSimCell | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw invalidArgument("Invalid values: number is not finite");
    return value;
  }
  if (typeof value === "boolean") return value;
  if (typeof value !== "string") {
    throw invalidArgument(`Invalid values: expected a string, number or boolean, got ${JSON.stringify(value).slice(0, 60)}`);
  }
  if (value.length > limits.maxCellChars) {
    throw invalidArgument(`Your input contains more than the maximum of ${limits.maxCellChars} characters in a single cell.`);
  }
  if (value === "") return null;
  return option === "USER_ENTERED" ? parseUserEntered(value, locale) : value;
}

export function isEmptyCell(cell: TGoogleSimCell | undefined): boolean {
  return cell === null || cell === undefined;
}

function formatNumber(n: number, locale: string): string {
  const text = String(n).replace("e", "E");
  return locale.startsWith("ru") ? text.replace(".", ",") : text;
}

function pad(n: number): string {
  return String(n).padStart(2, "0");
}

function formatDate(serial: number, locale: string): string {
  const d = new Date(SERIAL_EPOCH + Math.round(serial * 86_400_000));
  const date = locale.startsWith("ru")
    ? `${pad(d.getUTCDate())}.${pad(d.getUTCMonth() + 1)}.${d.getUTCFullYear()}`
    : `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  const seconds = d.getUTCHours() * 3600 + d.getUTCMinutes() * 60 + d.getUTCSeconds();
  return seconds === 0 ? date : `${date} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

/** The number format in effect at a cell (the last box covering it), or null. */
export function numberFormatAt(sheet: TGoogleSimSheet, row: number, col: number): TNumberFormat | null {
  const boxes = sheet.numberFormats ?? [];
  for (let i = boxes.length - 1; i >= 0; i--) {
    const b = boxes[i];
    if (row >= b.startRow && row < b.endRow && col >= b.startCol && col < b.endCol) return b.format;
  }
  return null;
}

const DEFAULT_PATTERNS: Record<TNumberFormat["type"], string> = {
  TEXT: "@", NUMBER: "#,##0.00", PERCENT: "0.00%", CURRENCY: "#,##0.00 [$₽]", DATE: "dd.mm.yyyy", TIME: "hh:mm:ss",
  DATE_TIME: "dd.mm.yyyy hh:mm:ss", SCIENTIFIC: "0.00E+00",
};

/** A serial number shown by a date/time pattern (tokens yyyy yy mm m dd d hh h mm(minutes) ss; others literal). */
function formatSerial(serial: number, pattern: string): string {
  const d = new Date(SERIAL_EPOCH + Math.round(serial * 86_400_000));
  const tokens = pattern.match(/yyyy|yy|mm|m|dd|d|hh|h|ss|s|"[^"]*"|\\.|./g) ?? [];
  let out = "";
  tokens.forEach((t, i) => {
    // "m"/"mm" right after hours or before seconds are minutes.
    const prev = tokens.slice(0, i).reverse().find((x) => /^[a-z]+$/.test(x));
    const next = tokens.slice(i + 1).find((x) => /^[a-z]+$/.test(x));
    const minutes = /^h/.test(prev ?? "") || /^s/.test(next ?? "");
    switch (t) {
      case "yyyy": out += String(d.getUTCFullYear()); break;
      case "yy": out += pad(d.getUTCFullYear() % 100); break;
      case "mm": out += pad(minutes ? d.getUTCMinutes() : d.getUTCMonth() + 1); break;
      case "m": out += String(minutes ? d.getUTCMinutes() : d.getUTCMonth() + 1); break;
      case "dd": out += pad(d.getUTCDate()); break;
      case "d": out += String(d.getUTCDate()); break;
      case "hh": out += pad(d.getUTCHours()); break;
      case "h": out += String(d.getUTCHours()); break;
      case "ss": out += pad(d.getUTCSeconds()); break;
      case "s": out += String(d.getUTCSeconds()); break;
      default: out += t.startsWith('"') ? t.slice(1, -1) : t.startsWith("\\") ? t.slice(1) : t;
    }
  });
  return out;
}

/** A number shown by a simple numeric pattern: grouping (#,##0) and a fixed/optional fraction (.00 / .###). */
function formatDecimal(n: number, pattern: string, locale: string): string {
  const percent = pattern.includes("%");
  const value = percent ? n * 100 : n;
  const frac = /\.([0#]+)/.exec(pattern)?.[1] ?? "";
  const minFrac = (frac.match(/0/g) ?? []).length;
  const ru = locale.startsWith("ru");
  const text = value.toLocaleString(ru ? "ru-RU" : "en-US", {
    useGrouping: pattern.includes(","),
    minimumFractionDigits: minFrac,
    maximumFractionDigits: frac.length,
  }).replace(/\u00a0|\u202f/g, ru ? "\u00a0" : ",");
  const suffix = /\[\$([^\]-]+)/.exec(pattern)?.[1];
  return `${text}${percent ? "%" : ""}${suffix ? ` ${suffix}` : ""}`;
}

/** FORMATTED_VALUE of a number under a number format. */
export function formatWithNumberFormat(n: number, format: TNumberFormat, locale: string): string {
  const pattern = format.pattern || DEFAULT_PATTERNS[format.type];
  if (format.type === "DATE" || format.type === "TIME" || format.type === "DATE_TIME") return formatSerial(n, pattern);
  if (format.type === "TEXT" || format.type === "SCIENTIFIC") return formatNumber(n, locale);
  return formatDecimal(n, pattern, locale);
}

export function renderCell(
  cell: TGoogleSimCell | undefined,
  option: TValueRenderOption,
  locale: string,
  format: TNumberFormat | null = null,
): string | number | boolean {
  if (cell === null || cell === undefined) return "";
  if (format && option === "FORMATTED_VALUE") {
    const n = typeof cell === "number" ? cell : typeof cell === "object" && "date" in cell ? cell.date : null;
    if (n !== null) return formatWithNumberFormat(n, format, locale);
  }
  if (typeof cell === "object") {
    // Formulas are not evaluated: every render option shows the formula text.
    if ("formula" in cell) return cell.formula;
    return option === "FORMATTED_VALUE" ? formatDate(cell.date, locale) : cell.date;
  }
  if (option !== "FORMATTED_VALUE") return cell;
  if (typeof cell === "number") return formatNumber(cell, locale);
  if (typeof cell === "boolean") return cell ? "TRUE" : "FALSE";
  return cell;
}

// ---------------------------------------------------------------------------------------------
// Ranges

export type TClosedBox = { startRow: number; endRow: number; startCol: number; endCol: number };
export type TResolvedRange = { sheet: TSheet; box: TClosedBox; /** as written, open ends kept */ open: TA1Box };

function findSheetByTitle(spreadsheet: TGoogleSimSpreadsheet, title: string): TGoogleSimSheet | undefined {
  return (
    spreadsheet.sheets.find((s) => s.title === title) ??
    spreadsheet.sheets.find((s) => s.title.toLocaleLowerCase() === title.toLocaleLowerCase())
  );
}

export function findSheetById(spreadsheet: TGoogleSimSpreadsheet, sheetId: unknown): TSheet {
  const sheet = spreadsheet.sheets.find((s) => s.sheetId === sheetId);
  if (!sheet) throw invalidArgument(`No grid with id: ${String(sheetId)}`);
  return normalizeSheet(sheet);
}

export function gridLimitError(sheet: TSheet, box: TA1Box): SheetsApiError {
  return invalidArgument(
    `Range (${formatOpenRange(sheet.title, box)}) exceeds grid limits. Max rows: ${sheet.rowCount}, max columns: ${sheet.columnCount}`,
  );
}

/**
 * Resolves an A1 range against the spreadsheet. `grid: "clip"` (reads, clears) clips open or
 * overlong ends to the grid and refuses a range that starts outside it; `grid: "any"` keeps the
 * requested box (appends grow the grid; writes check their own extent).
 */
export function resolveRange(spreadsheet: TGoogleSimSpreadsheet, text: string, grid: "clip" | "any" = "clip"): TResolvedRange {
  const parsed = parseA1(text);
  const unable = () => invalidArgument(`Unable to parse range: ${text}`);
  if (!parsed) throw unable();
  let sheet: TGoogleSimSheet | undefined;
  let open = parsed.box;
  if (parsed.sheetTitle === null) {
    // A bare reference means the first visible sheet, unless a sheet is literally called so.
    sheet = spreadsheet.sheets.find((s) => s.title === text);
    if (sheet) open = null;
    else sheet = spreadsheet.sheets.find((s) => !s.hidden) ?? spreadsheet.sheets[0];
  } else {
    sheet = findSheetByTitle(spreadsheet, parsed.sheetTitle);
  }
  if (!sheet) throw unable();
  const s = normalizeSheet(sheet);
  open ??= { startRow: 0, endRow: null, startCol: 0, endCol: null };
  if (grid === "clip" && (open.startRow >= s.rowCount || open.startCol >= s.columnCount)) throw gridLimitError(s, open);
  const clip = grid === "clip";
  const box: TClosedBox = {
    startRow: open.startRow,
    startCol: open.startCol,
    endRow: open.endRow === null ? s.rowCount : clip ? Math.min(open.endRow, s.rowCount) : open.endRow,
    endCol: open.endCol === null ? s.columnCount : clip ? Math.min(open.endCol, s.columnCount) : open.endCol,
  };
  return { sheet: s, box, open };
}

export { formatRange };

// ---------------------------------------------------------------------------------------------
// Grid operations

/** Sheets mutated in place get a new generation; the append cache trusts only its own generation. */
const generations = new WeakMap<TSheet, number>();
export function touch(sheet: TSheet): void {
  generations.set(sheet, (generations.get(sheet) ?? 0) + 1);
}

export function rowHasData(row: TGoogleSimCell[] | undefined, startCol: number, endCol: number): boolean {
  if (!row) return false;
  const end = Math.min(endCol, row.length);
  for (let c = startCol; c < end; c++) if (row[c] !== null && row[c] !== undefined) return true;
  return false;
}

/** Reads a box as the API returns it: trailing empty rows and cells trimmed, `[]` for empty rows inside. */
export function readBox(
  sheet: TSheet,
  box: TClosedBox,
  option: TValueRenderOption,
  locale: string,
  major: "ROWS" | "COLUMNS" = "ROWS",
): unknown[][] {
  const out: unknown[][] = [];
  const formatted = option === "FORMATTED_VALUE" && sheet.numberFormats.length > 0;
  if (major === "ROWS") {
    const lastRow = Math.min(box.endRow, sheet.values.length);
    for (let r = box.startRow; r < lastRow; r++) {
      const row = sheet.values[r];
      const cells: unknown[] = [];
      if (row) {
        const end = Math.min(box.endCol, row.length);
        let last = -1;
        for (let c = box.startCol; c < end; c++) if (!isEmptyCell(row[c])) last = c;
        for (let c = box.startCol; c <= last; c++) cells.push(renderCell(row[c], option, locale, formatted ? numberFormatAt(sheet, r, c) : null));
      }
      out.push(cells);
    }
  } else {
    const lastRow = Math.min(box.endRow, sheet.values.length);
    for (let c = box.startCol; c < box.endCol; c++) {
      const cells: unknown[] = [];
      let last = -1;
      for (let r = box.startRow; r < lastRow; r++) if (!isEmptyCell(sheet.values[r]?.[c])) last = r;
      for (let r = box.startRow; r <= last; r++) cells.push(renderCell(sheet.values[r]?.[c], option, locale, formatted ? numberFormatAt(sheet, r, c) : null));
      out.push(cells);
    }
  }
  while (out.length > 0 && out[out.length - 1].length === 0) out.pop();
  return out;
}

/** Writes prepared cells (undefined = leave as is) with their top-left corner at (row, col). */
export function writeCells(sheet: TSheet, startRow: number, startCol: number, rows: (TGoogleSimCell | undefined)[][]): void {
  const values = sheet.values;
  for (let i = 0; i < rows.length; i++) {
    const input = rows[i];
    if (input.length === 0) continue;
    const r = startRow + i;
    while (values.length <= r) values.push([]);
    const row = values[r] ?? (values[r] = []);
    for (let j = 0; j < input.length; j++) {
      const cell = input[j];
      if (cell === undefined) continue;
      const c = startCol + j;
      while (row.length < c) row.push(null);
      row[c] = cell;
    }
  }
  touch(sheet);
}

export function clearBox(sheet: TSheet, box: TClosedBox): void {
  const end = Math.min(box.endRow, sheet.values.length);
  for (let r = box.startRow; r < end; r++) {
    const row = sheet.values[r];
    if (!row) continue;
    if (box.startCol === 0 && box.endCol >= row.length) row.length = 0;
    else for (let c = box.startCol; c < Math.min(box.endCol, row.length); c++) row[c] = null;
  }
  while (sheet.values.length > 0 && !rowHasData(sheet.values[sheet.values.length - 1], 0, Infinity)) sheet.values.pop();
  touch(sheet);
}

type TTable = { startRow: number; endRow: number; startCol: number; endCol: number };
const tableCache = new WeakMap<TSheet, { key: string; gen: number; table: TTable }>();

/**
 * The "table" values.append writes after: the first row with data at or below the range's top
 * (within its columns), down to the last row before an empty one. Consecutive appends reuse the
 * previous answer and only look at the new rows, so appending in batches stays linear.
 */
export function findTable(sheet: TSheet, search: TClosedBox): TTable | undefined {
  const key = `${search.startRow}:${search.startCol}:${search.endCol}`;
  const gen = generations.get(sheet) ?? 0;
  const cached = tableCache.get(sheet);
  const values = sheet.values;
  let table: TTable | undefined;
  if (cached && cached.key === key && cached.gen === gen) {
    table = { ...cached.table };
  } else {
    let r = search.startRow;
    while (r < values.length && !rowHasData(values[r], search.startCol, search.endCol)) r++;
    if (r >= values.length) return undefined;
    table = { startRow: r, endRow: r, startCol: Infinity, endCol: 0 };
  }
  let r = table.endRow;
  while (r < values.length && rowHasData(values[r], search.startCol, search.endCol)) {
    const row = values[r];
    const end = Math.min(search.endCol, row.length);
    for (let c = search.startCol; c < end; c++) {
      if (!isEmptyCell(row[c])) {
        if (c < table.startCol) table.startCol = c;
        break;
      }
    }
    for (let c = end - 1; c >= search.startCol; c--) {
      if (!isEmptyCell(row[c])) {
        if (c + 1 > table.endCol) table.endCol = c + 1;
        break;
      }
    }
    r++;
  }
  table.endRow = r;
  tableCache.set(sheet, { key, gen, table });
  return table;
}

/** Records that rows [from, to) were appended to the cached table (so the next append skips them). */
export function extendTable(sheet: TSheet, search: TClosedBox, table: TTable): void {
  tableCache.set(sheet, {
    key: `${search.startRow}:${search.startCol}:${search.endCol}`,
    gen: generations.get(sheet) ?? 0,
    table,
  });
}

export function insertRows(sheet: TSheet, at: number, count: number): void {
  if (at < sheet.values.length) {
    const blanks: TGoogleSimCell[][] = Array.from({ length: count }, () => []);
    sheet.values.splice(at, 0, ...blanks);
  }
  sheet.rowCount += count;
  touch(sheet);
}

// ---------------------------------------------------------------------------------------------
// Resources

export function sheetProperties(sheet: TGoogleSimSheet, index: number) {
  const s = normalizeSheet(sheet);
  return {
    sheetId: s.sheetId,
    title: s.title,
    index,
    sheetType: "GRID",
    gridProperties: {
      rowCount: s.rowCount,
      columnCount: s.columnCount,
      ...(s.frozenRowCount ? { frozenRowCount: s.frozenRowCount } : {}),
    },
    ...(s.hidden ? { hidden: true } : {}),
  };
}

export function spreadsheetResource(spreadsheet: TGoogleSimSpreadsheet) {
  return {
    spreadsheetId: spreadsheet.spreadsheetId,
    properties: {
      title: spreadsheet.title,
      locale: spreadsheet.locale ?? "ru_RU",
      autoRecalc: "ON_CHANGE",
      timeZone: spreadsheet.timeZone ?? "Europe/Moscow",
    },
    sheets: spreadsheet.sheets.map((sheet, index) => ({ properties: sheetProperties(sheet, index) })),
    spreadsheetUrl: `https://docs.google.com/spreadsheets/d/${spreadsheet.spreadsheetId}/edit`,
  };
}
