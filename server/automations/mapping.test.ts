import { describe, expect, it } from "vitest";
import { checkFilters, idempotencyKeyFor, interpolate, MappingError, renderMapping, type TLookupResolver } from "./mapping";
import { DEMAND_TO_SUPPLY_MAPPING } from "./catalog";

const ctx = {
  event: { type: "demand", action: "CREATE", id: "d-1", href: "http://ms/entity/demand/d-1" },
  source: {
    name: "00042", sum: 150000,
    positions: { rows: [{ quantity: 2, price: 50000, assortment: { code: "A-1" } }, { quantity: 1, price: 50000, assortment: { code: "B-2" } }] },
  },
  sourceCompany: { id: "s", name: "ООО «Ромашка»", inn: "7701234567" },
  targetCompany: { id: "t", name: "ИП Лютиков", inn: null },
};

const resolver = (known: Record<string, string>): TLookupResolver & { calls: string[] } => {
  const calls: string[] = [];
  return {
    calls,
    lookup: async (type, by, value) => {
      calls.push(`${type}:${by}=${value}`);
      const href = known[`${type}:${by}=${value}`];
      return href ? { meta: { href, type } } : null;
    },
    first: async (type) => ({ meta: { href: `http://target/entity/${type}/first`, type } }),
  };
};

describe("mapping", () => {
  it("renders the demo demand → supply mapping with lookups in the target", async () => {
    const r = resolver({ "counterparty:inn=7701234567": "http://target/cp/1", "product:code=A-1": "http://target/p/1", "product:code=B-2": "http://target/p/2" });
    const body = await renderMapping(DEMAND_TO_SUPPLY_MAPPING, ctx, r);
    expect(body).toEqual({
      organization: { meta: { href: "http://target/entity/organization/first", type: "organization" } },
      store: { meta: { href: "http://target/entity/store/first", type: "store" } },
      agent: { meta: { href: "http://target/cp/1", type: "counterparty" } },
      description: "Создано автоматически по отгрузке № 00042 от ООО «Ромашка»",
      positions: [
        { quantity: 2, price: 50000, assortment: { meta: { href: "http://target/p/1", type: "product" } } },
        { quantity: 1, price: 50000, assortment: { meta: { href: "http://target/p/2", type: "product" } } },
      ],
    });
  });

  it("a single placeholder keeps the type; mixed text is interpolated; missing values are empty", () => {
    expect(interpolate("{{source.sum}}", ctx)).toBe(150000);
    expect(interpolate("№ {{source.name}} ({{source.nope}})", ctx)).toBe("№ 00042 ()");
    expect(interpolate("{{source.positions.rows.0.assortment.code}}", ctx)).toBe("A-1");
  });

  it("a lookup that finds nothing is a permanent, readable error", async () => {
    const error = await renderMapping({ agent: { $lookup: "counterparty", by: "inn", value: "{{sourceCompany.inn}}" } }, ctx, resolver({})).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MappingError);
    expect(error).toMatchObject({ retryable: false, userMessage: "У получателя в МойСклад не найден объект counterparty с inn=7701234567" });
  });

  it("filters and idempotency keys", () => {
    expect(checkFilters([{ path: "source.sum", op: "gt", value: 100000 }, { path: "source.name", op: "contains", value: "42" }], ctx).passed).toBe(true);
    const failed = checkFilters([{ path: "source.sum", op: "lt", value: 1 }, { path: "source.agent", op: "exists" }], ctx);
    expect(failed.passed).toBe(false);
    expect(failed.failed).toHaveLength(2);
    expect(idempotencyKeyFor("rule-1", "{{event.type}}:{{event.id}}", ctx)).toBe("rule-1:demand:d-1");
    expect(idempotencyKeyFor("rule-1", "{{nothing}}", ctx)).toBe("rule-1:d-1");
  });
});
