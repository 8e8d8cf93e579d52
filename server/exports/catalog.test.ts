import { describe, expect, it } from "vitest";
import { EXPORTERS, AREA_LABELS, explodeRows } from "./catalog";
import { formatDateTime, parseMsMoment, toCell, toSheetSerial, MAX_CELL_CHARS, TRUNCATED_MARK, type TMsRow } from "./columns";
import { columnFormats, discoverSchema, headerRow, transformObjects } from "./transform";

/** 2026-03-01 12:00 as a spreadsheet date value (days since 1899-12-30). */
const MAR_1_NOON = 46082.5;

const SEED_SLUGS = [
  "orders", "order_positions", "sales", "sales_positions", "customer_invoices", "customer_invoice_positions", "payments",
  "paid_documents", "supplier_orders", "supplier_order_positions", "supplier_invoices", "supplier_invoice_positions", "receipts",
  "receipt_positions", "returns", "return_positions", "supplier_returns", "supplier_return_positions", "moves", "move_positions",
  "writeoffs_inventory", "writeoff_inventory_positions", "production_tasks", "production_techmaps", "contractor_reports",
  "contractor_report_positions", "payouts_deposits", "counterparties", "assortment",
];

const ref = (type: string, id: string) => ({ meta: { href: `https://api.moysklad.ru/api/remap/1.2/entity/${type}/${id}`, type } });
const names: Record<string, string> = { a1: "ООО «Вектор»", o1: "ООО «Ромашка»", s1: "Основной склад", st1: "Новый", e1: "Иванов И." };
const ctx = { timezone: "Asia/Yekaterinburg", source: "customerorder", refName: (r: unknown) => {
  const href = (r as { meta?: { href?: string } } | null)?.meta?.href;
  return href ? names[href.split("/").pop()!] ?? null : null;
} };

const order: TMsRow = {
  id: "d1", meta: { type: "customerorder" }, name: "00012", moment: "2026-03-01 10:00:00.000", created: "2026-03-01 09:00:00.000", updated: "2026-03-02 12:30:00.000",
  agent: ref("counterparty", "a1"), organization: ref("organization", "o1"), store: ref("store", "s1"), state: ref("state", "st1"), owner: ref("employee", "e1"),
  sum: 1234550, vatSum: 205758, payedSum: 100000, applicable: true, description: "Срочно",
  attributes: [{ id: "at1", name: "Источник", type: "string", value: "Сайт" }],
  positions: { meta: { size: 2 }, rows: [
    { id: "p1", quantity: 2, price: 150000, discount: 10, vat: 20, assortment: { ...ref("product", "x1"), name: "Кабель ВВГ 3×2.5", code: "K-1", article: "VVG325" } },
    { id: "p2", quantity: 1, price: 500, discount: 0, vat: 0, assortment: { ...ref("service", "x2"), name: "Доставка" } },
  ] },
};

describe("exporter catalog", () => {
  it("has exactly the 29 exporters of the seed, each with a Russian title, an area, a source and columns", () => {
    expect(EXPORTERS.map((e) => e.slug)).toEqual(SEED_SLUGS);
    for (const e of EXPORTERS) {
      expect(e.title).toMatch(/[а-яА-Я]/);
      expect(AREA_LABELS[e.area]).toBeDefined();
      expect(e.sources.length).toBeGreaterThan(0);
      expect(new Set(e.columns.map((c) => c.key)).size).toBe(e.columns.length);
      expect(new Set(e.columns.map((c) => c.header)).size).toBe(e.columns.length);
    }
  });

  it("explodes positions with composite external ids", () => {
    const rows = explodeRows(EXPORTERS.find((e) => e.slug === "order_positions")!, order);
    expect(rows.map((r) => r.externalId)).toEqual(["d1:p1", "d1:p2"]);
  });
});

describe("transform", () => {
  it("writes rubles, local dates, resolved names and attributes for a document", () => {
    const orders = EXPORTERS.find((e) => e.slug === "orders")!;
    const columns = discoverSchema(orders, [{ id: "at1", name: "Источник", type: "string" }], []);
    const header = headerRow(columns, { syncedAt: false });
    const { rows } = transformObjects(orders, columns, [order], ctx, {});
    const byHeader = Object.fromEntries(header.map((h, i) => [h, rows[0]!.cells[i]]));
    expect(byHeader).toMatchObject({
      external_id: "d1", "Номер": "00012", "Дата": MAR_1_NOON, "Контрагент": "ООО «Вектор»", "Организация": "ООО «Ромашка»",
      "Склад": "Основной склад", "Статус": "Новый", "Ответственный": "Иванов И.", "Сумма, ₽": 12345.5, "НДС, ₽": 2057.58,
      "Оплачено, ₽": 1000, "Проведён": true, "Комментарий": "Срочно", "Источник": "Сайт",
    });
  });

  it("writes position rows carrying their document's number and date", () => {
    const exporter = EXPORTERS.find((e) => e.slug === "order_positions")!;
    const columns = discoverSchema(exporter, [], []);
    const header = headerRow(columns, { syncedAt: true });
    const { rows } = transformObjects(exporter, columns, [order], ctx, { syncedAt: MAR_1_NOON + 2 - 2 / 24 });
    const first = Object.fromEntries(header.map((h, i) => [h, rows[0]!.cells[i]]));
    expect(first).toMatchObject({
      external_id: "d1:p1", "Номер документа": "00012", "Дата документа": MAR_1_NOON, "Товар / услуга": "Кабель ВВГ 3×2.5",
      "Код": "K-1", "Артикул": "VVG325", "Количество": 2, "Цена, ₽": 1500, "Скидка, %": 10, "Сумма, ₽": 2700, "Выгружено": MAR_1_NOON + 2 - 2 / 24,
    });
  });

  it("keeps only the selected columns, in catalog order", () => {
    const orders = EXPORTERS.find((e) => e.slug === "orders")!;
    expect(discoverSchema(orders, [], ["sum", "name"]).map((c) => c.key)).toEqual(["name", "sum"]);
  });

  it("truncates cells over 50,000 characters and marks them", () => {
    const { cell, truncated } = toCell("я".repeat(60_000), "string", "Europe/Moscow");
    expect(truncated).toBe(true);
    expect(String(cell).length).toBe(MAX_CELL_CHARS);
    expect(String(cell).endsWith(TRUNCATED_MARK)).toBe(true);
  });

  it("reads MoySklad's Moscow timestamps and renders them in the company timezone", () => {
    const d = parseMsMoment("2026-01-01 00:30:00.000")!;
    expect(d.toISOString()).toBe("2025-12-31T21:30:00.000Z");
    expect(formatDateTime(d, "Europe/Moscow")).toBe("2026-01-01 00:30:00");
    expect(formatDateTime(d, "Asia/Vladivostok")).toBe("2026-01-01 07:30:00");
  });

  it("writes dates as date values of the company's wall-clock time, money and quantities as numbers", () => {
    const d = parseMsMoment("2026-01-01 00:30:00.000")!;
    expect(toSheetSerial(d, "Europe/Moscow")).toBeCloseTo(46023 + 0.5 / 24, 9);
    expect(toSheetSerial(d, "Asia/Vladivostok")).toBeCloseTo(46023 + 7.5 / 24, 9);
    expect(toCell("2026-01-01 00:30:00.000", "datetime", "Europe/Moscow").cell).toBeCloseTo(46023 + 0.5 / 24, 9);
    expect(toCell(123456, "money", "Europe/Moscow").cell).toBe(1234.56);
    expect(toCell("2.5", "number", "Europe/Moscow").cell).toBe(2.5);
    expect(toCell("not a date", "datetime", "Europe/Moscow").cell).toBeNull();
  });

  it("computes date values arithmetically exactly as Intl does, across DST transitions and odd offsets", () => {
    // The reference: the wall clock by Intl for every cell (what toSheetSerial did before the offset cache).
    const reference = (ms: number, tz: string) => {
      const [date, time] = formatDateTime(new Date(ms), tz).split(" ");
      const [y, m, day] = date!.split("-").map(Number);
      const [hh, mm, ss] = time!.split(":").map(Number);
      return (Date.UTC(y!, m! - 1, day!, hh!, mm!, ss!) - Date.UTC(1899, 11, 30)) / 86_400_000;
    };
    const zones = ["Europe/Moscow", "Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "Asia/Kathmandu", "Europe/Samara", "UTC"];
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const moments: number[] = [];
    // Around the 2026 transitions (Europe 29.03 / 25.10, US 08.03 / 01.11, Lord Howe 05.04 / 04.10) and 2011 (Moscow's last change).
    for (const at of ["2026-03-29T01:00:00Z", "2026-10-25T01:00:00Z", "2026-03-08T07:00:00Z", "2026-11-01T06:00:00Z", "2026-04-04T15:00:00Z", "2026-10-03T15:30:00Z", "2011-03-26T23:00:00Z", "2014-10-25T22:00:00Z"]) {
      const t = Date.parse(at);
      for (let d = -7200_000; d <= 7200_000; d += 137_111) moments.push(t + d, t + d + 999);
      moments.push(t - 1, t, t + 1, t - 1000, t + 1000);
    }
    for (let i = 0; i < 2000; i++) moments.push(Math.floor(Date.UTC(1995, 0, 1) + random() * 40 * 365 * 86_400_000));
    for (const tz of zones) for (const ms of moments) expect(toSheetSerial(new Date(ms), tz), `${tz} ${new Date(ms).toISOString()}`).toBe(reference(ms, tz));
  });

  it("parses MoySklad moments arithmetically exactly as the Date parser does", () => {
    const reference = (v: string) => {
      const iso = v.replace(" ", "T");
      const t = new Date(/[zZ]|[+-]\d\d:\d\d$/.test(iso) ? iso : `${iso}+03:00`).getTime();
      return Number.isNaN(t) ? null : t;
    };
    const values = ["2026-01-01 00:30:00.000", "2026-01-01 00:30:00", "2024-02-29 23:59:59.999", "2023-02-29 10:00:00", "2026-13-01 00:00:00",
      "2026-04-31 00:00:00", "2026-01-01 24:00:00", "2026-01-01 12:60:00", "1899-12-31 23:00:00", "2026-01-01 00:30:00.5", "2026-01-01T00:30:00Z",
      "2026-01-01 00:30:00+05:00", "2026-1-01 00:30:00", "2026-01-01 00:30:0a", "not a date", "2000-02-29 00:00:00.001", "2100-02-29 00:00:00"];
    for (const v of values) expect(parseMsMoment(v)?.getTime() ?? null, v).toBe(reference(v));
  });

  it("writes yes/no fields as real booleans", () => {
    expect(toCell(true, "bool", "Europe/Moscow").cell).toBe(true);
    expect(toCell("true", "bool", "Europe/Moscow").cell).toBe(true);
    expect(toCell(false, "bool", "Europe/Moscow").cell).toBe(false);
    expect(toCell(undefined, "bool", "Europe/Moscow").cell).toBeNull();
  });

  it("gives every typed column a number format: dates, money, quantities (and the sync time)", () => {
    const exporter = EXPORTERS.find((e) => e.slug === "order_positions")!;
    const columns = discoverSchema(exporter, [], []);
    const header = headerRow(columns, { syncedAt: true });
    const byHeader = Object.fromEntries(columnFormats(columns, { syncedAt: true }).map((f) => [header[f.column], f.kind]));
    expect(byHeader).toMatchObject({ "Дата документа": "datetime", "Количество": "number", "Цена, ₽": "money", "Сумма, ₽": "money", "Выгружено": "datetime" });
    expect(byHeader["Номер документа"]).toBeUndefined();
    expect(byHeader.external_id).toBeUndefined();
  });
});
