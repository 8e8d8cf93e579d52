import { Engine } from "./sandbox/moysklad/engine";
import { recordJson } from "./sandbox/moysklad/render";
const e = new Engine({ seed: 7, documents: 50, perType: { customerorder: 100000, counterparty: 100000 } }, { accountId: "a", employeeId: "5e6f7a8b-0000-11ef-0a80-000000000002", employeeUid: "x" });
const seq = e.select("customerorder", { conditions: [], order: [] });
const ctx = { engine: e, base: "http://127.0.0.1:12345/api/remap/1.2" };
for (let round = 0; round < 10; round++) {
  const t = performance.now();
  let n = 0;
  for (let i = round * 10; i < round * 10 + 10; i++) {
    const chunks: Buffer[] = [];
    for (const r of seq.slice(i * 1000, 1000)) chunks.push(Buffer.from(recordJson(r, ctx)));
    n += Buffer.concat(chunks).length;
  }
  console.log("gen+render+bytes", ((performance.now() - t) / 10).toFixed(1), "ms/page", process.memoryUsage().heapUsed >> 20, "MB heap");
}
