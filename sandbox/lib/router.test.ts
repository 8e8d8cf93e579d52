import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sendJson } from "./http";
import { defineSimulator, type TSimulator } from "./simulator";

type TState = { greeting: string; items: string[] };

const echo = defineSimulator<TState>({
  name: "echo",
  createState: () => ({ greeting: "привет", items: [] }),
  routes(router, sim) {
    router.get("/bot:token/:method", (ctx) => sendJson(ctx.res, 200, ctx.params));
    router.post("/items/?", (ctx) => {
      sim.state.items.push(ctx.json<{ name: string }>()!.name);
      sendJson(ctx.res, 201, { items: sim.state.items });
    });
    router.get("/greeting", (ctx) => sendJson(ctx.res, 200, { greeting: sim.state.greeting, q: ctx.query.get("q") }));
    router.get("/boom", () => {
      throw new Error("kaput");
    });
  },
  notFound: (ctx) => sendJson(ctx.res, 404, { custom: true, path: ctx.path }),
});

describe("simulator skeleton", () => {
  let sim: TSimulator<TState>;
  beforeAll(async () => {
    sim = await echo.start({ seed: { greeting: "здравствуйте" } });
  });
  afterAll(() => sim.stop());

  it("matches params inside a segment (Telegram style)", async () => {
    const res = await fetch(`${sim.url}/bot123:ABC-def/getMe`);
    expect(await res.json()).toEqual({ token: "123:ABC-def", method: "getMe" });
  });

  it("optional trailing slash, JSON bodies, query strings, state", async () => {
    expect((await fetch(`${sim.url}/items`, { method: "POST", body: JSON.stringify({ name: "a" }) })).status).toBe(201);
    const res = await fetch(`${sim.url}/items/`, { method: "POST", body: JSON.stringify({ name: "b" }) });
    expect(await res.json()).toEqual({ items: ["a", "b"] });
    expect(await (await fetch(`${sim.url}/greeting?q=1`)).json()).toEqual({ greeting: "здравствуйте", q: "1" });
  });

  it("provider 404 for unknown routes and methods; 500 on handler errors", async () => {
    expect(await (await fetch(`${sim.url}/items`)).json()).toEqual({ custom: true, path: "/items" });
    const boom = await fetch(`${sim.url}/boom`);
    expect(boom.status).toBe(500);
  });

  it("reset restores the initial state plus persistent seeds and clears the log", async () => {
    sim.seed({ items: ["x"] });
    expect(sim.requests.length).toBeGreaterThan(0);
    sim.reset();
    expect(sim.state).toEqual({ greeting: "здравствуйте", items: [] });
    expect(sim.requests).toHaveLength(0);
    const state = await (await fetch(`${sim.url}/__sandbox/state`)).json();
    expect(state).toEqual({ greeting: "здравствуйте", items: [] });
    expect(sim.requests).toHaveLength(0); // admin calls are not recorded
  });
});

describe("simulator skeleton: body limit and admin routes", () => {
  it("drains an oversized body and answers 413; extra admin routes are served and not recorded", async () => {
    const small = defineSimulator<{ n: number }>({
      name: "small",
      createState: () => ({ n: 1 }),
      routes(router) {
        router.post("/echo", (ctx) => sendJson(ctx.res, 200, { size: ctx.body.length }));
      },
      admin(router, sim) {
        router.get("/__sandbox/n", (ctx) => sendJson(ctx.res, 200, { n: sim.state.n }));
      },
      maxBodyBytes: 1024,
    });
    const sim = await small.start();
    try {
      expect((await fetch(`${sim.url}/echo`, { method: "POST", body: "x".repeat(1024) })).status).toBe(200);
      const big = await fetch(`${sim.url}/echo`, { method: "POST", body: "x".repeat(200_000) });
      expect(big.status).toBe(413);
      expect(await (await fetch(`${sim.url}/__sandbox/n`)).json()).toEqual({ n: 1 });
      expect(sim.requests.map((r) => r.path)).toEqual(["/echo"]);
    } finally {
      await sim.stop();
    }
  });
});
