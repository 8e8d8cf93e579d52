import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { TSimulator } from "../lib/simulator";
import { createMoyskladAdmin, type TMoyskladAdmin } from "./admin";
import { ASSORTMENT_TYPES, TYPE_DEFS } from "./catalog";
import { MOYSKLAD_API_PREFIX, moyskladDemo, moyskladSimulator, type TMoyskladSimState } from "./server";
import { startMoyskladSimulatorThread } from "./thread";

type TJson = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const auth = { Authorization: `Bearer ${moyskladDemo.token}`, "Accept-Encoding": "gzip" };

describe("MoySklad simulator: entities", () => {
  let sim: TSimulator<TMoyskladSimState>;
  let admin: TMoyskladAdmin;
  let base: string;

  const get = async (path: string, headers: Record<string, string> = auth) => {
    const response = await fetch(`${base}${path}`, { headers });
    return { status: response.status, headers: response.headers, body: (await response.json()) as TJson };
  };
  const send = async (method: string, path: string, body: unknown) => {
    const response = await fetch(`${base}${path}`, { method, headers: { ...auth, "Content-Type": "application/json" }, body: JSON.stringify(body) });
    return { status: response.status, body: (response.headers.get("content-length") === "0" ? {} : await response.json()) as TJson };
  };

  beforeAll(async () => {
    sim = await moyskladSimulator.start({ seed: { timeScale: 0 } });
    admin = createMoyskladAdmin(sim.url);
    base = `${sim.url}${MOYSKLAD_API_PREFIX}`;
  });
  afterAll(() => sim.stop());
  beforeEach(() => sim.reset());

  it("lists pages with the documented meta: size, limit, offset, nextHref / previousHref, context", async () => {
    const first = await get("/entity/customerorder?limit=20");
    expect(first.status).toBe(200);
    expect(first.headers.get("content-encoding")).toBe("gzip");
    expect(first.body.context.employee.meta.href).toBe(`${base}/context/employee`);
    expect(first.body.meta).toMatchObject({ type: "customerorder", size: 50, limit: 20, offset: 0 });
    expect(first.body.meta.previousHref).toBeUndefined();
    expect(first.body.rows).toHaveLength(20);
    const next = new URL(first.body.meta.nextHref);
    expect(next.searchParams.get("offset")).toBe("20");
    const last = await get("/entity/customerorder?limit=20&offset=40");
    expect(last.body.rows).toHaveLength(10);
    expect(last.body.meta.nextHref).toBeUndefined();
    expect(new URL(last.body.meta.previousHref).searchParams.get("offset")).toBe("20");

    const row = first.body.rows[0];
    expect(row.meta).toMatchObject({ href: `${base}/entity/customerorder/${row.id}`, type: "customerorder", mediaType: "application/json" });
    expect(row.moment).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:00\.000$/);
    expect(row.updated).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3}$/);
    expect(row.agent.meta).toMatchObject({ type: "counterparty" });
    expect(row.agent.name).toBeUndefined(); // a reference, not expanded
    expect(row.positions.meta).toMatchObject({ href: `${base}/entity/customerorder/${row.id}/positions`, type: "customerorderposition", limit: 1000, offset: 0 });
    expect(row.positions.meta.size).toBeGreaterThan(0);
    expect(row.positions.rows).toBeUndefined();
    expect(Number.isInteger(row.sum)).toBe(true); // kopecks

    const defaultLimit = await get("/entity/customerorder");
    expect(defaultLimit.body.meta.limit).toBe(1000);
    expect((await get("/entity/customerorder?limit=1001")).body.errors[0].code).toBe(1040);
    expect((await get("/entity/nosuchthing")).body.errors[0].code).toBe(1005);
    const missing = await get("/entity/customerorder/00000000-0000-0000-0000-000000000000");
    expect(missing.status).toBe(404);
    expect(missing.body.errors[0]).toMatchObject({ code: 1021 });
  });

  it("same seed → same data; another seed → other data", async () => {
    const other = await moyskladSimulator.start({ seed: { timeScale: 0 } });
    try {
      const page = async (url: string) => {
        const response = await fetch(`${url}${MOYSKLAD_API_PREFIX}/entity/customerorder?limit=100&expand=positions`, { headers: auth });
        return (await response.text()).split(url).join("");
      };
      expect(await page(sim.url)).toBe(await page(other.url));
      await createMoyskladAdmin(other.url).configure({ seed: "another" });
      expect(await page(sim.url)).not.toBe(await page(other.url));
    } finally {
      await other.stop();
    }
  });

  it("filters by updated (>=, <=, ranges), id, reference, state name; orders by updated", async () => {
    const all = (await get("/entity/customerorder")).body.rows as TJson[];
    const updated = all.map((r) => r.updated as string);
    expect([...updated].sort()).toEqual(updated); // the canonical order is updated asc
    const from = updated[30];
    const since = await get(`/entity/customerorder?filter=${encodeURIComponent(`updated>=${from}`)}`);
    expect(since.body.meta.size).toBe(20);
    expect(since.body.rows[0].id).toBe(all[30].id);
    const range = await get(`/entity/customerorder?filter=${encodeURIComponent(`updated>=${updated[10]};updated<=${updated[14]}`)}`);
    expect(range.body.rows.map((r: TJson) => r.id)).toEqual(all.slice(10, 15).map((r) => r.id));
    const bySeconds = await get(`/entity/customerorder?filter=${encodeURIComponent(`updated>=${from.slice(0, 19)}`)}`);
    expect(bySeconds.body.meta.size).toBeGreaterThanOrEqual(20);

    const byId = await get(`/entity/customerorder?filter=id=${all[7].id}`);
    expect(byId.body.rows.map((r: TJson) => r.id)).toEqual([all[7].id]);
    const agentHref = all[3].agent.meta.href as string;
    const byAgent = await get(`/entity/customerorder?filter=${encodeURIComponent(`agent=${agentHref}`)}`);
    expect(byAgent.body.rows.length).toBeGreaterThan(0);
    expect(byAgent.body.rows.every((r: TJson) => r.agent.meta.href === agentHref)).toBe(true);
    const states = (await get("/entity/customerorder/metadata")).body.states as TJson[];
    const byState = await get(`/entity/customerorder?filter=${encodeURIComponent(`state.name=${states[0].name}`)}`);
    expect(byState.body.rows.every((r: TJson) => r.state.meta.href.endsWith(states[0].id))).toBe(true);

    const desc = await get("/entity/customerorder?order=updated,desc&limit=5");
    expect(desc.body.rows.map((r: TJson) => r.id)).toEqual(all.slice(-5).reverse().map((r) => r.id));
    const byName = await get("/entity/customerorder?order=name,desc&limit=3");
    expect(byName.body.rows.map((r: TJson) => r.name)).toEqual(["00050", "00049", "00048"]);

    const bad = await get(`/entity/customerorder?filter=${encodeURIComponent("updated>=yesterday")}`);
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].code).toBe(1035);
    expect((await get("/entity/customerorder?order=nonsense")).body.errors[0].code).toBe(1063);
  });

  it("expand works with limit ≤ 100 and is silently ignored above (like the API)", async () => {
    const expanded = await get("/entity/customerorder?limit=100&expand=agent,organization,state,owner,positions.assortment");
    const row = expanded.body.rows[0];
    expect(row.agent.name).toEqual(expect.any(String));
    expect(row.agent.inn).toMatch(/^\d{10}(\d{2})?$/);
    expect(row.organization.name).toBe("ООО «Пульт Трейд»");
    expect(row.state.name).toEqual(expect.any(String));
    expect(row.owner.name).toEqual(expect.any(String));
    expect(row.positions.rows).toHaveLength(row.positions.meta.size);
    const position = row.positions.rows[0];
    expect(position.meta.href).toBe(`${base}/entity/customerorder/${row.id}/positions/${position.id}`);
    expect(position.assortment.name).toEqual(expect.any(String));
    expect(position.assortment.salePrices?.[0]?.value ?? position.assortment.name).toBeTruthy();

    const ignored = await get("/entity/customerorder?limit=101&expand=agent,positions");
    expect(ignored.body.rows[0].agent.name).toBeUndefined();
    expect(ignored.body.rows[0].positions.rows).toBeUndefined();
    const single = await get(`/entity/customerorder/${row.id}?expand=agent`);
    expect(single.body.agent.name).toBe(row.agent.name);
  });

  it("positions endpoint pages on its own; rows carry assortment, price (kopecks), quantity, vat", async () => {
    const order = (await get("/entity/customerorder?limit=1&expand=positions")).body.rows[0];
    const size = order.positions.meta.size as number;
    const all = await get(`/entity/customerorder/${order.id}/positions`);
    expect(all.body.meta).toMatchObject({ size, type: "customerorderposition", limit: 1000, offset: 0 });
    expect(all.body.rows.map((r: TJson) => r.id)).toEqual(order.positions.rows.map((r: TJson) => r.id));
    const firstPage = await get(`/entity/customerorder/${order.id}/positions?limit=1`);
    expect(firstPage.body.rows).toHaveLength(1);
    if (size > 1) expect(firstPage.body.meta.nextHref).toContain("offset=1");
    const position = all.body.rows[0];
    expect(position).toMatchObject({ quantity: expect.any(Number), price: expect.any(Number), vat: expect.any(Number), discount: expect.any(Number) });
    expect(position.assortment.meta.type).toMatch(/^(product|service|variant|bundle)$/);
    const one = await get(`/entity/customerorder/${order.id}/positions/${position.id}`);
    expect(one.body.id).toBe(position.id);
    const sum = all.body.rows.reduce((s: number, p: TJson) => s + Math.round(p.price * p.quantity * (1 - p.discount / 100)), 0);
    expect(order.sum).toBe(sum);
  });

  it("metadata: states and custom attributes; attribute values on documents", async () => {
    const metadata = await get("/entity/customerorder/metadata");
    expect(metadata.body.states.length).toBeGreaterThan(3);
    expect(metadata.body.states[0]).toMatchObject({ name: "Новый", stateType: "Regular", entityType: "customerorder", color: expect.any(Number) });
    expect(metadata.body.attributes.meta.href).toBe(`${base}/entity/customerorder/metadata/attributes`);
    const attributes = await get("/entity/customerorder/metadata/attributes");
    expect(attributes.body.meta.size).toBe(attributes.body.rows.length);
    expect(attributes.body.rows.map((a: TJson) => a.type)).toEqual(expect.arrayContaining(["string", "boolean", "employee", "time"]));
    const state = await get(new URL(metadata.body.states[1].meta.href).pathname.slice(MOYSKLAD_API_PREFIX.length));
    expect(state.body.name).toBe(metadata.body.states[1].name);

    const rows = (await get("/entity/customerorder")).body.rows as TJson[];
    const withAttributes = rows.find((r) => r.attributes?.length);
    const value = withAttributes!.attributes[0];
    expect(attributes.body.rows.map((a: TJson) => a.id)).toContain(value.id);
    expect(value.meta.type).toBe("attributemetadata");
    expect((await get("/entity/product/metadata")).body.states).toBeUndefined();
    expect((await get("/entity/service/metadata/attributes")).body.rows[0].meta.href).toContain("/entity/product/metadata/attributes/");
  });

  it("serves every entity type the exports read, with type-specific fields", async () => {
    for (const def of TYPE_DEFS) {
      const list = await get(`/entity/${def.type}?limit=2`);
      expect(list.status, def.type).toBe(200);
      expect(list.body.rows.length, def.type).toBeGreaterThan(0);
      expect(list.body.rows[0].meta.type).toBe(def.type);
    }
    const payment = (await get("/entity/paymentin?limit=100")).body.rows.find((p: TJson) => p.operations?.length) as TJson;
    expect(payment.operations[0]).toMatchObject({ meta: { type: expect.stringMatching(/customerorder|demand|invoiceout/) }, linkedSum: expect.any(Number) });
    expect(payment.operations.reduce((s: number, o: TJson) => s + o.linkedSum, 0)).toBeLessThanOrEqual(payment.sum);
    const paid = await get(new URL(payment.operations[0].meta.href).pathname.slice(MOYSKLAD_API_PREFIX.length));
    expect(paid.status).toBe(200);

    const task = (await get("/entity/productiontask?limit=1&expand=productionRows,products")).body.rows[0];
    expect(task.productionRows.rows[0]).toMatchObject({ processingPlan: { meta: { type: "processingplan" } }, productionVolume: expect.any(Number) });
    expect(task.products.rows[0]).toMatchObject({ assortment: { meta: { type: "product" } }, planQuantity: expect.any(Number) });
    expect(task.materialsStore.meta.type).toBe("store");
    const plan = (await get("/entity/processingplan?limit=1&expand=materials,products")).body.rows[0];
    expect(plan.materials.rows.length).toBeGreaterThan(0);
    expect(plan.products.rows[0].product.meta.type).toBe("product");
    const move = (await get("/entity/move?limit=1")).body.rows[0];
    expect(move.sourceStore.meta.href).not.toBe(move.targetStore.meta.href);
    const report = (await get("/entity/commissionreportin?limit=1&expand=positions")).body.rows[0];
    expect(report).toMatchObject({ commissionPeriodStart: expect.any(String), rewardPercent: expect.any(Number), commitentSum: expect.any(Number) });
    expect(report.positions.rows[0].reward).toEqual(expect.any(Number));
    const drawer = (await get("/entity/retaildrawercashout?limit=1")).body.rows[0];
    expect(drawer.agent.meta.type).toBe("employee");
    expect(drawer.retailShift.meta.type).toBe("retailshift");
    const counterparty = (await get("/entity/counterparty?limit=1")).body.rows[0];
    expect(counterparty).toMatchObject({ name: expect.any(String), inn: expect.stringMatching(/^\d{10,12}$/), phone: expect.stringMatching(/^\+7 /), companyType: expect.any(String) });

    const assortment = await get("/entity/assortment");
    const types = new Set((assortment.body.rows as TJson[]).map((r) => r.meta.type));
    expect([...types].sort()).toEqual([...ASSORTMENT_TYPES].sort());
    const product = (assortment.body.rows as TJson[]).find((r) => r.meta.type === "product")!;
    expect(product).toMatchObject({ stock: expect.any(Number), salePrices: [{ value: expect.any(Number), priceType: { name: "Цена продажи" } }], uom: { meta: { type: "uom" } } });
    const variant = (assortment.body.rows as TJson[]).find((r) => r.meta.type === "variant")!;
    expect(variant.characteristics[0]).toMatchObject({ name: "Вариант", value: expect.any(String) });
    for (const directory of ["organization", "store", "project", "employee", "currency", "uom", "productfolder"]) {
      expect((await get(`/entity/${directory}`)).body.meta.size, directory).toBeGreaterThan(0);
    }
    const employees = (await get("/entity/employee")).body.rows as TJson[];
    expect(employees[0].id).toBe(moyskladDemo.employeeId);
  });

  it("auth: Bearer and Basic; wrong token → 401 code 1056; no gzip → 415", async () => {
    const wrong = await get("/entity/customerorder", { Authorization: "Bearer nope", "Accept-Encoding": "gzip" });
    expect(wrong.status).toBe(401);
    expect(wrong.body.errors[0]).toMatchObject({ code: 1056, moreInfo: expect.stringContaining("1056") });
    const basic = `Basic ${Buffer.from(`${moyskladDemo.login}:${moyskladDemo.password}`).toString("base64")}`;
    expect((await get("/entity/customerorder?limit=1", { Authorization: basic, "Accept-Encoding": "gzip" })).status).toBe(200);
    const badBasic = `Basic ${Buffer.from(`${moyskladDemo.login}:wrong`).toString("base64")}`;
    expect((await get("/entity/customerorder", { Authorization: badBasic, "Accept-Encoding": "gzip" })).status).toBe(401);
    const plain = await fetch(`${base}/entity/customerorder`, { headers: { Authorization: auth.Authorization, "Accept-Encoding": "identity" } });
    expect(plain.status).toBe(415);
  });

  it("rate limit: 429 code 1049 with X-Lognex-Retry-After and the limit headers; time scale shortens the window", async () => {
    // 5 per 1.5 s: short enough for a test, long enough that a loaded machine never lets the window pass mid-loop.
    sim.seed({ timeScale: 0.5, rateLimit: { limit: 5, windowMs: 3000 } });
    for (let i = 0; i < 5; i++) {
      const ok = await get("/entity/store");
      expect(ok.status).toBe(200);
      expect(ok.headers.get("x-ratelimit-limit")).toBe("5");
      expect(ok.headers.get("x-lognex-retry-timeinterval")).toBe("1500");
      expect(ok.headers.get("x-ratelimit-remaining")).toBe(String(4 - i));
    }
    const limited = await get("/entity/store");
    expect(limited.status).toBe(429);
    expect(limited.body.errors[0].code).toBe(1049);
    const retryAfter = Number(limited.headers.get("x-lognex-retry-after"));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(1500);
    await new Promise((r) => setTimeout(r, retryAfter + 5));
    expect((await get("/entity/store")).status).toBe(200);

    sim.seed({ timeScale: 0 });
    const burst = await Promise.all(Array.from({ length: 60 }, () => get("/entity/store?limit=1")));
    expect(burst.every((r) => r.status === 200)).toBe(true);
  });

  it("parallel limit: more than 5 concurrent requests per user → 429 code 1073", async () => {
    sim.seed({ latencyMs: 60, timeScale: 1, rateLimit: { limit: 1000, windowMs: 3000 } });
    const results = await Promise.all(Array.from({ length: 8 }, () => get("/entity/store")));
    const rejected = results.filter((r) => r.status === 429);
    expect(results.filter((r) => r.status === 200)).toHaveLength(5);
    expect(rejected).toHaveLength(3);
    expect(rejected[0].body.errors[0].code).toBe(1073);
  });

  it("faults: the next N matching requests fail with the given status", async () => {
    sim.seed({ faults: [{ path: "/entity/demand", status: 503, times: 2 }] });
    expect((await get("/entity/demand")).status).toBe(503);
    expect((await get("/entity/customerorder?limit=1")).status).toBe(200);
    expect((await get("/entity/demand")).body.errors[0].code).toBe(1999);
    expect((await get("/entity/demand?limit=1")).status).toBe(200);
  });

  it("admin: modify 1% changes `updated` (and money) of exactly that many documents", async () => {
    await admin.configure({ seed: "modify", documents: 10, perType: { customerorder: 1000 } });
    const before = (await get("/entity/customerorder")).body.rows as TJson[];
    const maxBefore = before.map((r) => r.updated as string).sort().at(-1)!;
    const result = await admin.modify({ type: "customerorder", percent: 1 });
    expect(result.total).toBe(10);
    const ids = result.modified[0].ids;
    expect(new Set(ids).size).toBe(10);

    const after = (await get("/entity/customerorder")).body.rows as TJson[];
    expect(after).toHaveLength(1000);
    const changed = after.filter((r) => r.updated > maxBefore);
    expect(changed.map((r) => r.id).sort()).toEqual([...ids].sort());
    expect(after.slice(-10).map((r) => r.id)).toEqual(changed.map((r) => r.id)); // changes move to the end of updated order
    const beforeById = new Map(before.map((r) => [r.id, r]));
    for (const row of changed) expect(row.sum).toBeGreaterThan(beforeById.get(row.id)!.sum);
    const unchanged = after.filter((r) => !ids.includes(r.id));
    for (const row of unchanged) expect(row).toEqual(beforeById.get(row.id));

    const incremental = await get(`/entity/customerorder?filter=${encodeURIComponent(`updated>${maxBefore}`)}&order=updated,asc`);
    expect(incremental.body.rows.map((r: TJson) => r.id).sort()).toEqual([...ids].sort());
    expect((await admin.modify({ type: "customerorder", count: 3 })).total).toBe(3);
    expect((await admin.dataset()).types.customerorder).toMatchObject({ generated: 1000, live: 1000, changed: 13 });
  });

  it("create (API and admin), update, delete; syncId makes POST idempotent; counters", async () => {
    const [agent] = (await get("/entity/counterparty?limit=1")).body.rows as TJson[];
    const [organization] = (await get("/entity/organization?limit=1")).body.rows as TJson[];
    const [product] = (await get("/entity/product?limit=1")).body.rows as TJson[];
    await admin.resetCounters();
    const body = {
      syncId: "6a0f1c1e-0000-4000-8000-000000000001",
      agent: { meta: agent.meta },
      organization: { meta: organization.meta },
      moment: "2026-11-01 10:00:00",
      description: "Создан тестом",
      positions: [{ quantity: 3, price: 150_000, vat: 20, assortment: { meta: product.meta } }],
    };
    const created = await send("POST", "/entity/customerorder?expand=agent", body);
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({ name: "00051", sum: 450_000, vatSum: 75_000, moment: "2026-11-01 10:00:00.000", description: "Создан тестом" });
    expect(created.body.agent.name).toBe(agent.name);
    const again = await send("POST", "/entity/customerorder", body);
    expect(again.body.id).toBe(created.body.id);
    expect((await get("/entity/customerorder?limit=1")).body.meta.size).toBe(51);
    const newest = (await get("/entity/customerorder?order=updated,desc&limit=1")).body.rows[0];
    expect(newest.id).toBe(created.body.id);

    const missingAgent = await send("POST", "/entity/customerorder", { organization: { meta: organization.meta } });
    expect(missingAgent.status).toBe(412);

    const updated = await send("PUT", `/entity/customerorder/${created.body.id}`, { description: "Изменён" });
    expect(updated.body.description).toBe("Изменён");
    expect(updated.body.updated > created.body.updated).toBe(true);
    const removed = await send("DELETE", `/entity/customerorder/${created.body.id}`, undefined);
    expect(removed.status).toBe(200);
    expect((await get(`/entity/customerorder/${created.body.id}`)).status).toBe(404);
    expect((await get("/entity/customerorder?limit=1")).body.meta.size).toBe(50);

    const viaAdmin = await admin.create("demand", { agent: { meta: agent.meta }, organization: { meta: organization.meta } });
    expect((await get(`/entity/demand/${viaAdmin.id as string}`)).status).toBe(200);
    await admin.remove("demand", viaAdmin.id as string);
    expect((await get(`/entity/demand/${viaAdmin.id as string}`)).status).toBe(404);

    const counters = await admin.counters();
    expect(counters.byPath["POST /entity/customerorder"]).toBe(3);
    expect(counters.byPath["GET /entity/customerorder/:id"]).toBe(1);
    expect(counters.byStatus["412"]).toBe(1);
    expect(counters.total).toBeGreaterThanOrEqual(9);
  });

  it("runs in its own worker thread, controlled over HTTP", async () => {
    const thread = await startMoyskladSimulatorThread({ seed: { timeScale: 0, dataset: { seed: "thread", documents: 3 } } });
    try {
      const response = await fetch(`${thread.url}${MOYSKLAD_API_PREFIX}/entity/demand`, { headers: auth });
      expect(((await response.json()) as TJson).meta.size).toBe(3);
      const threadAdmin = createMoyskladAdmin(thread.url);
      expect((await threadAdmin.modify({ type: "demand", count: 1 })).total).toBe(1);
      expect((await threadAdmin.counters()).byPath["GET /entity/demand"]).toBe(1);
    } finally {
      await thread.stop();
    }
  });
});
