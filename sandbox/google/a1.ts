/**
 * A1 notation as the Sheets API reads it (the simulator's own parser, independent of the client's):
 * `Sheet1!A1:B2`, `'My Sheet'!A:C` (`''` escapes a quote), open ends (`A2:F`, `A:A`, `1:3`), `$` anchors,
 * reversed corners, a bare sheet title (the whole grid) and a bare reference (the first sheet).
 * Indexes are 0-based and end-exclusive like a GridRange; `null` means open (to the grid's edge).
 */

export type TA1Box = { startRow: number; endRow: number | null; startCol: number; endCol: number | null };
export type TA1Range = { sheetTitle: string | null; box: TA1Box | null };

const MAX_COLUMNS = 18_278; // ZZZ
const ENDPOINT = /^\$?([A-Za-z]{1,3})?\$?([1-9][0-9]{0,6})?$/;

export function columnLetters(index: number): string {
  let n = index + 1;
  let out = "";
  while (n > 0) {
    const rem = (n - 1) % 26;
    out = String.fromCharCode(65 + rem) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}

export function columnNumber(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

type TEndpoint = { col: number | null; row: number | null };

function parseEndpoint(text: string): TEndpoint | undefined {
  const m = ENDPOINT.exec(text);
  if (!m || (!m[1] && !m[2])) return undefined;
  const col = m[1] ? columnNumber(m[1]) : null;
  if (col !== null && col >= MAX_COLUMNS) return undefined;
  return { col, row: m[2] ? Number(m[2]) - 1 : null };
}

/** Parses a cell reference (`A1`, `A1:C`, `A:A`, `2:5`); undefined when it is not one. */
export function parseReference(text: string): TA1Box | undefined {
  const parts = text.split(":");
  if (parts.length > 2) return undefined;
  const a = parseEndpoint(parts[0]);
  if (!a) return undefined;
  if (parts.length === 1) {
    if (a.col === null || a.row === null) return undefined;
    return { startRow: a.row, endRow: a.row + 1, startCol: a.col, endCol: a.col + 1 };
  }
  const b = parseEndpoint(parts[1]);
  if (!b) return undefined;
  const aRowsOnly = a.col === null;
  const bRowsOnly = b.col === null;
  if (aRowsOnly !== bRowsOnly) return undefined; // `1:B2`, `A1:5`
  const order = (x: number | null, y: number | null): [number, number | null] => {
    if (x === null && y === null) return [0, null];
    if (x === null) return [0, (y as number) + 1];
    if (y === null) return [x, null];
    return x <= y ? [x, y + 1] : [y, x + 1];
  };
  const [startCol, endCol] = order(a.col, b.col);
  const [startRow, endRow] = order(a.row, b.row);
  return { startRow, endRow, startCol, endCol };
}

/** Splits `'It''s'!A1:B2` into title and reference; undefined when the quoting is broken. */
export function parseA1(text: string): TA1Range | undefined {
  if (text.startsWith("'")) {
    let i = 1;
    let title = "";
    for (;;) {
      if (i >= text.length) return undefined;
      const ch = text[i];
      if (ch === "'") {
        if (text[i + 1] === "'") {
          title += "'";
          i += 2;
          continue;
        }
        i += 1;
        break;
      }
      title += ch;
      i += 1;
    }
    const rest = text.slice(i);
    if (rest === "") return { sheetTitle: title, box: null };
    if (!rest.startsWith("!")) return undefined;
    const box = parseReference(rest.slice(1));
    return box ? { sheetTitle: title, box } : undefined;
  }
  const bang = text.lastIndexOf("!");
  if (bang >= 0) {
    const title = text.slice(0, bang);
    if (!title) return undefined;
    const box = parseReference(text.slice(bang + 1));
    return box ? { sheetTitle: title, box } : undefined;
  }
  const box = parseReference(text);
  if (box) return { sheetTitle: null, box };
  return text ? { sheetTitle: text, box: null } : undefined;
}

/** Quotes a title the way the API echoes ranges: plain ASCII words stay bare. */
export function formatSheetTitle(title: string): string {
  const plain = /^[A-Za-z_][A-Za-z0-9_]*$/.test(title) && !parseReference(title);
  return plain ? title : `'${title.replace(/'/g, "''")}'`;
}

/** `'Лист 1'!A1:C10`, `Sheet1!B2` for a single cell. Indexes must be closed here. */
export function formatRange(title: string, box: { startRow: number; endRow: number; startCol: number; endCol: number }): string {
  const start = `${columnLetters(box.startCol)}${box.startRow + 1}`;
  const end = `${columnLetters(box.endCol - 1)}${box.endRow}`;
  const single = box.endRow - box.startRow === 1 && box.endCol - box.startCol === 1;
  return `${formatSheetTitle(title)}!${single ? start : `${start}:${end}`}`;
}

/** The range as the API names it in grid-limit errors, open ends kept (`T!A1001:B`). */
export function formatOpenRange(title: string, box: TA1Box): string {
  const start = `${columnLetters(box.startCol)}${box.startRow + 1}`;
  const endCol = box.endCol === null ? "" : columnLetters(box.endCol - 1);
  const endRow = box.endRow === null ? "" : String(box.endRow);
  const end = `${endCol}${endRow}`;
  return `${formatSheetTitle(title)}!${end && end !== start ? `${start}:${end}` : start}`;
}
