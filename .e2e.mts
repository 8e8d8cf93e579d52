import { moyskladSimulator, moyskladDemo, MOYSKLAD_API_PREFIX } from "./sandbox/moysklad/server";
import { createMoyskladClient } from "./server/integrations/moysklad/client";
import { createInProcessRateLimiter, scaleBudget, RATE_BUDGETS } from "./server/integrations/rate-limiter";
const sim = await moyskladSimulator.start({ seed: { timeScale: 0, dataset: { seed: 7, documents: 50, perType: { customerorder: 30000, counterparty: 1000 } } } });
const client = createMoyskladClient({ baseUrl: `${sim.url}${MOYSKLAD_API_PREFIX}`, token: moyskladDemo.token }, { limiter: createInProcessRateLimiter(), budget: { windowMs: 0 } });
let t = performance.now(); let n = 0; let pages = 0;
for await (const page of client.listPages({ entity: "customerorder" })) { n += page.rows.length; pages++; }
console.log("listPages 100k", pages, n, Math.round(performance.now() - t), "ms", client.stats().requests);
t = performance.now(); n = 0;
for await (const page of client.listPages({ entity: "counterparty" })) { n += page.rows.length; }
console.log("counterparties 100k", n, Math.round(performance.now() - t), "ms");
t = performance.now(); n = 0; let k = 0;
for await (const page of client.listPages({ entity: "customerorder", expand: "positions" })) { n += page.rows.length; if (++k === 100) break; }
console.log("expand positions 100 pages of 100", n, Math.round(performance.now() - t), "ms");
await sim.stop();
