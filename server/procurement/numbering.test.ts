import { beforeAll, describe, expect, it } from "vitest";
import { withTenant } from "../db";
import { createCompany } from "../test/factories";
import { nextNumber } from "./numbering";

describe("nextNumber", () => {
  let a: { id: string };
  let b: { id: string };
  beforeAll(async () => {
    a = await createCompany("Нумерация А", ["procurement"]);
    b = await createCompany("Нумерация Б", ["procurement"]);
  });

  it("is gap-free and unique under 20 concurrent transactions, per company and kind", async () => {
    const when = new Date("2026-06-01T12:00:00Z");
    const numbers = await Promise.all(
      Array.from({ length: 20 }, () => withTenant(a.id, (tx) => nextNumber(tx, a.id, "ORD", when))),
    );
    expect(new Set(numbers).size).toBe(20);
    expect([...numbers].sort()).toEqual(Array.from({ length: 20 }, (_, i) => `ORD-2026-${String(i + 1).padStart(4, "0")}`));
    expect(await withTenant(b.id, (tx) => nextNumber(tx, b.id, "ORD", when))).toBe("ORD-2026-0001");
    expect(await withTenant(a.id, (tx) => nextNumber(tx, a.id, "КП", when))).toBe("КП-2026-0001");
  });

  it("a rolled-back transaction leaves no gap", async () => {
    const when = new Date("2027-03-01T12:00:00Z");
    await expect(
      withTenant(a.id, async (tx) => {
        await nextNumber(tx, a.id, "ORD", when);
        throw new Error("rollback");
      }),
    ).rejects.toThrow("rollback");
    expect(await withTenant(a.id, (tx) => nextNumber(tx, a.id, "ORD", when))).toBe("ORD-2027-0001");
  });
});
