/**
 * A1 notation helpers for building ranges and reading the ranges the API returns.
 * Titles are always quoted (`'Заказы покупателей'!A1:C`), which the API accepts for any title;
 * an apostrophe inside a title is doubled (`'Sales ''24'!A1`).
 */

/** 0-based column index → letters: 0 → A, 25 → Z, 26 → AA. */
export function columnLetter(index: number): string {
  if (!Number.isInteger(index) || index < 0) throw new RangeError(`column index must be a non-negative integer, got ${index}`);
  let n = index + 1;
  let out = "";
  while (n > 0) {
    const rem = (n - 1) % 26;
    out = String.fromCharCode(65 + rem) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}

/** Letters → 0-based column index: A → 0, AA → 26. */
export function columnIndex(letters: string): number {
  if (!/^[A-Za-z]{1,3}$/.test(letters)) throw new RangeError(`not a column: ${letters}`);
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

export function quoteSheetTitle(title: string): string {
  return `'${title.replace(/'/g, "''")}'`;
}

/** `a1("Заказы", "A2:F")` → `'Заказы'!A2:F`; without a range the whole sheet. */
export function a1(sheetTitle: string, range?: string): string {
  return range ? `${quoteSheetTitle(sheetTitle)}!${range}` : quoteSheetTitle(sheetTitle);
}

/** 0-based, end-exclusive; `null` = open to the grid's edge (like a GridRange). */
export type TA1Parsed = {
  sheetTitle: string | null;
  startRow: number;
  endRow: number | null;
  startColumn: number;
  endColumn: number | null;
};

const ENDPOINT = /^\$?([A-Za-z]{1,3})?\$?([1-9][0-9]*)?$/;

/**
 * Parses `'Sheet'!A1:C10`, `Sheet1!A:A`, `A2:F`, `3:5`, `'It''s'` (whole sheet); undefined when it is
 * not A1 notation. Used to read `updatedRange` / `tableRange` and to name sheets in errors.
 */
export function parseA1Range(text: string): TA1Parsed | undefined {
  let sheetTitle: string | null = null;
  let ref = text;
  if (text.startsWith("'")) {
    const m = /^'((?:[^']|'')*)'(?:!(.*))?$/s.exec(text);
    if (!m) return undefined;
    sheetTitle = m[1].replace(/''/g, "'");
    if (m[2] === undefined) return { sheetTitle, startRow: 0, endRow: null, startColumn: 0, endColumn: null };
    ref = m[2];
  } else if (text.includes("!")) {
    const bang = text.lastIndexOf("!");
    sheetTitle = text.slice(0, bang);
    ref = text.slice(bang + 1);
    if (!sheetTitle) return undefined;
  }
  const parts = ref.split(":");
  if (parts.length > 2) return undefined;
  const ends = parts.map((p) => ENDPOINT.exec(p));
  if (ends.some((m) => !m || (!m[1] && !m[2]))) {
    // No reference at all: a bare sheet title.
    if (sheetTitle !== null || text.includes(":") || !text) return undefined;
    return { sheetTitle: text, startRow: 0, endRow: null, startColumn: 0, endColumn: null };
  }
  const [a, b = a] = ends as RegExpExecArray[];
  if (parts.length === 1 && (!a[1] || !a[2])) return undefined;
  if (Boolean(a[1]) !== Boolean(b[1])) return undefined;
  const col = (m: RegExpExecArray) => (m[1] ? columnIndex(m[1]) : null);
  const row = (m: RegExpExecArray) => (m[2] ? Number(m[2]) - 1 : null);
  const span = (x: number | null, y: number | null): [number, number | null] => {
    if (x === null) return [0, y === null ? null : y + 1];
    if (y === null) return [x, null];
    return [Math.min(x, y), Math.max(x, y) + 1];
  };
  const [startColumn, endColumn] = span(col(a), col(b));
  const [startRow, endRow] = span(row(a), row(b));
  return { sheetTitle, startRow, endRow, startColumn, endColumn };
}
