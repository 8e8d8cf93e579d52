/**
 * Column model of the exporters: how a MoySklad row becomes a typed spreadsheet cell.
 * Money comes from MoySklad in kopecks and is written in rubles; dates are MoySklad's Moscow time
 * ("YYYY-MM-DD HH:mm:ss.SSS") rendered in the company's timezone; references become names.
 */
export type TMsRef = { meta?: { href?: string; type?: string }; name?: string } & Record<string, unknown>;
export type TMsRow = Record<string, unknown> & { id?: string; meta?: { href?: string; type?: string } };

export type TCellType = "string" | "number" | "money" | "datetime" | "bool";
export type TCell = string | number | boolean | null;

export type TTransformContext = {
  timezone: string;
  /** Name of a referenced object by its href (directories are preloaded by the engine). */
  refName: (ref: unknown) => string | null;
  /** The document a position row belongs to. */
  parent?: TMsRow;
  /** Which endpoint the row came from (for exporters reading several entities). */
  source: string;
};

export type TColumn = {
  key: string;
  header: string;
  type: TCellType;
  get: (row: TMsRow, ctx: TTransformContext) => unknown;
};

const MOSCOW_OFFSET = "+03:00";
const MOSCOW_OFFSET_MS = 3 * 3600_000;
const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Digits of `s` from `from` to `to` (exclusive) as a number, or -1 if any is not a digit. */
function digits(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n;
}

/**
 * Epoch milliseconds of a MoySklad moment (Moscow time without an offset), or null. The API's own shape
 * "YYYY-MM-DD HH:mm:ss[.SSS]" is read arithmetically (the hot path: three dates per exported row); anything
 * else (an explicit offset, odd precision, out-of-range fields) goes through the Date parser as before.
 */
export function parseMsMomentMs(value: unknown): number | null {
  if (typeof value !== "string" || !value) return null;
  const len = value.length;
  if ((len === 19 || len === 23) && value.charCodeAt(4) === 45 && value.charCodeAt(7) === 45 && value.charCodeAt(10) === 32 &&
    value.charCodeAt(13) === 58 && value.charCodeAt(16) === 58 && (len === 19 || value.charCodeAt(19) === 46)) {
    const y = digits(value, 0, 4), mo = digits(value, 5, 7), d = digits(value, 8, 10);
    const h = digits(value, 11, 13), mi = digits(value, 14, 16), sec = digits(value, 17, 19);
    const ms = len === 23 ? digits(value, 20, 23) : 0;
    if (y >= 1900 && mo >= 1 && mo <= 12 && d >= 1 && d <= DAYS_IN_MONTH[mo - 1]! && (mo !== 2 || d <= 28 || (y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0))) &&
      h >= 0 && h <= 23 && mi >= 0 && mi <= 59 && sec >= 0 && sec <= 59 && ms >= 0) {
      return Date.UTC(y, mo - 1, d, h, mi, sec, ms) - MOSCOW_OFFSET_MS;
    }
  }
  const iso = value.replace(" ", "T");
  const t = new Date(/[zZ]|[+-]\d\d:\d\d$/.test(iso) ? iso : `${iso}${MOSCOW_OFFSET}`).getTime();
  return Number.isNaN(t) ? null : t;
}

/** MoySklad timestamps are Moscow time without an offset. */
export function parseMsMoment(value: unknown): Date | null {
  const t = parseMsMomentMs(value);
  return t === null ? null : new Date(t);
}

export function formatMsMoment(d: Date): string {
  const moscow = new Date(d.getTime() + MOSCOW_OFFSET_MS);
  return moscow.toISOString().replace("T", " ").replace("Z", "").slice(0, 19);
}

const formatters = new Map<string, Intl.DateTimeFormat>();
/** "2026-11-23 14:05:00" in the given timezone: sortable, and Sheets reads it as a date (USER_ENTERED). */
export function formatDateTime(d: Date, timezone: string): string {
  let f = formatters.get(timezone);
  if (!f) {
    f = new Intl.DateTimeFormat("sv-SE", { timeZone: timezone, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23" });
    formatters.set(timezone, f);
  }
  return f.format(d);
}

const SERIAL_EPOCH_MS = Date.UTC(1899, 11, 30);
const HOUR_MS = 3600_000;
/** Wall-clock time in `timezone` of a moment, as UTC milliseconds, truncated to the second (via Intl). */
function wallClockMs(ms: number, timezone: string): number {
  const [date, time] = formatDateTime(new Date(ms), timezone).split(" ");
  const [y, m, day] = date!.split("-").map(Number);
  const [hh, mm, ss] = time!.split(":").map(Number);
  return Date.UTC(y!, m! - 1, day!, hh!, mm!, ss!);
}
/**
 * UTC offset of `timezone` per hour since the epoch (NaN: the offset changes within that hour). Zone
 * transitions fall on whole seconds and at most one per hour, so an hour whose first and last second have
 * the same offset has it throughout: Intl runs twice per distinct hour instead of once per cell.
 */
const hourOffsets = new Map<string, Map<number, number>>();
const MIN_FAST_MS = Date.UTC(1900, 0, 1);
const MAX_FAST_MS = Date.UTC(2200, 0, 1);
function offsetOfHour(hour: number, timezone: string): number {
  let offsets = hourOffsets.get(timezone);
  if (!offsets) hourOffsets.set(timezone, (offsets = new Map()));
  let off = offsets.get(hour);
  if (off === undefined) {
    const start = hour * HOUR_MS, last = start + HOUR_MS - 1000;
    const a = wallClockMs(start, timezone) - start;
    off = wallClockMs(last, timezone) - last === a ? a : NaN;
    if (offsets.size >= 200_000) offsets.clear();
    offsets.set(hour, off);
  }
  return off;
}

/** toSheetSerial of epoch milliseconds. */
export function toSheetSerialMs(ms: number, timezone: string): number {
  let wall = NaN;
  if (ms >= MIN_FAST_MS && ms < MAX_FAST_MS) {
    const off = offsetOfHour(Math.floor(ms / HOUR_MS), timezone);
    if (!Number.isNaN(off)) wall = Math.floor((ms + off) / 1000) * 1000;
  }
  if (Number.isNaN(wall)) wall = wallClockMs(ms, timezone);
  return (wall - SERIAL_EPOCH_MS) / 86_400_000;
}

/**
 * A moment as a spreadsheet date value: days since 1899-12-30 of the wall-clock time in `timezone`
 * (Sheets dates carry no zone), rounded to the second. With a DATE_TIME number format it shows as a date.
 */
export function toSheetSerial(d: Date, timezone: string): number {
  return toSheetSerialMs(d.getTime(), timezone);
}

export const MAX_CELL_CHARS = 50_000;
export const TRUNCATED_MARK = "…[обрезано]";

/** Set by cellOf when it cut an over-long text (read right after the call; avoids an object per cell). */
let lastTruncated = false;
export const cellWasTruncated = () => lastTruncated;

/** Converts a raw value into a cell of the column's type (the hot path of toCell; see cellWasTruncated). */
export function cellOf(value: unknown, type: TCellType, timezone: string): TCell {
  lastTruncated = false;
  if (value === undefined || value === null || value === "") return null;
  switch (type) {
    case "money": {
      const n = typeof value === "number" ? value : Number(value);
      return Number.isFinite(n) ? Math.round(n) / 100 : null;
    }
    case "number": {
      const n = typeof value === "number" ? value : Number(value);
      return Number.isFinite(n) ? n : null;
    }
    case "bool":
      // A real boolean: with RAW input Sheets stores TRUE/FALSE (filters and formulas work on it).
      return value === true || value === "true";
    case "datetime": {
      const t = value instanceof Date ? value.getTime() : parseMsMomentMs(value);
      return t === null || Number.isNaN(t) ? null : toSheetSerialMs(t, timezone);
    }
    default: {
      const s = typeof value === "string" ? value : typeof value === "object" ? JSON.stringify(value) : String(value);
      if (s.length > MAX_CELL_CHARS) {
        lastTruncated = true;
        return s.slice(0, MAX_CELL_CHARS - TRUNCATED_MARK.length) + TRUNCATED_MARK;
      }
      return s;
    }
  }
}

/** Converts a raw value into a cell of the column's type; over-long text is cut and marked. */
export function toCell(value: unknown, type: TCellType, timezone: string): { cell: TCell; truncated: boolean } {
  const cell = cellOf(value, type, timezone);
  return { cell, truncated: lastTruncated };
}

// ── column builders ──────────────────────────────────────────────────────────────────────────────
/** A getter of a (dotted) path, split once: it runs for every cell of the column. */
function pathGetter(path: string): (row: Record<string, unknown>) => unknown {
  const parts = path.split(".");
  if (parts.length === 1) return (row) => row[path];
  return (row) => {
    let v: unknown = row;
    for (const k of parts) v = v && typeof v === "object" ? (v as Record<string, unknown>)[k] : undefined;
    return v;
  };
}
const field = (key: string, header: string, type: TCellType = "string", path: string = key): TColumn => {
  const get = pathGetter(path);
  return { key, header, type, get: (row) => get(row) };
};
/** An expanded reference carries its name; otherwise the engine's directory cache resolves the href. */
export function nameOf(value: unknown, ctx: TTransformContext): string | null {
  const inline = (value as TMsRef | null | undefined)?.name;
  return typeof inline === "string" ? inline : ctx.refName(value);
}
const ref = (key: string, header: string): TColumn => ({ key, header, type: "string", get: (row, ctx) => nameOf(row[key], ctx) });
const parentField = (key: string, header: string, type: TCellType, path: string): TColumn => {
  const get = pathGetter(path);
  return { key, header, type, get: (_row, ctx) => (ctx.parent ? get(ctx.parent) : null) };
};
const parentRef = (key: string, header: string, path: string): TColumn => ({
  key, header, type: "string", get: (_row, ctx) => (ctx.parent ? nameOf(ctx.parent[path], ctx) : null),
});

export const col = { field, ref, parentField, parentRef };

/** Columns every document exporter has. */
export function documentColumns(extra: TColumn[] = [], opts: { store?: boolean; agent?: boolean } = {}): TColumn[] {
  return [
    field("name", "Номер"),
    field("moment", "Дата", "datetime"),
    ...(opts.agent === false ? [] : [ref("agent", "Контрагент")]),
    ref("organization", "Организация"),
    ...(opts.store === false ? [] : [ref("store", "Склад")]),
    ref("project", "Проект"),
    ref("state", "Статус"),
    ref("owner", "Ответственный"),
    field("sum", "Сумма, ₽", "money"),
    field("vatSum", "НДС, ₽", "money"),
    ...extra,
    field("applicable", "Проведён", "bool"),
    field("description", "Комментарий"),
    field("created", "Создан", "datetime"),
    field("updated", "Изменён", "datetime"),
  ];
}

/** Columns of a positions exporter: the document's number and date, then the line item. */
export function positionColumns(opts: { agent?: boolean; extra?: TColumn[] } = {}): TColumn[] {
  return [
    parentField("docName", "Номер документа", "string", "name"),
    parentField("docMoment", "Дата документа", "datetime", "moment"),
    ...(opts.agent === false ? [] : [parentRef("docAgent", "Контрагент", "agent")]),
    { key: "assortment", header: "Товар / услуга", type: "string", get: (row, ctx) => nameOf(row.assortment, ctx) },
    field("assortmentCode", "Код", "string", "assortment.code"),
    field("assortmentArticle", "Артикул", "string", "assortment.article"),
    field("quantity", "Количество", "number"),
    field("price", "Цена, ₽", "money"),
    field("discount", "Скидка, %", "number"),
    field("vat", "НДС, %", "number"),
    {
      key: "total", header: "Сумма, ₽", type: "money",
      get: (row) => {
        const q = Number(row.quantity ?? 0), p = Number(row.price ?? 0), disc = Number(row.discount ?? 0);
        return Math.round(q * p * (1 - disc / 100));
      },
    },
    ...(opts.extra ?? []),
  ];
}
