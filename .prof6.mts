import { Engine } from "./sandbox/moysklad/engine";
import { recordJson } from "./sandbox/moysklad/render";
const e = new Engine({ seed: 7, documents: 50, perType: { customerorder: 100000, counterparty: 100000 } }, { accountId: "a", employeeId: "5e6f7a8b-0000-11ef-0a80-000000000002", employeeUid: "x" });
const seq = e.select("customerorder", { conditions: [], order: [] });
const ctx = { engine: e, base: "http://127.0.0.1:12345/api/remap/1.2" };
for (const mode of ["gen", "gen+render", "gen+render+join", "gen+render+join+buffer"]) {
  const t = performance.now();
  for (let i = 0; i < 30; i++) {
    const recs = seq.slice(i * 1000, 1000);
    if (mode === "gen") continue;
    const parts = recs.map((r) => recordJson(r, ctx));
    if (mode === "gen+render") continue;
    const s = parts.join(",");
    if (mode === "gen+render+join") { s.charCodeAt(100); continue; }
    Buffer.from(s);
  }
  console.log(mode, ((performance.now() - t) / 30).toFixed(1), "ms/page");
}
