import { createServer } from "node:http";
import { gzipSync } from "node:zlib";
import { Engine } from "./sandbox/moysklad/engine";
import { recordJson } from "./sandbox/moysklad/render";
const e = new Engine({ seed: 7, documents: 50, perType: { customerorder: 100000, counterparty: 100000 } }, { accountId: "a", employeeId: "5e6f7a8b-0000-11ef-0a80-000000000002", employeeUid: "x" });
const seq = e.select("customerorder", { conditions: [], order: [] });
const page = '{"rows":[' + seq.slice(0, 1000).map((r) => recordJson(r, { engine: e, base: "http://127.0.0.1:12345/api/remap/1.2" })).join(",") + "]}";
const gz = gzipSync(Buffer.from(page), { level: 1 });
const server = createServer((req, res) => { res.writeHead(200, { "Content-Encoding": "gzip", "Content-Type": "application/json", "Content-Length": gz.length }); res.end(gz); });
await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
const port = (server.address() as any).port;
let t = performance.now();
for (let i = 0; i < 30; i++) { const res = await fetch(`http://127.0.0.1:${port}/`, { headers: { "Accept-Encoding": "gzip" } }); const j = await res.json() as any; if (j.rows.length !== 1000) throw 1; }
console.log("client fetch+parse per page", ((performance.now() - t) / 30).toFixed(1), "ms", page.length);
t = performance.now();
for (let i = 0; i < 30; i++) { const s = '{"rows":[' + seq.slice(i * 1000, 1000).map((r) => recordJson(r, { engine: e, base: "http://127.0.0.1:12345/api/remap/1.2" })).join(",") + "]}"; const b = Buffer.from(s); gzipSync(b, { level: 1 }); }
console.log("server gen+render+buffer+gzip per page", ((performance.now() - t) / 30).toFixed(1), "ms");
server.close();
