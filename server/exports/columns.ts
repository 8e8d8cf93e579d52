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

/** MoySklad timestamps are Moscow time without an offset. */
export function parseMsMoment(value: unknown): Date | null {
  if (typeof value !== "string" || !value) return null;
  const iso = value.replace(" ", "T");
  const d = new Date(/[zZ]|[+-]\d\d:\d\d$/.test(iso) ? iso : `${iso}${MOSCOW_OFFSET}`);
  return Number.isNaN(d.getTime()) ? null : d;
}

export function formatMsMoment(d: Date): string {
  const moscow = new Date(d.getTime() + 3 * 3600_000);
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
/**
 * A moment as a spreadsheet date value: days since 1899-12-30 of the wall-clock time in `timezone`
 * (Sheets dates carry no zone), rounded to the second. With a DATE_TIME number format it shows as a date.
 */
export function toSheetSerial(d: Date, timezone: string): number {
  const [date, time] = formatDateTime(d, timezone).split(" ");
  const [y, m, day] = date!.split("-").map(Number);
  const [hh, mm, ss] = time!.split(":").map(Number);
  return (Date.UTC(y!, m! - 1, day!, hh!, mm!, ss!) - SERIAL_EPOCH_MS) / 86_400_000;
}

export const MAX_CELL_CHARS = 50_000;
export const TRUNCATED_MARK = "…[обрезано]";

/** Converts a raw value into a cell of the column's type; over-long text is cut and marked. */
export function toCell(value: unknown, type: TCellType, timezone: string): { cell: TCell; truncated: boolean } {
  if (value === undefined || value === null || value === "") return { cell: null, truncated: false };
  switch (type) {
    case "money": {
      const n = Number(value);
      return { cell: Number.isFinite(n) ? Math.round(n) / 100 : null, truncated: false };
    }
    case "number": {
      const n = Number(value);
      return { cell: Number.isFinite(n) ? n : null, truncated: false };
    }
    case "bool":
      return { cell: value === true || value === "true" ? "Да" : "Нет", truncated: false };
    case "datetime": {
      const d = value instanceof Date ? value : parseMsMoment(value);
      return { cell: d ? toSheetSerial(d, timezone) : null, truncated: false };
    }
    default: {
      const s = typeof value === "string" ? value : typeof value === "object" ? JSON.stringify(value) : String(value);
      if (s.length > MAX_CELL_CHARS) return { cell: s.slice(0, MAX_CELL_CHARS - TRUNCATED_MARK.length) + TRUNCATED_MARK, truncated: true };
      return { cell: s, truncated: false };
    }
  }
}

// ── column builders ──────────────────────────────────────────────────────────────────────────────
const field = (key: string, header: string, type: TCellType = "string", path: string = key): TColumn => ({
  key, header, type, get: (row) => path.split(".").reduce<unknown>((v, k) => (v && typeof v === "object" ? (v as Record<string, unknown>)[k] : undefined), row),
});
/** An expanded reference carries its name; otherwise the engine's directory cache resolves the href. */
export function nameOf(value: unknown, ctx: TTransformContext): string | null {
  const inline = (value as TMsRef | null | undefined)?.name;
  return typeof inline === "string" ? inline : ctx.refName(value);
}
const ref = (key: string, header: string): TColumn => ({ key, header, type: "string", get: (row, ctx) => nameOf(row[key], ctx) });
const parentField = (key: string, header: string, type: TCellType, path: string): TColumn => ({
  key, header, type, get: (_row, ctx) => (ctx.parent ? field(path, header, type).get(ctx.parent, ctx) : null),
});
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
