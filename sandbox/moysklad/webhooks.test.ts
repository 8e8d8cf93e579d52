import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createMoyskladClient } from "../../server/integrations/moysklad/client";
import { createDocumentOnce, createMoyskladWebhooks, syncIdFor, ZMoyskladWebhookPayload } from "../../server/integrations/moysklad/webhooks";
import type { TSimulator } from "../lib/simulator";
import { createMoyskladAdmin } from "./admin";
import { MOYSKLAD_API_PREFIX, moyskladDemo, moyskladSimulator, type TMoyskladSimState } from "./server";

let sim: TSimulator<TMoyskladSimState>;
let receiver: { url: string; bodies: unknown[]; statuses: number[]; delayMs: number; close(): void };
const config = () => ({ baseUrl: `${sim.url}${MOYSKLAD_API_PREFIX}`, token: moyskladDemo.token });
const client = () => createMoyskladClient(config(), { limiter: null, backoff: { baseMs: 5, maxMs: 10 } });
const admin = () => createMoyskladAdmin(sim.url);

beforeAll(async () => {
  sim = await moyskladSimulator.start({ seed: { timeScale: 0, dataset: { seed: "webhooks", documents: 5 }, webhookSettings: { retryDelayMs: 5 } } });
  const bodies: unknown[] = [];
  const statuses: number[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      bodies.push(JSON.parse(Buffer.concat(chunks).toString("utf8")));
      const status = statuses.shift() ?? 200;
      setTimeout(() => {
        res.writeHead(status);
        res.end();
      }, receiver.delayMs);
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  receiver = { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, bodies, statuses, delayMs: 0, close: () => server.close() };
});
afterAll(async () => {
  receiver.close();
  await sim.stop();
});
const refs: Record<string, unknown> = {};
const newDemand = () => admin().create("demand", refs);

beforeEach(async () => {
  if (!refs.agent) {
    const ms = client();
    for (const [key, type] of [["agent", "counterparty"], ["organization", "organization"], ["store", "store"]] as const) {
      refs[key] = { meta: (await ms.listAll({ entity: type, limit: 1 }))[0]!.meta };
    }
  }
  receiver.bodies.length = 0;
  receiver.statuses.length = 0;
  receiver.delayMs = 0;
});

describe("webhooks API", () => {
  it("create / list / disable / delete through the client; validation errors in MoySklad's shape", async () => {
    const hooks = createMoyskladWebhooks(config(), client());
    const created = await hooks.create({ url: receiver.url, action: "CREATE", entityType: "demand" });
    expect(created).toMatchObject({ entityType: "demand", action: "CREATE", enabled: true, url: receiver.url, meta: { type: "webhook" } });
    expect((await hooks.list()).map((h) => h.id)).toEqual([created.id]);
    expect((await hooks.setEnabled(created.id, false)).enabled).toBe(false);
    await expect(hooks.create({ url: "not a url", action: "CREATE", entityType: "demand" })).rejects.toMatchObject({ status: 400 });
    await expect(hooks.create({ url: receiver.url, action: "CREATE", entityType: "nope" })).rejects.toMatchObject({ status: 400 });
    await hooks.remove(created.id);
    expect(await hooks.list()).toEqual([]);
  });

  it("sync keeps exactly the wanted subscriptions for our url", async () => {
    const hooks = createMoyskladWebhooks(config(), client());
    const first = await hooks.sync(receiver.url, [{ entityType: "demand", action: "CREATE" }, { entityType: "customerorder", action: "CREATE" }]);
    expect(Object.keys(first).sort()).toEqual(["customerorder:CREATE", "demand:CREATE"]);
    const second = await hooks.sync(receiver.url, [{ entityType: "demand", action: "CREATE" }]);
    expect(second["demand:CREATE"]).toBe(first["demand:CREATE"]);
    expect((await hooks.list()).map((h) => h.entityType)).toEqual(["demand"]);
  });
});

describe("delivery", () => {
  it("POSTs the documented payload for a document created through the API, once", async () => {
    const ms = client();
    const [agent] = await ms.listAll({ entity: "counterparty", limit: 1 });
    const [organization] = await ms.listAll({ entity: "organization", limit: 1 });
    const [store] = await ms.listAll({ entity: "store", limit: 1 });
    const doc = await createDocumentOnce(ms, "demand", { agent: { meta: agent!.meta }, organization: { meta: organization!.meta }, store: { meta: store!.meta } }, "key-1");
    const again = await createDocumentOnce(ms, "demand", { agent: { meta: agent!.meta }, organization: { meta: organization!.meta }, store: { meta: store!.meta } }, "key-1");
    expect(again.id).toBe(doc.id);
    const deliveries = await admin().settleWebhooks();
    const mine = deliveries.filter((d) => JSON.stringify(d.body).includes(doc.id));
    expect(mine).toHaveLength(1);
    const body = ZMoyskladWebhookPayload.parse(receiver.bodies.find((b) => JSON.stringify(b).includes(doc.id)));
    expect(body.events).toEqual([{ meta: { type: "demand", href: `${sim.url}${MOYSKLAD_API_PREFIX}/entity/demand/${doc.id}` }, action: "CREATE", accountId: moyskladDemo.accountId }]);
    expect(syncIdFor("key-1")).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it("retries a failed delivery (3 retries) and drops it after that; a slow answer (> 1.5 s) is a failure", async () => {
    receiver.statuses.push(500, 503);
    await newDemand();
    let deliveries = await admin().settleWebhooks();
    expect(deliveries.at(-1)).toMatchObject({ status: "delivered", attempts: 3, lastStatus: 200 });

    receiver.statuses.push(500, 500, 500, 500);
    await newDemand();
    deliveries = await admin().settleWebhooks();
    expect(deliveries.at(-1)).toMatchObject({ status: "dropped", attempts: 4, lastStatus: 500 });

    await admin().seed({ webhookSettings: { retryDelayMs: 5, timeoutMs: 100, retries: 0 } });
    receiver.delayMs = 300;
    await newDemand();
    deliveries = await admin().settleWebhooks();
    expect(deliveries.at(-1)).toMatchObject({ status: "dropped", attempts: 1 });
    await admin().seed({ webhookSettings: { retryDelayMs: 5 } });
  });

  it("repeating a delivery sends the same body again (a duplicate, like MoySklad's retries)", async () => {
    const doc = await newDemand();
    const delivery = (await admin().settleWebhooks()).find((d) => JSON.stringify(d.body).includes(String(doc.id)))!;
    await admin().repeatWebhookDelivery(delivery.id);
    await admin().settleWebhooks();
    expect(receiver.bodies.filter((b) => JSON.stringify(b).includes(String(doc.id)))).toHaveLength(2);
  });
});
