import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startGoogleSheetsSandbox, type TGoogleSheetsSandbox } from "../../../sandbox/google/testing";
import { expectUpstreamError } from "../testing";
import { a1 } from "./a1";
import { createGoogleSheetsClient, parseSpreadsheetId, type TGoogleSheetsClientOptions } from "./client";
import { isGoogleSheetsError, type GoogleSheetsError } from "./errors";
import { sheetRequests } from "./requests";
import { createSheetsWindowLimiter, unlimitedSheetsLimiter } from "./throttle";

/** Real HTTP over loopback: the client (@googleapis/sheets + JWT auth) against the simulator. */

let sb: TGoogleSheetsSandbox;
const fast: TGoogleSheetsClientOptions = { limiter: unlimitedSheetsLimiter, retry: { baseDelayMs: 20, maxDelayMs: 200 } };
const client = (options: TGoogleSheetsClientOptions = {}) => createGoogleSheetsClient(sb.config, { ...fast, ...options });

async function failure(promise: Promise<unknown>): Promise<GoogleSheetsError> {
  const error = await promise.then(
    () => {
      throw new Error("expected a failure");
    },
    (e: unknown) => e,
  );
  if (!isGoogleSheetsError(error)) throw error;
  return error;
}

beforeAll(async () => {
  sb = await startGoogleSheetsSandbox();
});
afterAll(() => sb.stop());
beforeEach(() => sb.sim.reset());

describe("sheets", () => {
  it("add (hidden, sized), rename, hide/show and delete; getSpreadsheet reflects each step", async () => {
    const id = sb.createSpreadsheet({ title: "Выгрузки" });
    const c = client();
    const added = await c.addSheet(id, { title: "Заказы (временный)", hidden: true, rowCount: 10, columnCount: 5 });
    expect(added).toMatchObject({ title: "Заказы (временный)", hidden: true, rowCount: 10, columnCount: 5, index: 1 });

    await c.renameSheet(id, added.sheetId, "Заказы покупателей");
    await c.setSheetHidden(id, added.sheetId, false);
    let info = await c.getSpreadsheet(id);
    expect(info.title).toBe("Выгрузки");
    expect(info.sheets.map((s) => [s.title, s.hidden, s.index])).toEqual([
      ["Лист1", false, 0],
      ["Заказы покупателей", false, 1],
    ]);
    expect(await c.findSheet(id, "заказы ПОКУПАТЕЛЕЙ")).toMatchObject({ sheetId: added.sheetId });

    await c.deleteSheet(id, added.sheetId);
    info = await c.getSpreadsheet(id);
    expect(info.sheets.map((s) => s.title)).toEqual(["Лист1"]);
  });

  it("duplicate titles (case-insensitive) and hiding every sheet are refused", async () => {
    const id = sb.createSpreadsheet({ sheets: [{ title: "Товары" }] });
    const c = client();
    const dup = await failure(c.addSheet(id, { title: "товары" }));
    expect(dup).toMatchObject({ reason: "duplicate_sheet", kind: "bad_response", status: 400, retryable: false });
    expect(dup.detail).toContain('Invalid requests[0].addSheet: A sheet with the name "товары" already exists.');
    const [only] = (await c.getSpreadsheet(id)).sheets;
    const hide = await failure(c.setSheetHidden(id, only.sheetId, true));
    expect(hide.detail).toContain("You can't hide all the sheets in a document.");
    expect((await failure(c.deleteSheet(id, only.sheetId))).detail).toContain("You can't remove all the sheets");
  });

  it("batchUpdate is atomic: a failing request leaves nothing of the earlier ones", async () => {
    const id = sb.createSpreadsheet({ sheets: [{ title: "Товары" }] });
    const c = client();
    const error = await failure(
      c.batchUpdate(id, [sheetRequests.addSheet({ title: "Новый" }), sheetRequests.renameSheet(424242, "X")]),
    );
    expect(error).toMatchObject({ reason: "sheet_not_found", kind: "not_found" });
    expect(error.detail).toContain("Invalid requests[1].updateSheetProperties: No grid with id: 424242");
    expect(sb.read(id).sheets.map((s) => s.title)).toEqual(["Товары"]);
  });

  it("the replace swap in one batch: delete the old sheet, rename and show the hidden new one in its place", async () => {
    const id = sb.createSpreadsheet({
      sheets: [{ title: "Сводка" }, { title: "Заказы", sheetId: 7, values: [["old"]] }, { title: "Итоги" }],
    });
    const c = client();
    const temp = await c.addSheet(id, { title: "Заказы (новые)", hidden: true });
    await c.updateValues(id, [{ range: a1(temp.title, "A1"), values: [["new"]] }]);
    await c.batchUpdate(id, [
      sheetRequests.deleteSheet(7),
      sheetRequests.renameSheet(temp.sheetId, "Заказы"),
      sheetRequests.setSheetHidden(temp.sheetId, false),
      sheetRequests.moveSheet(temp.sheetId, 1),
    ]);
    const sheets = sb.read(id).sheets;
    expect(sheets.map((s) => [s.title, s.hidden])).toEqual([
      ["Сводка", false],
      ["Заказы", false],
      ["Итоги", false],
    ]);
    expect(sheets[1].values).toEqual([["new"]]);
  });

  it("ensureGridSize grows rows and columns once and never shrinks", async () => {
    const id = sb.createSpreadsheet({ sheets: [{ title: "Данные", rowCount: 100, columnCount: 5 }] });
    const c = client();
    expect(await c.ensureGridSize(id, "Данные", { rows: 50, columns: 3 })).toMatchObject({ rowCount: 100, columnCount: 5 });
    expect(c.stats().writes).toBe(0);
    expect(await c.ensureGridSize(id, "Данные", { rows: 5000, columns: 21 })).toMatchObject({ rowCount: 5000, columnCount: 21 });
    expect(sb.read(id).sheets[0]).toMatchObject({ rowCount: 5000, columnCount: 21 });
    expect(c.stats().byMethod["spreadsheets.batchUpdate"]).toBe(1);
  });
});

describe("values", () => {
  const title = "Заказы покупателей 'ООО Ромашка'";

  it("update (two ranges in one request), append, read back typed or formatted, read a column, clear", async () => {
    const id = sb.createSpreadsheet({ sheets: [{ title }] });
    const c = client();
    const updated = await c.updateValues(id, [
      { range: a1(title, "A1:C1"), values: [["№", "Сумма, ₽", "external_id"]] },
      { range: a1(title, "A2"), values: [["ЗК-1", 1250.5, "a1"], ["ЗК-2", 10, "a2"]] },
    ]);
    expect(updated).toEqual({ updatedRows: 3, updatedCells: 9, updatedRanges: [`'${title.replace(/'/g, "''")}'!A1:C1`, `'${title.replace(/'/g, "''")}'!A2:C3`] });

    const appended = await c.appendValues(id, a1(title, "A1"), [["ЗК-3", 7, "a3"], ["ЗК-4", 8, "a4"]]);
    expect(appended).toMatchObject({ firstRow: 4, lastRow: 5, updatedRows: 2, updatedCells: 6 });
    expect(appended.tableRange).toMatch(/!A1:C3$/);

    const typed = await c.readRange(id, a1(title, "A:C"));
    expect(typed.range).toMatch(/!A1:C1000$/);
    expect(typed.values[1]).toEqual(["ЗК-1", 1250.5, "a1"]);
    const formatted = await c.readRange(id, a1(title, "B2:B3"), { valueRenderOption: "FORMATTED_VALUE" });
    expect(formatted.values).toEqual([["1250,5"], ["10"]]); // ru_RU locale
    expect(await c.readColumn(id, title, "C", { fromRow: 2 })).toEqual(["a1", "a2", "a3", "a4"]);
    const [head, tail] = await c.readRanges(id, [a1(title, "A1:A1"), a1(title, "A5:C")]);
    expect(head.values).toEqual([["№"]]);
    expect(tail.values).toEqual([["ЗК-4", 8, "a4"]]);

    await c.clearRange(id, [a1(title, "A4:C5"), a1(title, "B2")]);
    expect(sb.values(id, title)).toEqual([
      ["№", "Сумма, ₽", "external_id"],
      ["ЗК-1", "", "a1"],
      ["ЗК-2", 10, "a2"],
    ]);
  });

  it("RAW keeps strings as text; USER_ENTERED parses numbers, booleans and keeps formulas", async () => {
    const id = sb.createSpreadsheet({ sheets: [{ title: "Типы" }] });
    const c = client();
    const row = ["42", "=SUM(1;2)", "TRUE", "'007", "2026-11-23"];
    await c.updateValues(id, [{ range: a1("Типы", "A1"), values: [row] }]);
    await c.updateValues(id, [{ range: a1("Типы", "A2"), values: [row] }], { valueInputOption: "USER_ENTERED" });
    const { values } = await c.readRange(id, a1("Типы", "A1:E2"));
    expect(values[0]).toEqual(row);
    expect(values[1]).toEqual([42, "=SUM(1;2)", true, "007", 46349]);
    const formatted = await c.readRange(id, a1("Типы", "E2"), { valueRenderOption: "FORMATTED_VALUE" });
    expect(formatted.values).toEqual([["23.11.2026"]]);
  });

  it("appends stay in order and linear over many batches; an empty sheet starts at the range's top", async () => {
    const id = sb.createSpreadsheet({ sheets: [{ title: "Лог", rowCount: 10, columnCount: 2 }] });
    const c = client();
    const first = await c.appendValues(id, a1("Лог", "A1"), [["шапка", "id"]]);
    expect(first).toMatchObject({ firstRow: 1, lastRow: 1, tableRange: undefined });
    const rows = (from: number) => Array.from({ length: 500 }, (_, i) => [`строка ${from + i}`, from + i]);
    for (let b = 0; b < 10; b++) {
      const r = await c.appendValues(id, a1("Лог", "A:B"), rows(b * 500));
      expect(r.firstRow).toBe(2 + b * 500);
    }
    const sheet = sb.read(id).sheets[0];
    expect(sheet.values).toHaveLength(5001);
    expect(sheet.rowCount).toBe(5001); // the grid grew (OVERWRITE)
    expect(sheet.values[5000]).toEqual(["строка 4999", 4999]);
  });

  it("values.batchUpdate is all or nothing; INSERT_ROWS pushes the rows below down; COLUMNS transposes", async () => {
    const id = sb.createSpreadsheet({ sheets: [{ title: "Отчёт", values: [["Шапка", "id"], ["a", 1], [], ["Итого", 1]] }] });
    const c = client();
    const error = await failure(
      c.updateValues(id, [
        { range: a1("Отчёт", "A2"), values: [["изменено"]] },
        { range: a1("Нет листа", "A1"), values: [["x"]] },
      ]),
    );
    expect(error.detail).toContain("Invalid data[1]: Unable to parse range");
    expect(sb.values(id, "Отчёт")[1]).toEqual(["a", 1]);

    const appended = await c.appendValues(id, a1("Отчёт", "A1:B"), [["b", 2], ["c", 3]], { insertDataOption: "INSERT_ROWS" });
    expect(appended).toMatchObject({ firstRow: 3, lastRow: 4 });
    expect(sb.values(id, "Отчёт")).toEqual([["Шапка", "id"], ["a", 1], ["b", 2], ["c", 3], [], ["Итого", 1]]);
    expect(sb.read(id).sheets[0].rowCount).toBe(1002);

    const { values } = await c.readRange(id, a1("Отчёт", "A1:B4"), { majorDimension: "COLUMNS" });
    expect(values).toEqual([["Шапка", "a", "b", "c"], ["id", 1, 2, 3]]);
  });

  it("writes past the grid are refused until the grid grows; a range smaller than the data is refused", async () => {
    const id = sb.createSpreadsheet({ sheets: [{ title: "Мало", rowCount: 2, columnCount: 2 }] });
    const c = client();
    const beyond = await failure(c.updateValues(id, [{ range: a1("Мало", "A2"), values: [["a"], ["b"]] }]));
    expect(beyond).toMatchObject({ reason: "grid_limit", retryable: false });
    expect(beyond.userMessage).toContain("строк: 2, столбцов: 2");
    await c.ensureGridSize(id, "Мало", { rows: 3 });
    await c.updateValues(id, [{ range: a1("Мало", "A2"), values: [["a"], ["b"]] }]);
    const bounded = await failure(c.updateValues(id, [{ range: a1("Мало", "A1:B1"), values: [["a"], ["b"]] }]));
    expect(bounded.detail).toContain("Requested writing within range");
  });
});

describe("errors", () => {
  it("an unshared spreadsheet → no_access naming the service account; a reader cannot write", async () => {
    const id = sb.createSpreadsheet({ sharedWith: ["someone@example.com"] });
    const c = client();
    const error = await expectUpstreamError(c.getSpreadsheet(id), {
      provider: "google-sheets",
      kind: "forbidden",
      status: 403,
      retryable: false,
      messageIncludes: `Откройте доступ к таблице для ${sb.clientEmail}`,
      secrets: [sb.account.key.private_key],
    });
    expect((error as GoogleSheetsError).reason).toBe("no_access");
    expect(c.stats().requests).toBe(1); // 4xx is not retried

    const readOnly = sb.createSpreadsheet({ sharedWith: [], readers: [sb.clientEmail] });
    await expect(c.getSpreadsheet(readOnly)).resolves.toMatchObject({ spreadsheetId: readOnly });
    expect((await failure(c.updateValues(readOnly, [{ range: "A1", values: [[1]] }]))).reason).toBe("no_access");
  });

  it("404 spreadsheet, unknown sheet title, unknown sheet id", async () => {
    const c = client();
    const missing = await failure(c.getSpreadsheet("1NoSuchSpreadsheet"));
    expect(missing).toMatchObject({ reason: "spreadsheet_not_found", kind: "not_found", status: 404 });
    expect(missing.userMessage).toContain("Таблица 1NoSuchSpreadsheet не найдена");

    const id = sb.createSpreadsheet();
    const sheet = await failure(c.readRange(id, a1("Удалённый лист", "A1:B")));
    expect(sheet).toMatchObject({ reason: "sheet_not_found", kind: "not_found" });
    expect(sheet.userMessage).toContain("Лист «Удалённый лист» не найден");
    expect((await failure(c.appendValues(id, a1("Нет", "A1"), [[1]]))).reason).toBe("sheet_not_found");
    expect((await failure(c.deleteSheet(id, 99))).userMessage).toContain("Лист с id 99 не найден");
    expect((await failure(c.ensureGridSize(id, "Нет", { rows: 1 }))).reason).toBe("sheet_not_found");
  });

  it("the 10,000,000-cell limit: the API refusal, and ensureGridSize refusing before writing with the numbers", async () => {
    const id = sb.createSpreadsheet({ sheets: [{ title: "Большой", rowCount: 300_000, columnCount: 30 }] }); // 9,000,000
    const c = client();
    const api = await failure(c.addSheet(id, { title: "Ещё", rowCount: 40_000, columnCount: 26 }));
    expect(api).toMatchObject({ reason: "cell_limit", retryable: false });
    expect(api.detail).toContain("above the limit of 10000000 cells");
    expect(api.userMessage).toContain("10 000 000");

    const before = c.stats().writes;
    const pre = await failure(c.ensureGridSize(id, "Большой", { rows: 340_000 }));
    expect(pre.reason).toBe("cell_limit");
    expect(pre.userMessage).toContain("сейчас 9 000 000 ячеек, нужно ещё 1 200 000, итого 10 200 000");
    expect(c.stats().writes).toBe(before);

    // Appends that grow the grid hit the same wall.
    const small = sb.createSpreadsheet({ sheets: [{ title: "Малый", rowCount: 5, columnCount: 1 }] });
    sb.settings({ maxCells: 8 });
    const append = await failure(c.appendValues(small, a1("Малый", "A1"), Array.from({ length: 10 }, () => ["x"])));
    expect(append.reason).toBe("cell_limit");
    expect(sb.values(small, "Малый")).toEqual([]);
  });

  it("a cell over 50,000 characters and an oversized request body are refused, not retried", async () => {
    const id = sb.createSpreadsheet();
    const c = client();
    const long = await failure(c.updateValues(id, [{ range: "A1", values: [["я".repeat(50_001)]] }]));
    expect(long).toMatchObject({ reason: "cell_too_long", status: 400 });
    expect(long.detail).toContain("Invalid data[0]: Your input contains more than the maximum of 50000 characters in a single cell.");
    await c.updateValues(id, [{ range: "A1", values: [["я".repeat(50_000)]] }]);

    sb.settings({ maxPayloadBytes: 100_000 });
    const big = await failure(c.appendValues(id, "A1", Array.from({ length: 100 }, () => ["x".repeat(2_000)])));
    expect(big.reason).toBe("payload_too_large");
    expect(c.stats().retries).toBe(0);
  });

  it("a revoked key → key_rejected (auth) with a hint to issue a new key", async () => {
    const id = sb.createSpreadsheet();
    sb.revokeKey();
    const error = await expectUpstreamError(client().getSpreadsheet(id), {
      provider: "google-sheets",
      kind: "auth",
      secrets: [sb.account.key.private_key, sb.account.keyJson],
      messageIncludes: "Invalid JWT Signature",
    });
    expect((error as GoogleSheetsError).reason).toBe("key_rejected");
    expect(error.userMessage).toContain("создайте новый JSON-ключ");
  });

  it("spreadsheet ids from links", () => {
    expect(parseSpreadsheetId("https://docs.google.com/spreadsheets/d/1AbC_d-9/edit#gid=0")).toBe("1AbC_d-9");
    expect(parseSpreadsheetId(" 1AbC ")).toBe("1AbC");
    expect(() => parseSpreadsheetId("не ссылка")).toThrow(/Google Таблицы/);
  });
});

describe("quotas and retries", () => {
  it("429 RESOURCE_EXHAUSTED is retried with backoff until the window frees up", async () => {
    const id = sb.createSpreadsheet();
    sb.settings({ timeScale: 0.005, readRequestsPerMinute: 2 }); // 2 reads per 300 ms
    const c = client();
    for (let i = 0; i < 5; i++) await c.readRange(id, "A1:B2");
    const stats = c.stats();
    expect(stats.rateLimited).toBeGreaterThan(0);
    expect(stats.retries).toBe(stats.rateLimited);
    expect(sb.sim.state.counters.rateLimited).toBe(stats.rateLimited);
    expect(sb.sim.state.counters.reads).toBe(5);
  });

  it("429 after the last attempt surfaces as quota (rate_limited, retryable)", async () => {
    const id = sb.createSpreadsheet();
    sb.settings({ timeScale: 1, writeRequestsPerMinute: 1 });
    const c = client({ retry: { attempts: 2, baseDelayMs: 1, maxDelayMs: 1 } });
    await c.clearRange(id, "A1");
    const error = await failure(c.clearRange(id, "A1"));
    expect(error).toMatchObject({ reason: "quota", kind: "rate_limited", status: 429, retryable: true });
    expect(error.userMessage).toContain(`запись: 60 запросов в минуту для ${sb.clientEmail}`);
    expect(error.detail).toContain("Write requests per minute per user");
  });

  it("the client limiter paces calls so the quota is never hit", async () => {
    const id = sb.createSpreadsheet();
    sb.settings({ timeScale: 0.005, readRequestsPerMinute: 3 }); // 3 reads per 300 ms
    const c = client({ limiter: createSheetsWindowLimiter({ readsPerMinute: 3, windowMs: 300, marginMs: 30 }) });
    const started = Date.now();
    await Promise.all(Array.from({ length: 7 }, () => c.readRange(id, "A1")));
    expect(c.stats().rateLimited).toBe(0);
    expect(Date.now() - started).toBeGreaterThanOrEqual(600);
  });

  it("5xx is retried with backoff; 4xx is not", async () => {
    const id = sb.createSpreadsheet();
    sb.sim.state.faults.push({ status: 503, times: 2 });
    const c = client();
    await c.appendValues(id, "A1", [["после сбоя"]]);
    expect(c.stats()).toMatchObject({ serverErrors: 2, retries: 2, requests: 3 });
    expect(sb.values(id, "Лист1")).toEqual([["после сбоя"]]);

    sb.sim.state.faults.push({ status: 500, times: 10 });
    const down = await failure(client({ retry: { attempts: 3, baseDelayMs: 1, maxDelayMs: 1 } }).getSpreadsheet(id));
    expect(down).toMatchObject({ reason: "server", kind: "server_error", status: 500, retryable: true });
  });
});
