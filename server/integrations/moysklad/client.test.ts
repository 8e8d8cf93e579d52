import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createMoyskladAdmin, type TMoyskladAdmin } from "../../../sandbox/moysklad/admin";
import type { TSimulator } from "../../../sandbox/lib/simulator";
import { MOYSKLAD_API_PREFIX, moyskladDemo, moyskladSimulator, type TMoyskladSimState } from "../../../sandbox/moysklad/server";
import { createInProcessRateLimiter, RATE_BUDGETS, scaleBudget } from "../rate-limiter";
import { expectUpstreamError } from "../testing";
import { createMoyskladClient, type TMoyskladClientOptions } from "./client";
import { formatMoyskladFilterDate, parseMoyskladDate } from "./dates";

describe("MoySklad client: lists, positions, metadata, retries (against the simulator)", () => {
  let sim: TSimulator<TMoyskladSimState>;
  let admin: TMoyskladAdmin;
  let baseUrl: string;

  /** A client with its own limiter (tests must not share budgets) and fast backoff. */
  const client = (options: TMoyskladClientOptions = {}, token = moyskladDemo.token) =>
    createMoyskladClient(
      { baseUrl, token },
      { limiter: createInProcessRateLimiter(), budget: { windowMs: 0 }, backoff: { baseMs: 5, maxMs: 50 }, ...options },
    );

  beforeAll(async () => {
    sim = await moyskladSimulator.start({ seed: { timeScale: 0, dataset: { seed: "client", documents: 250 } } });
    admin = createMoyskladAdmin(sim.url);
    baseUrl = `${sim.url}${MOYSKLAD_API_PREFIX}`;
  });
  afterAll(() => sim.stop());
  beforeEach(() => sim.reset());

  it("listPages follows nextHref across pages; pages carry meta, offsets and request counts", async () => {
    const ms = client();
    const pages = [];
    for await (const page of ms.listPages({ entity: "customerorder", limit: 100 })) pages.push(page);
    expect(pages.map((p) => p.rows.length)).toEqual([100, 100, 50]);
    expect(pages.map((p) => p.offset)).toEqual([0, 100, 200]);
    expect(pages.map((p) => p.nextOffset)).toEqual([100, 200, null]);
    expect(pages.map((p) => p.requestCount)).toEqual([1, 2, 3]);
    expect(pages[0].meta).toMatchObject({ size: 250, limit: 100, offset: 0 });
    const ids = pages.flatMap((p) => p.rows.map((r) => r.id));
    expect(new Set(ids).size).toBe(250);
    const row = pages[0].rows[0];
    expect(row).toMatchObject({ meta: { type: "customerorder" }, name: "00001", sum: expect.any(Number), agent: { meta: { type: "counterparty" } } });
    expect(row.positions?.meta.size).toBeGreaterThan(0);
    expect(parseMoyskladDate(row.moment)).toBeInstanceOf(Date);

    // resume from a checkpoint
    const resumed = [];
    for await (const page of ms.listPages({ entity: "customerorder", limit: 100, offset: 200 })) resumed.push(...page.rows);
    expect(resumed.map((r) => r.id)).toEqual(ids.slice(200));
    expect(ms.stats()).toMatchObject({ requests: 4, retries: 0, rateLimited: 0 });
    expect(ms.stats().byPath["GET /entity/customerorder"]).toBe(4);
  });

  it("updatedFrom / updatedTo filter by `updated` (Moscow time); order is honoured", async () => {
    const ms = client();
    const all = await ms.listAll({ entity: "demand", order: "updated,asc" });
    const cut = parseMoyskladDate(all[150].updated)!;
    const since = await ms.listAll({ entity: "demand", updatedFrom: new Date(Math.ceil(cut.getTime() / 1000) * 1000) });
    expect(since.length).toBeGreaterThan(0);
    expect(since.every((r) => parseMoyskladDate(r.updated)!.getTime() >= Math.ceil(cut.getTime() / 1000) * 1000)).toBe(true);
    expect(since.length).toBe(all.filter((r) => parseMoyskladDate(r.updated)!.getTime() >= Math.ceil(cut.getTime() / 1000) * 1000).length);
    const window = await ms.listAll({ entity: "demand", updatedFrom: all[10].updated, updatedTo: all[19].updated });
    expect(window.map((r) => r.id)).toEqual(all.slice(10, 20).map((r) => r.id));
    const desc = await ms.listAll({ entity: "demand", order: "updated,desc", limit: 1000 });
    expect(desc.map((r) => r.id)).toEqual([...all].reverse().map((r) => r.id));
    expect(formatMoyskladFilterDate(new Date("2026-03-01T09:30:15.999Z"))).toBe("2026-03-01 12:30:15");
  });

  it("expand: limit is capped at 100 so the API does not ignore it; positions come inline", async () => {
    const ms = client();
    const pages = [];
    for await (const page of ms.listPages({ entity: "customerorder", limit: 1000, expand: "agent,state,positions.assortment" })) pages.push(page);
    expect(pages).toHaveLength(3);
    expect(pages[0].meta.limit).toBe(100);
    const order = pages[0].rows[0];
    expect(order.agent?.name).toEqual(expect.any(String));
    expect(order.state?.name).toEqual(expect.any(String));
    expect(order.positions?.rows).toHaveLength(order.positions!.meta.size);
    expect(order.positions!.rows![0].assortment?.name).toEqual(expect.any(String));

    const viaEndpoint = await ms.listPositions("customerorder", order.id);
    expect(viaEndpoint.map((p) => p.id)).toEqual(order.positions!.rows!.map((p) => p.id));
    expect(viaEndpoint[0]).toMatchObject({ quantity: expect.any(Number), price: expect.any(Number), vat: expect.any(Number) });
    const expanded = await ms.listPositions("customerorder", order.id, { expand: "assortment" });
    expect(expanded[0].assortment?.name).toEqual(expect.any(String));
    const [task] = await ms.listAll({ entity: "productiontask", limit: 1 }).then((rows) => rows.slice(0, 1));
    const products = await ms.listPositions("productiontask", task.id, { collection: "products" });
    expect(products[0]).toMatchObject({ planQuantity: expect.any(Number), assortment: { meta: { type: "product" } } });
  });

  it("metadata: custom attributes and states; getById with expand", async () => {
    const ms = client();
    const attributes = await ms.getAttributesMetadata("customerorder");
    expect(attributes.map((a) => a.name)).toEqual(expect.arrayContaining(["Источник", "Приоритетный", "Ответственный"]));
    expect(attributes[0]).toMatchObject({ id: expect.any(String), type: expect.any(String), meta: { type: "attributemetadata" } });
    const states = await ms.getStates("customerorder");
    expect(states.map((s) => s.name)).toContain("Новый");
    expect(await ms.getStates("product")).toEqual([]);
    const [first] = (await ms.listPages({ entity: "invoiceout", limit: 1 }).next()).value!.rows;
    const full = await ms.getById("invoiceout", first.id, { expand: "agent,organization" });
    expect(full.id).toBe(first.id);
    expect(full.organization?.name).toBe("ООО «Пульт Трейд»");
  });

  it("createDocument posts with a syncId; the document is then listed and readable", async () => {
    const ms = client();
    const [agent] = await ms.listAll({ entity: "counterparty", limit: 1 }).then((r) => r.slice(0, 1));
    const [organization] = await ms.listAll({ entity: "organization" });
    const [store] = await ms.listAll({ entity: "store" });
    const [product] = (await ms.listPages({ entity: "product", limit: 1 }).next()).value!.rows;
    const created = await ms.createDocument("supply", {
      agent: { meta: agent.meta },
      organization: { meta: organization.meta },
      store: { meta: store.meta },
      positions: [{ quantity: 2, price: 99_900, vat: 20, assortment: { meta: product.meta } }],
    });
    expect(created).toMatchObject({ sum: 199_800, meta: { type: "supply" } });
    expect(sim.requests.at(-1)!.body).toContain('"syncId"');
    expect((await ms.getById("supply", created.id)).sum).toBe(199_800);
    const newest = await ms.listAll({ entity: "supply", order: "updated,desc", limit: 1 }).then((r) => r[0]);
    expect(newest.id).toBe(created.id);
  });

  it("wrong token → auth error, not retried, token never in the error", async () => {
    const token = "wrong-token-0123456789abcdef";
    const ms = client({}, token);
    await expectUpstreamError(ms.listAll({ entity: "customerorder" }), { provider: "moysklad", kind: "auth", status: 401, retryable: false, secrets: [token] });
    expect(ms.stats().requests).toBe(1);
  });

  it("429: X-Lognex-Retry-After is honoured (the key pauses) and every request eventually succeeds", async () => {
    sim.seed({ timeScale: 0.05, rateLimit: { limit: 10, windowMs: 3000 } }); // 10 per 150 ms
    // A client that does not know the budget: the server's 429s drive it.
    const ms = client({ budget: { limit: 10_000, windowMs: 1 } });
    const results = await Promise.all(Array.from({ length: 60 }, () => ms.listAll({ entity: "store" })));
    expect(results.every((r) => r.length === 3)).toBe(true);
    expect(ms.stats().rateLimited).toBeGreaterThan(0);
    const counters = await admin.counters();
    expect(counters.byStatus["429"]).toBe(ms.stats().rateLimited);

    // With the (time-scaled) documented budget the client stays under the limit: no 429 at all
    // (once the server's window has forgotten the first burst). A 600 ms window: a loaded machine's timer
    // jitter stays small against it.
    sim.seed({ timeScale: 0.2, rateLimit: { limit: 10, windowMs: 3000 } });
    await new Promise((resolve) => setTimeout(resolve, 700));
    await admin.resetCounters();
    const polite = client({ budget: scaleBudget({ ...RATE_BUDGETS.moysklad, limit: 10 }, 0.2) });
    await Promise.all(Array.from({ length: 30 }, () => polite.listAll({ entity: "store" })));
    expect(polite.stats().rateLimited).toBe(0);
    expect((await admin.counters()).byStatus["429"]).toBeUndefined();
  });

  it("parallel-limit 429 (code 1073) is retried with backoff", async () => {
    sim.seed({ latencyMs: 30, timeScale: 1, parallelLimit: 2, rateLimit: { limit: 10_000, windowMs: 3000 } });
    const ms = client(); // allows 5 in flight: the server rejects some
    const results = await Promise.all(Array.from({ length: 8 }, () => ms.listAll({ entity: "store" })));
    expect(results.every((r) => r.length === 3)).toBe(true);
    expect(ms.stats().rateLimited).toBeGreaterThan(0);
  });

  it("5xx is retried with backoff and then succeeds; exhausted retries surface a server error", async () => {
    sim.seed({ faults: [{ path: "/entity/customerorder", status: 503, times: 2 }] });
    const ms = client();
    const rows = await ms.listAll({ entity: "customerorder", limit: 1000 });
    expect(rows).toHaveLength(250);
    expect(ms.stats()).toMatchObject({ requests: 3, retries: 2, serverErrors: 2 });

    sim.seed({ faults: [{ path: "/entity/demand", status: 500, times: 10 }] });
    const limited = client({ maxAttempts: 3 });
    await expectUpstreamError(limited.listAll({ entity: "demand" }), { provider: "moysklad", kind: "server_error", status: 500, retryable: true });
    expect(limited.stats().requests).toBe(3);
  });

  it("4xx other than 429 is not retried (bad filter → 400 with the API's message)", async () => {
    const ms = client();
    const error = await expectUpstreamError(ms.listAll({ entity: "customerorder", filter: "updated>=not-a-date" }), {
      provider: "moysklad",
      kind: "bad_response",
      status: 400,
      retryable: false,
    });
    expect(error.detail).toContain("1035");
    expect(ms.stats().requests).toBe(1);
    await expectUpstreamError(ms.getById("customerorder", "00000000-0000-0000-0000-000000000000"), { provider: "moysklad", kind: "not_found", status: 404 });
  });

  it("incremental read after modifying 1%: only the changed documents come back", async () => {
    await admin.configure({ seed: "incremental", documents: 20, perType: { customerorder: 1000 } });
    const ms = client();
    const all = await ms.listAll({ entity: "customerorder", order: "updated,asc" });
    const cursor = all.at(-1)!.updated!;
    const { modified } = await admin.modify({ type: "customerorder", percent: 1 });
    const changed = await ms.listAll({ entity: "customerorder", filter: `updated>${cursor}`, order: "updated,asc" });
    expect(changed.map((r) => r.id).sort()).toEqual([...modified[0].ids].sort());
  });

  it("a 100k-document dataset pages through: 100 pages of 1000, every document once, in order", async () => {
    await admin.configure({ seed: "big", documents: 5, perType: { customerorder: 100_000 } });
    const ms = client();
    const started = performance.now();
    const seen = new Set<string>();
    let pages = 0;
    let previous = "";
    let ordered = true;
    for await (const page of ms.listPages({ entity: "customerorder" })) {
      pages++;
      for (const row of page.rows) {
        seen.add(row.id);
        if (row.updated! < previous) ordered = false;
        previous = row.updated!;
      }
    }
    const ms100 = Math.round(performance.now() - started);
    console.info(`[moysklad] 100 pages × 1000 documents (timeScale 0, in-process): ${ms100} ms, ${ms.stats().requests} requests`);
    expect(pages).toBe(100);
    expect(seen.size).toBe(100_000);
    expect(ordered).toBe(true);
    expect(ms.stats().requests).toBe(100);
  }, 180_000);
});
