import { applyBatchUpdate } from "./batch-update";
import {
  assertCellBudget,
  normalizeSheet,
  readBox,
  SheetsApiError,
  type TGoogleSimCell,
  type TGoogleSimSpreadsheet,
  type TSheetsLimits,
} from "./model";

/**
 * Test/demo helpers on the Google simulator's state (also served under `/__sandbox/…`):
 * create a spreadsheet, share or unshare it, dump its values, revoke a service account key.
 */

export type TCreateSpreadsheetInput = {
  spreadsheetId?: string;
  title?: string;
  locale?: string;
  timeZone?: string;
  /** Emails with edit access; `[]` (default) leaves it unshared: every call answers 403. */
  sharedWith?: string[];
  /** Emails with view-only access. */
  readers?: string[];
  sheets?: {
    title: string;
    sheetId?: number;
    hidden?: boolean;
    rowCount?: number;
    columnCount?: number;
    frozenRowCount?: number;
    values?: TGoogleSimCell[][];
  }[];
};

type TStateLike = { spreadsheets: TGoogleSimSpreadsheet[] };

export function findSpreadsheet(state: TStateLike, spreadsheetId: string): TGoogleSimSpreadsheet | undefined {
  return state.spreadsheets.find((s) => s.spreadsheetId === spreadsheetId);
}

function randomId(): string {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-";
  let id = "1";
  for (let i = 0; i < 43; i++) id += alphabet[Math.floor(Math.random() * alphabet.length)];
  return id;
}

export function createSpreadsheet(state: TStateLike, input: TCreateSpreadsheetInput, limits: TSheetsLimits): TGoogleSimSpreadsheet {
  const spreadsheetId = input.spreadsheetId ?? randomId();
  if (!/^[A-Za-z0-9_-]+$/.test(spreadsheetId)) throw new SheetsApiError(400, "INVALID_ARGUMENT", "spreadsheetId: letters, digits, _ and - only");
  if (findSpreadsheet(state, spreadsheetId)) {
    throw new SheetsApiError(409, "ALREADY_EXISTS", `Spreadsheet ${spreadsheetId} already exists`);
  }
  const spreadsheet: TGoogleSimSpreadsheet = {
    spreadsheetId,
    title: input.title ?? "Новая таблица",
    locale: input.locale ?? "ru_RU",
    timeZone: input.timeZone ?? "Europe/Moscow",
    sheets: [],
    sharedWith: input.sharedWith ?? [],
    readers: input.readers ?? [],
  };
  const sheets = input.sheets?.length ? input.sheets : [{ title: spreadsheet.locale!.startsWith("ru") ? "Лист1" : "Sheet1", sheetId: 0 }];
  // Sheets go through addSheet so titles, ids and the cell limit are checked like the API does.
  applyBatchUpdate(
    spreadsheet,
    {
      requests: sheets.map((s, i) => ({
        addSheet: {
          properties: {
            sheetId: s.sheetId ?? i,
            title: s.title,
            hidden: s.hidden,
            gridProperties: { rowCount: s.rowCount, columnCount: s.columnCount, frozenRowCount: s.frozenRowCount },
          },
        },
      })),
    },
    limits,
  );
  sheets.forEach((s, i) => {
    const sheet = normalizeSheet(spreadsheet.sheets[i]);
    if (s.values) {
      sheet.values = s.values.map((row) => row.map((c) => (c === "" || c === undefined ? null : c)));
      sheet.rowCount = Math.max(sheet.rowCount, sheet.values.length);
      sheet.columnCount = Math.max(sheet.columnCount, ...sheet.values.map((r) => r.length));
    }
  });
  assertCellBudget(spreadsheet, limits);
  state.spreadsheets.push(spreadsheet);
  return spreadsheet;
}

export function shareSpreadsheet(spreadsheet: TGoogleSimSpreadsheet, email: string, role: "writer" | "reader" | "none"): void {
  spreadsheet.sharedWith = spreadsheet.sharedWith.filter((e) => e !== email);
  spreadsheet.readers = (spreadsheet.readers ?? []).filter((e) => e !== email);
  if (role === "writer") spreadsheet.sharedWith.push(email);
  if (role === "reader") spreadsheet.readers.push(email);
}

/** Every sheet with its properties and stored values (UNFORMATTED, trailing empties trimmed). */
export function dumpSpreadsheet(spreadsheet: TGoogleSimSpreadsheet) {
  const locale = spreadsheet.locale ?? "ru_RU";
  return {
    spreadsheetId: spreadsheet.spreadsheetId,
    title: spreadsheet.title,
    sharedWith: spreadsheet.sharedWith,
    readers: spreadsheet.readers ?? [],
    sheets: spreadsheet.sheets.map((raw, index) => {
      const s = normalizeSheet(raw);
      return {
        sheetId: s.sheetId,
        title: s.title,
        index,
        hidden: s.hidden,
        rowCount: s.rowCount,
        columnCount: s.columnCount,
        frozenRowCount: s.frozenRowCount,
        hiddenColumns: s.hiddenColumns,
        numberFormats: s.numberFormats,
        values: readBox(s, { startRow: 0, endRow: s.rowCount, startCol: 0, endCol: s.columnCount }, "UNFORMATTED_VALUE", locale),
      };
    }),
  };
}
