/**
 * What the export engine needs from MoySklad and Google Sheets. The adapters (adapters.ts) implement these
 * with the real clients; the engine knows nothing of HTTP.
 */
import type { TMsRow } from "./columns";
import type { TAttributeMeta } from "./transform";
import type { TCell } from "./columns";

/**
 * `limit`: the page size the server applied (lets the engine predict the next offsets and read ahead);
 * `bytes`: the size of the page as received (bounds how many such pages the engine fetches at once).
 */
export type TSourcePage = { rows: TMsRow[]; total: number; nextOffset: number | null; limit?: number; bytes?: number };

export type TSourcePort = {
  attributes(entity: string): Promise<TAttributeMeta[]>;
  /** Names of referenced objects (organizations, stores, projects, employees, states, counterparties…) by href. */
  loadDirectory(entities: string[]): Promise<(ref: unknown) => string | null>;
  page(entity: string, opts: { offset: number; updatedFrom: Date | null; positions: boolean }): Promise<TSourcePage>;
  requestCount(): number;
  /** Request counters for run statistics and the benchmark (`byPath`: `GET /entity/customerorder` → n). */
  stats?(): { requests: number; retries: number; rateLimited: number; byPath: Record<string, number> };
};

/** How a typed column is shown: dates/times as date values, money and quantities as numbers. 0-based column. */
export type TColumnFormat = { column: number; kind: "datetime" | "money" | "number" };

export type TSheetInfo = { sheetId: number; title: string; hidden: boolean; rowCount: number; columnCount: number };

export type TRowBlock = { startRow: number; rows: TCell[][] } | { startRow: number; width: number; rowsJson: string[] };

export type TSheetPort = {
  spreadsheet(): Promise<{ title: string; sheets: TSheetInfo[] }>;
  addSheet(title: string, opts: { hidden: boolean; rowCount: number; columnCount: number }): Promise<TSheetInfo>;
  deleteSheet(sheetId: number): Promise<void>;
  /** Renames and shows a sheet (the replace swap). */
  renameAndShow(sheetId: number, title: string): Promise<void>;
  /** Hides the external_id column, freezes the header and sets the typed columns' number formats. */
  hideColumnA(sheetId: number, formats?: TColumnFormat[], width?: number): Promise<void>;
  /** Grows the grid; the number formats are applied again so the new rows are formatted too. */
  ensureRows(sheet: TSheetInfo, rows: number, columns: number, formats?: TColumnFormat[]): Promise<void>;
  readColumnA(title: string): Promise<string[]>;
  /** The first row (the header) as text. */
  readHeader(title: string): Promise<string[]>;
  /**
   * Clears the rows below the header and, when the old header was wider (`oldWidth`), its cells past
   * `keepColumns` (a sheet whose columns changed).
   */
  clearData(title: string, keepColumns: number, oldWidth: number): Promise<void>;
  /**
   * Writes blocks of rows at fixed 1-based row numbers (idempotent: a retried page overwrites the same cells).
   * A block's rows are cells, or already serialised (`rowsJson`: each row the JSON array of its cell values,
   * `width` cells wide).
   */
  writeBlocks(title: string, blocks: TRowBlock[]): Promise<void>;
  requestCount(): number;
  /** Request counters for run statistics and the benchmark. */
  stats?(): { requests: number; reads: number; writes: number; retries: number; rateLimited: number };
};
