/**
 * discoverSchema + transform of the exporter contract: which columns a sheet gets, and how fetched
 * MoySklad objects become rows. Pure functions (no I/O), so they are tested on fixture data.
 */
import { cellOf, cellWasTruncated, type TCell, type TCellType, type TColumn, type TMsRow, type TTransformContext } from "./columns";
import { explodeRows, type TExporter } from "./catalog";
import type { TColumnFormat } from "./ports";

export const EXTERNAL_ID_HEADER = "external_id";
export const SYNCED_AT_HEADER = "Выгружено";

export type TAttributeMeta = { id: string; name: string; type: string };

const ATTRIBUTE_TYPES: Record<string, TCellType> = {
  long: "number", double: "number", boolean: "bool", time: "datetime",
};

/** Custom attributes become extra columns after the base ones (value of a reference attribute: its name). */
export function attributeColumns(attrs: TAttributeMeta[]): TColumn[] {
  return attrs.map((a) => ({
    key: `attr:${a.id}`,
    header: a.name,
    type: ATTRIBUTE_TYPES[a.type] ?? "string",
    get: (row: TMsRow, ctx: TTransformContext) => {
      const found = (row.attributes as { id?: string; value?: unknown }[] | undefined)?.find((x) => x.id === a.id);
      const v = found?.value;
      return v && typeof v === "object" ? ((v as { name?: string }).name ?? ctx.refName(v)) : v;
    },
  }));
}

/** The columns of a sheet: the exporter's, then its custom attributes, filtered by the admin's choice. */
export function discoverSchema(exporter: TExporter, attrs: TAttributeMeta[], selected: string[]): TColumn[] {
  const all = [...exporter.columns, ...(exporter.attributes ? attributeColumns(attrs) : [])];
  if (selected.length === 0) return all;
  const keep = new Set(selected);
  const chosen = all.filter((c) => keep.has(c.key));
  return chosen.length ? chosen : all;
}

export function headerRow(columns: TColumn[], opts: { syncedAt: boolean }): string[] {
  return [EXTERNAL_ID_HEADER, ...columns.map((c) => c.header), ...(opts.syncedAt ? [SYNCED_AT_HEADER] : [])];
}

/** Number formats of the typed columns of a header built by headerRow (column 0 is external_id). */
export function columnFormats(columns: TColumn[], opts: { syncedAt: boolean }): TColumnFormat[] {
  const out: TColumnFormat[] = [];
  columns.forEach((c, i) => {
    if (c.type === "datetime" || c.type === "money" || c.type === "number") out.push({ column: i + 1, kind: c.type });
  });
  if (opts.syncedAt) out.push({ column: columns.length + 1, kind: "datetime" });
  return out;
}

export type TTransformed = { externalId: string; cells: TCell[]; updated: string | null };

/**
 * A run's row maker: one fetched object → its rows `[external_id, ...typed cells, (sync time)]`, handed to
 * `emit` as they are made; returns the number of truncated cells. Column getters and types are looked up
 * once per run, not per object (the maker runs for every object of every page).
 */
export function createRowMaker(
  exporter: TExporter,
  columns: TColumn[],
  ctx: Omit<TTransformContext, "parent">,
  /** The sync time of an append run, as a sheet date value. */
  opts: { syncedAt?: number },
): (obj: TMsRow, emit: (externalId: string, cells: TCell[]) => void) => number {
  const { timezone } = ctx;
  const n = columns.length;
  const types = columns.map((c) => c.type);
  const getters = columns.map((c) => c.get);
  const syncedAt = opts.syncedAt;
  // One context per parent (documents have none): not a copy per row.
  let rowCtx: TTransformContext = { ...ctx, parent: undefined };
  return (obj, emit) => {
    let truncatedCells = 0;
    for (const { row, parent, externalId } of explodeRows(exporter, obj)) {
      if (rowCtx.parent !== parent) rowCtx = { ...ctx, parent };
      const cells: TCell[] = new Array(n + (syncedAt !== undefined ? 2 : 1));
      cells[0] = externalId;
      for (let i = 0; i < n; i++) {
        cells[i + 1] = cellOf(getters[i]!(row, rowCtx), types[i]!, timezone);
        if (cellWasTruncated()) truncatedCells++;
      }
      if (syncedAt !== undefined) cells[n + 1] = syncedAt;
      emit(externalId, cells);
    }
    return truncatedCells;
  };
}

/** Fetched objects → rows: [external_id, ...typed cells, (sync time)]. Counts truncated cells. */
export function transformObjects(
  exporter: TExporter,
  columns: TColumn[],
  objects: TMsRow[],
  ctx: Omit<TTransformContext, "parent">,
  /** The sync time of an append run, as a sheet date value. */
  opts: { syncedAt?: number },
): { rows: TTransformed[]; truncatedCells: number } {
  let truncatedCells = 0;
  const rows: TTransformed[] = [];
  const make = createRowMaker(exporter, columns, ctx, opts);
  for (const obj of objects) {
    const updated = typeof obj.updated === "string" ? obj.updated : null;
    truncatedCells += make(obj, (externalId, cells) => rows.push({ externalId, cells, updated }));
  }
  return { rows, truncatedCells };
}
