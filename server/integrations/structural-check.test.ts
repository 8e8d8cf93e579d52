import { describe, expect, it } from "vitest";
import { z } from "zod";
import { structuralCheck } from "./structural-check";
import { ZMoyskladEntityPage, ZMoyskladPositionPage } from "./moysklad/schemas";

const meta = (type: string) => ({ href: `https://api.moysklad.ru/api/remap/1.2/entity/${type}/1`, type, mediaType: "application/json" });
const goodPage = () => ({
  context: { employee: { meta: meta("employee") } },
  meta: { href: "h", type: "customerorder", size: 2, limit: 1000, offset: 0, extra: 1 },
  rows: [
    { meta: meta("customerorder"), id: "a", name: "00001", sum: 1000, applicable: true, agent: { meta: meta("counterparty") }, unknownField: { x: [1] },
      attributes: [{ id: "x", name: "Канал", type: "string", value: "сайт" }],
      positions: { meta: { href: "p", size: 1, limit: 1000, offset: 0 }, rows: [{ id: "p1", quantity: 2, assortment: { meta: meta("product"), name: "Чай" } }] } },
    { meta: meta("customerorder"), id: "b" },
  ],
});

describe("structural check compiled from a zod schema", () => {
  it("accepts and rejects exactly what zod does", () => {
    const check = structuralCheck(ZMoyskladEntityPage)!;
    expect(check).not.toBeNull();
    const cases: [string, (p: ReturnType<typeof goodPage>) => unknown][] = [
      ["valid", (p) => p],
      ["rows not an array", (p) => ({ ...p, rows: {} })],
      ["meta.size missing", (p) => ({ ...p, meta: { ...p.meta, size: undefined } })],
      ["id a number", (p) => { (p.rows[1] as Record<string, unknown>).id = 5; return p; }],
      ["sum a string", (p) => { (p.rows[0] as Record<string, unknown>).sum = "10"; return p; }],
      ["reference without meta", (p) => { (p.rows[0] as Record<string, unknown>).agent = { name: "x" }; return p; }],
      ["reference null", (p) => { (p.rows[0] as Record<string, unknown>).agent = null; return p; }],
      ["row an array", (p) => { (p.rows as unknown[])[1] = []; return p; }],
      ["position quantity string", (p) => { p.rows[0]!.positions!.rows[0]!.quantity = "2" as unknown as number; return p; }],
      ["attribute without name", (p) => { (p.rows[0]!.attributes![0] as Record<string, unknown>).name = undefined; return p; }],
      ["page null", () => null],
      ["page a string", () => "x"],
    ];
    for (const [name, make] of cases) {
      const value = make(goodPage());
      expect(check(value), name).toBe(ZMoyskladEntityPage.safeParse(value).success);
    }
    expect(check(goodPage())).toBe(true);
  });

  it("covers the position page; schemas with refinements or strict objects are left to zod", () => {
    expect(structuralCheck(ZMoyskladPositionPage)).not.toBeNull();
    expect(structuralCheck(z.object({ a: z.string().min(1) }))).toBeNull();
    expect(structuralCheck(z.strictObject({ a: z.string() }))).toBeNull();
    expect(structuralCheck(z.object({ a: z.enum(["x"]) }))).toBeNull();
    const n = structuralCheck(z.object({ n: z.number() }))!;
    expect([n({ n: 1 }), n({ n: Infinity }), n({ n: Number.NaN }), n({})]).toEqual([true, false, false, false]);
  });
});
