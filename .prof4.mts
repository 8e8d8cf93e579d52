import { moyskladSimulator, moyskladDemo, MOYSKLAD_API_PREFIX } from "./sandbox/moysklad/server";
const sim = await moyskladSimulator.start({ seed: { timeScale: 0, dataset: { seed: 7, documents: 50, perType: { customerorder: 100000, counterparty: 100000 } } } });
const base = `${sim.url}${MOYSKLAD_API_PREFIX}`;
const h = { Authorization: `Bearer ${moyskladDemo.token}`, "Accept-Encoding": "gzip" };
let t = performance.now(); let n = 0; let bytes = 0;
for (let off = 0; off < 30000; off += 1000) { const res = await fetch(`${base}/entity/customerorder?limit=1000&offset=${off}`, { headers: h }); const txt = await res.text(); bytes += txt.length; const j = JSON.parse(txt); n += j.rows.length; }
console.log("100 pages", n, Math.round(performance.now() - t), "ms", Math.round(bytes/100/1024), "KB/page");
t = performance.now(); n = 0;
for (let off = 0; off < 2000; off += 100) { const res = await fetch(`${base}/entity/customerorder?limit=100&offset=${off}&expand=positions.assortment,agent`, { headers: h }); const txt = await res.text(); bytes += txt.length; const j = JSON.parse(txt); n += j.rows.length; }
console.log("100 expand pages", n, Math.round(performance.now() - t), "ms");
await sim.stop();
