/** The CRM demo data seeds through the domain functions, is idempotent, and respects role visibility. */
import { describe, expect, it } from "vitest";
import { withSystem } from "../db";
import { callerFor } from "../test/factories";
import { seedDemo } from "../../prisma/seed";

describe("seedDemoCrm", () => {
  it("gives «Ромашка» deals that the demo seller and executor see, and runs twice without duplicates", async () => {
    await seedDemo({ sandbox: null });
    await seedDemo({ sandbox: null });
    const company = await withSystem((tx) => tx.company.findUniqueOrThrow({ where: { slug: "romashka" } }));
    const user = (email: string) => withSystem((tx) => tx.user.findUniqueOrThrow({ where: { email } }));
    const seller = callerFor(await user("seller@demo.pult"), company.id);
    const executor = callerFor(await user("executor@demo.pult"), company.id);
    expect((await seller.crm.deals({ filters: { sort: "updatedAt" } })).total).toBe(4);
    expect((await executor.crm.deals({ filters: { sort: "updatedAt" } })).total).toBe(3);
    expect((await executor.crm.myTasks({})).items.map((t) => t.title)).toContain("Рассчитать КАСКО Kia Rio");
    const deals = (await seller.crm.deals({ filters: { sort: "updatedAt", search: "ДМС" } })).items;
    const dms = await seller.crm.deal({ dealId: deals[0]!.id });
    expect(dms.policies[0]!.installments.map((i) => i.status)).toEqual(["paid", "overdue", "due", "due"]);
  });
});
