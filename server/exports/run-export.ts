/**
 * The export engine: one run of one exporter, written as named steps so that a retried or resumed run
 * continues after the last written page (every page step is memoized by the job runtime).
 *
 *   prepare → page steps (fetch a page, transform, write at fixed rows) → finalize
 *
 * Strategies: append (new rows after the last one; incremental runs append changed documents again,
 * marked with the sync time), upsert (match by the hidden external_id column, update in place, insert
 * the rest), replace (write into a hidden temp sheet, swap it in at the end; a failure leaves the old sheet).
 * Page writes go to explicit row numbers, so repeating a page after a crash never duplicates rows.
 */
import { withTenant } from "../db";
import { AppError } from "../errors";
import type { TStepTools } from "../../inngest/define";
import { formatMsMoment, parseMsMoment, parseMsMomentMs, toSheetSerial, type TCell } from "./columns";
import { getExporter, type TExporter } from "./catalog";
import { columnFormats, createRowMaker, discoverSchema, headerRow, type TAttributeMeta } from "./transform";
import type { TColumnFormat, TSheetInfo, TSheetPort, TSourcePage, TSourcePort } from "./ports";
import type { TExportPorts } from "./adapters";
import { createPageReader, START_POSITION, type TPageReader, type TReadObject, type TReadPosition } from "./page-reader";

export const MAX_SPREADSHEET_CELLS = 10_000_000;
let maxSpreadsheetCells = MAX_SPREADSHEET_CELLS;
/** For tests: a smaller cell limit than Google's, to see the refusal without 10M cells. */
export function setMaxSpreadsheetCells(n: number = MAX_SPREADSHEET_CELLS): void {
  maxSpreadsheetCells = n;
}
/** Rows per checkpoint step at most (fetched from consecutive pages, written with one request). */
export const CHUNK_ROWS = 20_000;
/** Payload per write request at most (Google recommends ~2 MB): the usual bound of a step. */
export const CHUNK_BYTES = 2_000_000;
let chunkRows = CHUNK_ROWS;
/** For tests: smaller checkpoint steps. */
export function setChunkRows(n: number = CHUNK_ROWS): void {
  chunkRows = n;
}

/** `read`: objects received from MoySklad; `fetched`: sheet rows produced from them. */
export type TExportCounters = { read: number; fetched: number; inserted: number; updated: number; deleted: number; requests: number; truncatedCells: number; pages: number };

type TPlan = {
  exporter: string;
  strategy: "append" | "upsert" | "replace";
  sheetTitle: string;
  writeTitle: string;
  writeSheetId: number;
  oldSheetId: number | null;
  startRow: number;
  updatedFrom: string | null;
  /** Append: the sync time written into every row, as a sheet date value. */
  syncedAt: number | null;
  columnKeys: string[];
  /** Number formats of the typed columns (dates, money, quantities). */
  formats: TColumnFormat[];
  timezone: string;
  headerLength: number;
  /** When the run started, as a MoySklad timestamp: the next incremental run reads from here at the latest. */
  startedAt: string;
  /** The existing sheet was cleared and is filled in full (its columns changed). */
  rebuilt: boolean;
  /** Requests made while preparing. */
  requests?: number;
  /** Incremental append/upsert: objects updated at or before this instant were already written as they are. */
  skipUpToMs: number | null;
};

type TPageResult = { read: number; fetched: number; inserted: number; updated: number; truncatedCells: number; next: TReadPosition | null; total: number; maxUpdated: string | null; requests: number };

type TRunTools = {
  step: TStepTools;
  progress: (pct: number, counters?: Record<string, number>) => Promise<void>;
  log: (message: string, data?: Record<string, unknown>) => Promise<void> | void;
};

const tempTitle = (sheetTitle: string, runId: string) => `~${sheetTitle.slice(0, 80)} ${runId.slice(0, 8)}`;

/**
 * A fetched object reduced to its sheet rows (the API objects are dropped as soon as a page arrives): each row
 * already serialised as the JSON array a values request carries (one flat string instead of an array of
 * cells: what a chunk holds until it is written costs the garbage collector little), with its external id.
 */
type TDigest = { ids: string[]; rows: string[]; truncatedCells: number; updated: string | null; /** UTF-8 size of the rows' JSON, summed. */ bytes: number };

/** Per-process caches of what a run re-derives after a resume (directory names, the upsert index, the read-ahead). */
type TRunCache = {
  attributes?: Promise<TAttributeMeta[]>;
  directory?: Promise<(r: unknown) => string | null>;
  refName?: (r: unknown) => string | null;
  index?: Map<string, number>;
  nextRow?: number;
  grid?: { rows: number; otherCells: number };
  reader?: { entity: string; next: string; reader: TPageReader<TDigest> };
  /** Upstream requests of this process counted into a step so far (a step counts those made since). */
  counted?: number;
  /** Objects and rows taken so far and the list's size: how many rows the sheet will need in the end (its grid grows to that at once). */
  seen?: { objects: number; rows: number; total: number };
};

const runCaches = new Map<string, TRunCache>();

const keyOf = (p: TReadPosition) => JSON.stringify(p);

const requestsOf = (ports: TExportPorts) => ports.source.requestCount() + ports.sheets.requestCount();
/** Requests made since `before` (a step's share), and marks them counted. */
function countRequests(cache: TRunCache, ports: TExportPorts, before: number): number {
  cache.counted = requestsOf(ports);
  return cache.counted - before;
}

export async function runExport(opts: { companyId: string; configId: string; runId: string; tools: TRunTools; ports: TExportPorts }): Promise<TExportCounters> {
  const { step } = opts.tools;
  const { source, sheets } = opts.ports;
  const cache = runCaches.get(opts.runId) ?? {};
  runCaches.set(opts.runId, cache);
  try {
    const plan = await step.run("prepare", async () => {
      const before = requestsOf(opts.ports);
      const p = await prepare(opts.companyId, opts.configId, opts.runId, sheets, source, cache);
      return { ...p, requests: countRequests(cache, opts.ports, before) };
    });
    const exporter = getExporter(plan.exporter)!;
    if (plan.rebuilt) await opts.tools.log(`Столбцы листа «${plan.sheetTitle}» изменились: лист заполняется заново целиком`);
    const columns = discoverSchema(exporter, await (cache.attributes ??= attributesOf(exporter, source)), plan.columnKeys);
    cache.refName = await (cache.directory ??= source.loadDirectory(directoriesOf(exporter)));

    const counters: TExportCounters = { read: 0, fetched: 0, inserted: 0, updated: 0, deleted: 0, requests: plan.requests ?? 0, truncatedCells: 0, pages: 0 };
    let maxUpdated: string | null = null;
    let written = 0;
    const updatedFrom = plan.updatedFrom ? parseMsMoment(plan.updatedFrom) : null;
    for (const [si, src] of exporter.sources.entries()) {
      const ctx = { timezone: plan.timezone, source: src.entity, refName: cache.refName! };
      const makeRows = createRowMaker(exporter, columns, ctx, { syncedAt: plan.syncedAt ?? undefined });
      const digest = (page: TSourcePage): { bytes: number; objects: TReadObject<TDigest>[] } => {
        const after = plan.skipUpToMs;
        let bytes = 0;
        const objects = page.rows.map((o): TReadObject<TDigest> => {
          const updatedMs = parseMsMomentMs(o.updated);
          const skip = after !== null && (updatedMs ?? Infinity) <= after;
          const value: TDigest = { ids: [], rows: [], truncatedCells: 0, updated: typeof o.updated === "string" ? o.updated : null, bytes: 0 };
          if (!skip) {
            value.truncatedCells = makeRows(o, (externalId, cells) => {
              const json = rowJson(cells);
              value.ids.push(externalId);
              value.rows.push(json);
              value.bytes += Buffer.byteLength(json) + 1;
            });
          }
          bytes += value.bytes;
          return { id: String(o.id), updatedMs, value };
        });
        return { bytes, objects };
      };
      const readerAt = (at: TReadPosition): TPageReader<TDigest> => {
        if (cache.reader && cache.reader.entity === src.entity && cache.reader.next === keyOf(at)) return cache.reader.reader;
        cache.reader?.reader.close();
        const reader = createPageReader<TDigest>({
          start: at,
          fetch: (from, offset) => {
            const bound = from === null ? updatedFrom : new Date(Math.max(from, updatedFrom?.getTime() ?? -Infinity));
            return source.page(src.entity, { offset, updatedFrom: bound, positions: exporter.rows === "positions" });
          },
          digest,
          maxBufferedBytes: 2 * CHUNK_BYTES,
        });
        cache.reader = { entity: src.entity, next: keyOf(at), reader };
        return reader;
      };
      let position: TReadPosition | null = START_POSITION;
      while (position !== null) {
        const at: TReadPosition = position;
        const stepId = `chunk-${src.entity}-${at.from === null ? "" : `${at.from}-`}${at.offset}`;
        // One step = up to CHUNK_ROWS rows / CHUNK_BYTES from consecutive pages, written in one request: the checkpoint unit.
        const r: TPageResult = await step.run(stepId, async () => {
          const before = cache.counted ?? requestsOf(opts.ports);
          const reader = readerAt(at);
          const ids: string[] = [];
          const rows: string[] = [];
          let next: TReadPosition | null = at;
          let total = 0;
          let bytes = 0;
          let read = 0;
          let truncatedCells = 0;
          let maxU: string | null = null;
          while (next !== null && rows.length < chunkRows && bytes < CHUNK_BYTES) {
            const page = (await reader.next())!;
            for (const o of page.objects) {
              read++;
              truncatedCells += o.value.truncatedCells;
              for (let i = 0; i < o.value.rows.length; i++) {
                ids.push(o.value.ids[i]!);
                rows.push(o.value.rows[i]!);
              }
              bytes += o.value.bytes;
              if (o.value.updated && (!maxU || o.value.updated > maxU)) maxU = o.value.updated;
            }
            total = page.total;
            next = page.next;
          }
          cache.reader!.next = next ? keyOf(next) : "";
          const seen = (cache.seen ??= { objects: 0, rows: 0, total: 0 });
          seen.objects += read;
          seen.rows += rows.length;
          seen.total = Math.max(total, seen.objects);
          const res = plan.strategy === "upsert"
            ? await writeUpsert(plan, sheets, ids, rows, cache)
            : await writeAt(plan, sheets, plan.startRow + written, rows, cache);
          return { read, fetched: rows.length, ...res, truncatedCells, next, total, maxUpdated: maxU, requests: countRequests(cache, opts.ports, before) };
        });
        written += r.inserted;
        counters.read += r.read ?? 0;
        counters.fetched += r.fetched;
        counters.inserted += r.inserted;
        counters.updated += r.updated;
        counters.truncatedCells += r.truncatedCells;
        counters.requests += r.requests;
        counters.pages += 1;
        if (r.maxUpdated && (!maxUpdated || r.maxUpdated > maxUpdated)) maxUpdated = r.maxUpdated;
        // A checkpoint written before read positions existed carries `nextOffset`: continue from it.
        const legacy = (r as { nextOffset?: number | null }).nextOffset;
        position = r.next !== undefined ? r.next : typeof legacy === "number" ? { ...START_POSITION, offset: legacy } : null;
        const sourceShare = 1 / exporter.sources.length;
        const within = r.total > 0 && position ? Math.min(1, position.offset / r.total) : 1;
        await opts.tools.progress(Math.min(95, Math.round(5 + 90 * (si * sourceShare + within * sourceShare))), { ...counters });
      }
      cache.reader?.reader.close();
      cache.reader = undefined;
    }
    const fin = await step.run("finalize", async () => {
      const before = cache.counted ?? requestsOf(opts.ports);
      const f = await finalize(opts.companyId, opts.configId, plan, sheets, maxUpdated);
      return { deleted: f.deleted, finalRequests: countRequests(cache, opts.ports, before) };
    });
    counters.deleted = fin.deleted;
    counters.requests += fin.finalRequests ?? 0;
    if (counters.truncatedCells > 0) await opts.tools.log(`Обрезано ячеек длиннее 50 000 символов: ${counters.truncatedCells}`);
    await opts.tools.progress(100, { ...counters });
    return counters;
  } finally {
    cache.reader?.reader.close();
    runCaches.delete(opts.runId);
  }
}

async function attributesOf(exporter: TExporter, source: TSourcePort) {
  if (!exporter.attributes) return [];
  const lists = await Promise.all(exporter.sources.map((s) => source.attributes(s.entity)));
  const seen = new Map<string, (typeof lists)[number][number]>();
  for (const a of lists.flat()) if (!seen.has(a.id)) seen.set(a.id, a);
  return [...seen.values()];
}

/** Which directories the exporter's references point to (names resolved from an in-memory map). */
function directoriesOf(exporter: TExporter): string[] {
  const dirs = new Set(["organization", "store", "project", "employee"]);
  if (exporter.columns.some((c) => ["agent", "docAgent", "paymentAgent"].includes(c.key))) dirs.add("counterparty");
  for (const s of exporter.sources) dirs.add(`states:${s.entity}`);
  if (exporter.rows === "positions") dirs.add("assortment"); // the products of the rows, read once (source-port.ts)
  return [...dirs];
}

async function prepare(companyId: string, configId: string, runId: string, sheets: TSheetPort, source: TSourcePort, cache: TRunCache): Promise<TPlan> {
  const { config, settings, timezone } = await withTenant(companyId, async (tx) => ({
    config: await tx.exportConfig.findUnique({ where: { id: configId } }),
    settings: await tx.exportSettings.findFirst(),
    timezone: (await tx.company.findUnique({ where: { id: companyId }, select: { timezone: true } }))?.timezone ?? "Europe/Moscow",
  }));
  if (!config) throw new AppError("PRECONDITION_FAILED", "Настройка выгрузки удалена");
  if (!settings) throw new AppError("PRECONDITION_FAILED", "Не указана Google Таблица для выгрузок");
  const exporter = getExporter(config.exporter);
  if (!exporter) throw new AppError("PRECONDITION_FAILED", `Неизвестная выгрузка ${config.exporter}`);

  // The directory names start loading now, while the sheet is prepared (the rate limiter paces both).
  if (!cache.directory) {
    cache.directory = source.loadDirectory(directoriesOf(exporter));
    cache.directory.catch(() => {}); // awaited (and its error raised) after this step
  }
  cache.attributes ??= attributesOf(exporter, source);
  cache.attributes.catch(() => {});
  const [attributes, book] = await Promise.all([cache.attributes, sheets.spreadsheet()]);
  const columns = discoverSchema(exporter, attributes, config.columns);
  const syncedAt = config.strategy === "append" ? toSheetSerial(new Date(), timezone) : null;
  const header = headerRow(columns, { syncedAt: syncedAt !== null });
  const formats = columnFormats(columns, { syncedAt: syncedAt !== null });
  const existing = book.sheets.find((s) => s.title === config.sheetName) ?? null;

  // Leftovers of an earlier failed replace are removed; the visible sheet is never touched by them.
  for (const s of book.sheets) {
    if (s.title.startsWith(`~${config.sheetName.slice(0, 80)} `) && s.hidden) await sheets.deleteSheet(s.sheetId);
  }

  let write: TSheetInfo;
  let startRow = 2;
  // The sheet is filled in full (no incremental read) when it is new or its columns changed.
  let rebuild = !existing;
  if (config.strategy === "replace") {
    write = await sheets.addSheet(tempTitle(config.sheetName, runId), { hidden: true, rowCount: 1000, columnCount: header.length });
  } else {
    write = existing ?? (await sheets.addSheet(config.sheetName, { hidden: false, rowCount: 1000, columnCount: header.length }));
    if (existing) {
      // Another column choice (or new custom attributes): old rows would sit under the wrong headers.
      const old = await sheets.readHeader(config.sheetName);
      if (old.length > 0 && (old.length !== header.length || old.some((h, i) => h !== header[i]))) {
        if (existing.rowCount > 1) await sheets.clearData(config.sheetName, header.length, old.length);
        rebuild = true;
      }
    }
    if (config.strategy === "append" && !rebuild) startRow = Math.max(2, (await sheets.readColumnA(config.sheetName)).length + 1);
  }
  await sheets.ensureRows(write, 1, header.length);
  await Promise.all([sheets.writeBlocks(write.title, [{ startRow: 1, rows: [header] }]), sheets.hideColumnA(write.sheetId, formats, header.length)]);

  return {
    exporter: exporter.slug,
    strategy: config.strategy,
    sheetTitle: config.sheetName,
    writeTitle: write.title,
    writeSheetId: write.sheetId,
    oldSheetId: config.strategy === "replace" ? existing?.sheetId ?? null : null,
    startRow,
    rebuilt: rebuild && !!existing,
    // The filter has one-second precision while `updated` has milliseconds: append drops the rows it already
    // wrote (updated ≤ cursor) so nothing is appended twice; upsert re-reads the boundary second harmlessly.
    // A sheet deleted since the last run is created again and filled in full (an incremental read would leave
    // it with only the latest changes); so is a sheet whose columns changed.
    updatedFrom: config.incremental && config.strategy !== "replace" && config.cursor && !rebuild ? formatMsMoment(config.cursor) : null,
    skipUpToMs: config.strategy !== "replace" && config.incremental && config.cursor && !rebuild ? config.cursor.getTime() : null,
    startedAt: formatMsMoment(new Date()),
    syncedAt,
    columnKeys: config.columns,
    formats,
    timezone,
    headerLength: header.length,
  };
}

/** Grows the target sheet to `lastRow` rows, refusing first when the spreadsheet would pass 10M cells. */
async function ensureCapacity(sheets: TSheetPort, plan: TPlan, lastRow: number, cache: TRunCache): Promise<void> {
  if (!cache.grid) {
    const book = await sheets.spreadsheet();
    const target = book.sheets.find((s) => s.sheetId === plan.writeSheetId);
    if (!target) throw new AppError("PRECONDITION_FAILED", `Лист «${plan.sheetTitle}» удалён во время выгрузки. Запустите выгрузку снова: лист будет создан заново и заполнен целиком`);
    const otherCells = book.sheets.filter((s) => s.sheetId !== target.sheetId).reduce((n, s) => n + s.rowCount * s.columnCount, 0);
    cache.grid = { rows: target.rowCount, otherCells };
  }
  if (lastRow <= cache.grid.rows) return;
  // Grown once to the expected final size (the rows per object so far × the objects still to come, +2 %),
  // not step by step: each growth is a write request against the per-minute quota.
  const seen = cache.seen;
  const expected = seen && seen.objects > 0 ? Math.ceil(lastRow + ((seen.total - seen.objects) * seen.rows / seen.objects) * 1.02) : 0;
  const rows = Math.max(lastRow, Math.ceil(cache.grid.rows * 1.5), expected);
  const needed = cache.grid.otherCells + lastRow * plan.headerLength;
  if (needed > maxSpreadsheetCells) {
    const fmt = (n: number) => n.toLocaleString("ru-RU");
    throw new AppError("PRECONDITION_FAILED",
      `В Google Таблице не хватит места: понадобится ${fmt(needed)} ячеек при пределе ${fmt(maxSpreadsheetCells)} ` +
      `(лист «${plan.sheetTitle}»: ${fmt(lastRow)} строк × ${fmt(plan.headerLength)} столбцов = ${fmt(lastRow * plan.headerLength)}, остальные листы: ${fmt(cache.grid.otherCells)}). ` +
      (plan.strategy === "replace" ? "Лист не изменён: прежние данные на месте. " : "Строки сверх предела не записаны. ") +
      "Выберите другую таблицу, отключите лишние столбцы или удалите ненужные листы");
  }
  const grow = Math.min(rows, Math.floor((maxSpreadsheetCells - cache.grid.otherCells) / plan.headerLength));
  await sheets.ensureRows({ sheetId: plan.writeSheetId, title: plan.writeTitle, hidden: false, rowCount: cache.grid.rows, columnCount: plan.headerLength }, grow, plan.headerLength, plan.formats);
  cache.grid.rows = grow;
}

/** A row as the JSON array of a values request: an empty cell (null) is sent as "" so it clears the cell (null would leave it as it was). */
function rowJson(cells: TCell[]): string {
  for (let i = 0; i < cells.length; i++) if (cells[i] === null || cells[i] === undefined) cells[i] = "";
  return JSON.stringify(cells);
}

async function writeAt(plan: TPlan, sheets: TSheetPort, startRow: number, rows: string[], cache: TRunCache): Promise<{ inserted: number; updated: number }> {
  if (rows.length === 0) return { inserted: 0, updated: 0 };
  await ensureCapacity(sheets, plan, startRow + rows.length - 1, cache);
  await sheets.writeBlocks(plan.writeTitle, [{ startRow, width: plan.headerLength, rowsJson: rows }]);
  return { inserted: rows.length, updated: 0 };
}

/**
 * The upsert index key of an external id: UUIDs (MoySklad ids; `<document>:<row>` for positions) packed
 * two hex digits per character into a flat one-byte string — ~1/2.5 of the memory of the id as built
 * (a concatenation keeps its parts): 500k positions ≈ 40 MB instead of ~150 MB. Other ids stay as they are.
 */
export function indexKey(id: string): string {
  const packed = packUuids(id);
  if (packed !== null) return packed;
  return Buffer.from(`=${id}`).toString(); // flat copy, not a rope
}

/** Value of a lowercase hex digit, or -1. */
function hexValue(code: number): number {
  if (code >= 48 && code <= 57) return code - 48;
  if (code >= 97 && code <= 102) return code - 87;
  return -1;
}

/** "#" + the bytes of `uuid(:uuid)*` (lowercase, dashed), or null when `id` is not that. */
function packUuids(id: string): string | null {
  const parts = (id.length + 1) / 37;
  if (!Number.isInteger(parts) || parts < 1) return null;
  const codes: number[] = [35]; // "#"
  for (let p = 0; p < parts; p++) {
    const base = p * 37;
    if (p > 0 && id.charCodeAt(base - 1) !== 58) return null; // ":"
    let hi = -1;
    for (let i = 0; i < 36; i++) {
      const code = id.charCodeAt(base + i);
      if (i === 8 || i === 13 || i === 18 || i === 23) {
        if (code !== 45) return null; // "-"
        continue;
      }
      const v = hexValue(code);
      if (v < 0) return null;
      if (hi < 0) hi = v;
      else {
        codes.push(hi * 16 + v);
        hi = -1;
      }
    }
  }
  return String.fromCharCode(...codes); // one flat string (`+=` would keep a rope of 33 pieces)
}

async function writeUpsert(plan: TPlan, sheets: TSheetPort, ids: string[], rows: string[], cache: TRunCache) {
  if (!cache.index) {
    const ids = await sheets.readColumnA(plan.writeTitle);
    cache.index = new Map();
    ids.forEach((id, i) => { if (i > 0 && id) cache.index!.set(indexKey(id), i + 1); });
    cache.nextRow = Math.max(2, ids.length + 1);
  }
  const index = cache.index;
  let inserted = 0;
  let updated = 0;
  const placed: { row: number; json: string }[] = [];
  for (let i = 0; i < rows.length; i++) {
    const id = indexKey(ids[i]!);
    let at = index.get(id);
    if (at) updated++;
    else {
      at = cache.nextRow!++;
      index.set(id, at);
      inserted++;
    }
    placed.push({ row: at, json: rows[i]! });
  }
  if (placed.length === 0) return { inserted, updated };
  // A fresh sheet gets its rows in order: one block, no sorting.
  let sorted = true;
  for (let i = 1; i < placed.length && sorted; i++) sorted = placed[i - 1]!.row < placed[i]!.row;
  if (!sorted) placed.sort((a, b) => a.row - b.row);
  const blocks: { startRow: number; width: number; rowsJson: string[] }[] = [];
  for (const p of placed) {
    const last = blocks[blocks.length - 1];
    if (last && last.startRow + last.rowsJson.length === p.row) last.rowsJson.push(p.json);
    else blocks.push({ startRow: p.row, width: plan.headerLength, rowsJson: [p.json] });
  }
  await ensureCapacity(sheets, plan, cache.nextRow! - 1, cache);
  await sheets.writeBlocks(plan.writeTitle, blocks);
  return { inserted, updated };
}

async function finalize(companyId: string, configId: string, plan: TPlan, sheets: TSheetPort, maxUpdated: string | null): Promise<{ deleted: number }> {
  let deleted = 0;
  if (plan.strategy === "replace") {
    // The rows of the old sheet are gone with it (counted as deleted; the new sheet's rows as inserted).
    if (plan.oldSheetId !== null) {
      deleted = Math.max(0, (await sheets.readColumnA(plan.sheetTitle)).length - 1);
      await sheets.deleteSheet(plan.oldSheetId);
    }
    await sheets.renameAndShow(plan.writeSheetId, plan.sheetTitle);
  }
  // A document changed while this run was paging may have been read before its change: never move the
  // cursor past the run's start, so the next incremental run picks such changes up.
  const seen = maxUpdated ? parseMsMoment(maxUpdated) : null;
  const started = parseMsMoment(plan.startedAt)!;
  const cursor = seen ? new Date(Math.min(seen.getTime(), started.getTime())) : null;
  await withTenant(companyId, (tx) => tx.exportConfig.update({
    where: { id: configId },
    data: { lastRunAt: new Date(), lastStatus: "succeeded", lastError: null, ...(cursor ? { cursor } : {}) },
  }));
  return { deleted };
}
