import { describe, expect, it } from "vitest";
import { columnLetters, columnNumber, formatRange, formatSheetTitle, parseA1 } from "./a1";
import { createSpreadsheet } from "./admin";
import { resolveRange } from "./model";

describe("simulator A1 parser", () => {
  it.each([
    ["Sheet1!A1:B2", "Sheet1", { startRow: 0, endRow: 2, startCol: 0, endCol: 2 }],
    ["'My Sheet'!A:C", "My Sheet", { startRow: 0, endRow: null, startCol: 0, endCol: 3 }],
    ["'Заказы покупателей'!A2:F", "Заказы покупателей", { startRow: 1, endRow: null, startCol: 0, endCol: 6 }],
    ["'It''s'!B3", "It's", { startRow: 2, endRow: 3, startCol: 1, endCol: 2 }],
    ["'a!b'!A1", "a!b", { startRow: 0, endRow: 1, startCol: 0, endCol: 1 }],
    ["Лист1!3:5", "Лист1", { startRow: 2, endRow: 5, startCol: 0, endCol: null }],
    ["Sheet1!$A$1:$B$2", "Sheet1", { startRow: 0, endRow: 2, startCol: 0, endCol: 2 }],
    ["Sheet1!C5:A1", "Sheet1", { startRow: 0, endRow: 5, startCol: 0, endCol: 3 }],
    ["Sheet1!a1:b2", "Sheet1", { startRow: 0, endRow: 2, startCol: 0, endCol: 2 }],
    ["A1:B2", null, { startRow: 0, endRow: 2, startCol: 0, endCol: 2 }],
    ["Sheet1!AA10", "Sheet1", { startRow: 9, endRow: 10, startCol: 26, endCol: 27 }],
  ])("%s", (text, sheetTitle, box) => {
    expect(parseA1(text)).toEqual({ sheetTitle, box });
  });

  it("a bare title is the whole sheet; broken notation is refused", () => {
    expect(parseA1("'Товары'")).toEqual({ sheetTitle: "Товары", box: null });
    expect(parseA1("Товары")).toEqual({ sheetTitle: "Товары", box: null });
    for (const bad of ["'unterminated!A1", "'x'A1", "Sheet1!A1:B2:C3", "Sheet1!1:B2", "Sheet1!", "!A1", "Sheet1!A0", "Sheet1!ZZZZ1"]) {
      expect(parseA1(bad), bad).toBeUndefined();
    }
  });

  it("columns and formatting", () => {
    expect([0, 25, 26, 701, 702].map(columnLetters)).toEqual(["A", "Z", "AA", "ZZ", "AAA"]);
    expect(columnNumber("AB")).toBe(27);
    expect(formatSheetTitle("Sheet1")).toBe("Sheet1");
    expect(formatSheetTitle("Лист 1")).toBe("'Лист 1'");
    expect(formatSheetTitle("A1")).toBe("'A1'");
    expect(formatSheetTitle("It's")).toBe("'It''s'");
    expect(formatRange("Лист", { startRow: 0, endRow: 1, startCol: 0, endCol: 1 })).toBe("'Лист'!A1");
  });

  it("resolves against sheets: clips open ends, refuses ranges outside the grid and unknown sheets", () => {
    const state = { spreadsheets: [] };
    const ss = createSpreadsheet(state, { sheets: [{ title: "Данные", rowCount: 10, columnCount: 3 }] }, { maxCells: 1e7, maxCellChars: 5e4 });
    expect(resolveRange(ss, "'Данные'!A2:Z").box).toEqual({ startRow: 1, endRow: 10, startCol: 0, endCol: 3 });
    expect(resolveRange(ss, "данные!A1").sheet.title).toBe("Данные"); // titles match case-insensitively
    expect(resolveRange(ss, "B2").sheet.title).toBe("Данные");
    expect(() => resolveRange(ss, "'Данные'!A11")).toThrow("Range ('Данные'!A11) exceeds grid limits. Max rows: 10, max columns: 3");
    expect(() => resolveRange(ss, "'Нет такого'!A1")).toThrow("Unable to parse range: 'Нет такого'!A1");
  });
});
