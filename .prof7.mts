import { Dataset } from "./sandbox/moysklad/catalog";
const ds = new Dataset({ seed: 7, documents: 50, perType: { customerorder: 100000, counterparty: 100000 } }, { accountId: "a", employeeId: "5e6f7a8b-0000-11ef-0a80-000000000002", employeeUid: "x" });
let x = 0;
for (let round = 0; round < 5; round++) {
  const t = performance.now();
  for (let i = round * 20000; i < (round + 1) * 20000; i++) x += (ds.generate("customerorder", i) as any).sum;
  console.log("gen per 1000", ((performance.now() - t) / 20).toFixed(1));
}
