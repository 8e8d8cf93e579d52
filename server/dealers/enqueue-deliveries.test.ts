/**
 * Queuing dealer deliveries for one source event: one delivery (and its job) per bound dealer, split into
 * transactions of DELIVERIES_PER_TRANSACTION dealers (thousands of dealers in one transaction outlived its
 * time limit), none twice for a repeated event, none for another company's dealers.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withTenant } from "../db";
import { ensureJobQueueSchema } from "../jobs/queue-schema";
import { createCompany } from "../test/factories";
import { enqueueDealerDeliveries, setDeliveriesPerTransaction } from "./enqueue-deliveries";

const agentId = randomUUID();
const order = (id: string) => ({
  meta: { type: "customerorder", href: `https://api.moysklad.ru/api/remap/1.2/entity/customerorder/${id}` },
  id,
  name: "00042",
  sum: 1_250_000,
  agent: { meta: { type: "counterparty", href: `https://api.moysklad.ru/api/remap/1.2/entity/counterparty/${agentId}` } },
});

let company: { id: string };
let other: { id: string };

beforeAll(async () => {
  await ensureJobQueueSchema();
  company = await createCompany("ООО «Много дилеров»", ["automations"]);
  other = await createCompany("ООО «Чужие дилеры»", ["automations"]);
  for (const c of [company, other]) {
    await withTenant(c.id, (tx) => tx.dealer.createMany({
      data: Array.from({ length: c === company ? 7 : 2 }, (_, i) => ({ companyId: c.id, name: `Дилер ${i + 1}`, telegramChatId: String(800000 + i), status: "active" as const, counterpartyIds: [agentId] })),
    }));
  }
  setDeliveriesPerTransaction(3);
});

afterAll(() => setDeliveriesPerTransaction());

describe("enqueueDealerDeliveries", () => {
  it("queues one delivery and one job per bound dealer across several transactions; a repeated event queues nothing", async () => {
    const eventId = randomUUID();
    expect(await enqueueDealerDeliveries({ companyId: company.id, sourceEventId: eventId, entity: order(randomUUID()) })).toBe(7);
    const deliveries = await withTenant(company.id, (tx) => tx.dealerDelivery.findMany({ where: { sourceEventId: eventId }, include: { dealer: true } }));
    expect(deliveries).toHaveLength(7);
    expect(new Set(deliveries.map((d) => d.dealerId)).size).toBe(7);
    expect(deliveries.every((d) => d.status === "queued" && d.text.includes("00042"))).toBe(true);
    const jobs = await withTenant(company.id, (tx) => tx.jobRun.findMany({ where: { idempotencyKey: { in: deliveries.map((d) => `delivery:${d.id}`) } } }));
    expect(jobs).toHaveLength(7);

    expect(await enqueueDealerDeliveries({ companyId: company.id, sourceEventId: eventId, entity: order(randomUUID()) })).toBe(0);
    expect(await withTenant(company.id, (tx) => tx.dealerDelivery.count({ where: { sourceEventId: eventId } }))).toBe(7);
    // The other company's dealers bound to the same counterparty get nothing from this company's event.
    expect(await withTenant(other.id, (tx) => tx.dealerDelivery.count())).toBe(0);
  });
});
