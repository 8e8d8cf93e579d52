import { describe, expect, it } from "vitest";
import { a1, columnIndex, columnLetter, parseA1Range } from "./a1";

describe("client A1 helpers", () => {
  it("columnLetter / columnIndex round-trip", () => {
    expect([0, 1, 25, 26, 27, 51, 52, 701, 702, 18_277].map(columnLetter)).toEqual([
      "A", "B", "Z", "AA", "AB", "AZ", "BA", "ZZ", "AAA", "ZZZ",
    ]);
    for (let i = 0; i < 1000; i++) expect(columnIndex(columnLetter(i))).toBe(i);
    expect(columnIndex("ab")).toBe(27);
    expect(() => columnLetter(-1)).toThrow(RangeError);
    expect(() => columnIndex("A1")).toThrow(RangeError);
  });

  it("a1 always quotes titles and doubles apostrophes", () => {
    expect(a1("Заказы покупателей", "A2:F")).toBe("'Заказы покупателей'!A2:F");
    expect(a1("Sales '24", "A1")).toBe("'Sales ''24'!A1");
    expect(a1("Лист1")).toBe("'Лист1'");
  });

  it("parseA1Range reads the ranges the API returns", () => {
    expect(parseA1Range("'Заказы'!A101:T150")).toEqual({ sheetTitle: "Заказы", startRow: 100, endRow: 150, startColumn: 0, endColumn: 20 });
    expect(parseA1Range("Sheet1!B7")).toEqual({ sheetTitle: "Sheet1", startRow: 6, endRow: 7, startColumn: 1, endColumn: 2 });
    expect(parseA1Range("'It''s'!A:A")).toEqual({ sheetTitle: "It's", startRow: 0, endRow: null, startColumn: 0, endColumn: 1 });
    expect(parseA1Range("'Лист'")).toEqual({ sheetTitle: "Лист", startRow: 0, endRow: null, startColumn: 0, endColumn: null });
    expect(parseA1Range("A2:F")).toEqual({ sheetTitle: null, startRow: 1, endRow: null, startColumn: 0, endColumn: 6 });
    expect(parseA1Range("'Data'!3:5")).toEqual({ sheetTitle: "Data", startRow: 2, endRow: 5, startColumn: 0, endColumn: null });
    expect(parseA1Range("'x'!A1:B2:C3")).toBeUndefined();
    expect(parseA1Range("'broken")).toBeUndefined();
  });
});
