import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createSpreadsheet } from "./admin";
import { applyBatchUpdate } from "./batch-update";
import { startGoogleSheetsSandbox, type TGoogleSheetsSandbox } from "./testing";
import { appendValues, getValues, updateValues } from "./values";

/** The simulator's admin API, HTML view and scale (the API itself is tested through the client). */

let sb: TGoogleSheetsSandbox;
const admin = (path: string, init?: RequestInit) => fetch(`${sb.sim.url}/__sandbox${path}`, init);
const post = (path: string, body: unknown) =>
  admin(path, { method: "POST", body: JSON.stringify(body), headers: { "content-type": "application/json" } });

beforeAll(async () => {
  sb = await startGoogleSheetsSandbox();
});
afterAll(() => sb.stop());
beforeEach(() => sb.sim.reset());

describe("admin API", () => {
  it("creates a spreadsheet with values, dumps it, shares it, deletes it; duplicate ids are 409", async () => {
    const created = await post("/spreadsheets", {
      spreadsheetId: "1Demo",
      title: "Демо",
      sheets: [{ title: "Товары", values: [["Название", "Цена"], ["Чай", 120]] }, { title: "Служебный", hidden: true }],
    });
    expect(created.status).toBe(201);
    expect(await created.json()).toMatchObject({ spreadsheetId: "1Demo", sharedWith: [], sheets: [{ title: "Товары" }, { hidden: true }] });
    expect((await post("/spreadsheets", { spreadsheetId: "1Demo" })).status).toBe(409);

    expect(await (await post("/spreadsheets/1Demo/share", { email: sb.clientEmail })).json()).toEqual({ sharedWith: [sb.clientEmail], readers: [] });
    const dump = await (await admin("/spreadsheets/1Demo")).json();
    expect(dump.sheets[0]).toMatchObject({ title: "Товары", rowCount: 1000, columnCount: 26, values: [["Название", "Цена"], ["Чай", 120]] });
    expect((await admin("/spreadsheets")).ok).toBe(true);

    expect((await admin("/spreadsheets/1Demo", { method: "DELETE" })).status).toBe(200);
    expect((await admin("/spreadsheets/1Demo")).status).toBe(404);
  });

  it("settings, faults and counters", async () => {
    expect(await (await post("/settings", { timeScale: 0.5 })).json()).toMatchObject({ timeScale: 0.5, readRequestsPerMinute: 60, maxCells: 10_000_000 });
    expect(await (await post("/faults", { status: 503, times: 2, kind: "write" })).json()).toEqual([{ status: 503, times: 2, kind: "write" }]);
    const res = await fetch(`${sb.sim.url}/v4/spreadsheets/x/values:batchClear`, { method: "POST", body: "{}" });
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ error: { code: 503, message: "The service is currently unavailable.", status: "UNAVAILABLE" } });
    expect(await (await admin("/counters")).json()).toMatchObject({ byMethod: { "values.batchClear": 1 } });
    await admin("/counters", { method: "DELETE" });
    await admin("/faults", { method: "DELETE" });
    expect(sb.sim.state.faults).toEqual([]);
    expect(sb.sim.state.counters.byMethod).toEqual({});
  });

  it("API errors use Google's shape: 401 without a token, 404 for unknown methods", async () => {
    const res = await fetch(`${sb.sim.url}/v4/spreadsheets/1Any`);
    expect(res.status).toBe(401);
    expect((await res.json()).error.status).toBe("UNAUTHENTICATED");
    const unknown = await fetch(`${sb.sim.url}/v4/spreadsheets/1Any:copyTo`, { method: "POST" });
    expect(unknown.status).toBe(404);
  });
});

describe("HTML view", () => {
  it("shows tabs (hidden ones marked) and an escaped UTF-8 table", async () => {
    sb.createSpreadsheet({
      spreadsheetId: "1View",
      title: "Отчёт <продажи> & «остатки»",
      sheets: [
        { title: "Заказы", values: [["<script>alert('x')</script>", 'a "b" & c'], ["Иванов", 1500.5]] },
        { title: "<img src=x onerror=alert(1)>", hidden: true },
      ],
    });
    const res = await admin("/view/1View");
    expect(res.headers.get("content-type")).toBe("text/html; charset=utf-8");
    const html = await res.text();
    expect(html).toContain("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;");
    expect(html).toContain("a &quot;b&quot; &amp; c");
    expect(html).toContain("Отчёт &lt;продажи&gt; &amp; «остатки»");
    expect(html).toContain("&lt;img src=x onerror=alert(1)&gt; (скрыт)");
    expect(html).toContain("1500,5");
    expect(html).not.toMatch(/<script>|<img /);
    const hiddenTab = await (await admin(`/view/1View?sheet=${sb.read("1View").sheets[1].sheetId}`)).text();
    expect(hiddenTab).toContain('class="active hidden"');
    expect((await admin("/view")).ok).toBe(true);
    expect((await admin("/view/nope")).status).toBe(404);
  });
});

describe("scale", () => {
  it("appends 100k rows × 20 columns in batches in linear time", () => {
    const state = { spreadsheets: [] };
    const limits = { maxCells: 10_000_000, maxCellChars: 50_000 };
    const spreadsheet = createSpreadsheet(state, { sheets: [{ title: "Заказы" }] }, limits);
    const batch = (from: number) =>
      Array.from({ length: 5000 }, (_, i) => Array.from({ length: 20 }, (_, j) => (j === 0 ? `id-${from + i}` : `значение ${j}`)));
    const times: number[] = [];
    for (let b = 0; b < 20; b++) {
      const started = performance.now();
      const result = appendValues({ spreadsheet, limits }, "'Заказы'!A:T", { values: batch(b * 5000) }, { valueInputOption: "RAW" });
      times.push(performance.now() - started);
      expect(result.updates.updatedRange).toBe(`'Заказы'!A${b * 5000 + 1}:T${b * 5000 + 5000}`);
    }
    const sheet = spreadsheet.sheets[0];
    expect(sheet.values).toHaveLength(100_000);
    expect(sheet.rowCount).toBe(100_000);
    expect(sheet.values![99_999][0]).toBe("id-99999");
    const early = times.slice(2, 6).reduce((a, b) => a + b) / 4;
    const late = times.slice(-4).reduce((a, b) => a + b) / 4;
    expect(late).toBeLessThan(early * 4 + 20); // no growth with the sheet's size

    // A batchUpdate on that sheet copies nothing big: properties only.
    const started = performance.now();
    applyBatchUpdate(spreadsheet, { requests: [{ updateSheetProperties: { properties: { sheetId: 0, title: "Заказы 2" }, fields: "title" } }] }, limits);
    expect(performance.now() - started).toBeLessThan(50);
    expect(spreadsheet.sheets[0].values).toBe(sheet.values);
  });
});

describe("number formats", () => {
  it("repeatCell userEnteredFormat.numberFormat: date values and numbers render formatted, stay numbers unformatted", () => {
    const id = sb.createSpreadsheet({ sheets: [{ title: "Данные", rowCount: 3, columnCount: 3 }] });
    const spreadsheet = sb.sim.state.spreadsheets.find((s) => s.spreadsheetId === id)!;
    const limits = { maxCells: 10_000_000, maxCellChars: 50_000 };
    const fmt = (start: number, end: number, numberFormat: unknown) => ({
      repeatCell: { range: { sheetId: 0, startRowIndex: 1, startColumnIndex: start, endColumnIndex: end }, cell: { userEnteredFormat: { numberFormat } }, fields: "userEnteredFormat.numberFormat" },
    });
    updateValues({ spreadsheet, limits }, "Данные!A1:C2", { values: [["Дата", "Сумма", "Кол-во"], [46082.5, 1234.5, 2]] }, { valueInputOption: "RAW" });
    applyBatchUpdate(spreadsheet, { requests: [fmt(0, 1, { type: "DATE_TIME", pattern: "dd.mm.yyyy hh:mm" }), fmt(1, 2, { type: "NUMBER", pattern: "#,##0.00" }), fmt(2, 3, { type: "NUMBER", pattern: "#,##0.###" })] }, limits);
    // Appended rows are not formatted until the format is sent again.
    applyBatchUpdate(spreadsheet, { requests: [{ appendDimension: { sheetId: 0, dimension: "ROWS", length: 1 } }] }, limits);
    updateValues({ spreadsheet, limits }, "Данные!A4", { values: [[46083]] }, { valueInputOption: "RAW" });

    const formatted = getValues({ spreadsheet, limits }, "Данные!A1:C4", {}).values!;
    expect(formatted[1]).toEqual(["01.03.2026 12:00", "1\u00a0234,50", "2"]);
    expect(formatted[3]).toEqual(["46083"]);
    expect(getValues({ spreadsheet, limits }, "Данные!A2:C2", { valueRenderOption: "UNFORMATTED_VALUE" }).values).toEqual([[46082.5, 1234.5, 2]]);
    expect(sb.read(id).sheets[0]!.numberFormats).toHaveLength(3);

    expect(() => applyBatchUpdate(spreadsheet, { requests: [fmt(0, 1, { type: "CALENDAR" })] }, limits)).toThrow(/number_format\.type/);
    // Inserting a row above shifts the formats down with the data.
    applyBatchUpdate(spreadsheet, { requests: [{ insertDimension: { range: { sheetId: 0, dimension: "ROWS", startIndex: 1, endIndex: 2 } } }] }, limits);
    expect(getValues({ spreadsheet, limits }, "Данные!A3", {}).values).toEqual([["01.03.2026 12:00"]]);
  });
});
