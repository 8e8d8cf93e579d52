/**
 * Cross-company automation end to end: two companies with SEPARATE simulated MoySklad accounts, a mutual
 * link, the rule «отгрузка у поставщика → приёмка у покупателя»; MoySklad webhooks hit the real route
 * handler, the worker (graphile runtime) creates the supply through the buyer's account. Exactly one
 * supply even when the webhook is delivered twice and the poller sees the shipment too; a paused link
 * blocks the next one; retry from the journal after resuming.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSandbox, type TSandbox } from "../../sandbox";
import { createMoyskladAdmin } from "../../sandbox/moysklad/admin";
import { withSystem, withTenant } from "../db";
import { saveIntegration } from "../connections/save-integration";
import { SYSTEM_ACTOR } from "../tenancy/roles";
import { ensureJobQueueSchema } from "../jobs/queue-schema";
import { startWorker } from "../jobs/worker-runtime";
import { createMoyskladClient } from "../integrations/moysklad/client";
import { drainSourceEventsJob } from "../../inngest/functions/automations/drain-events";
import { executeCrossJobJob } from "../../inngest/functions/automations/execute-job";
import { callerFor, createCompany, createMember } from "../test/factories";
import { DEMAND_TO_SUPPLY_MAPPING } from "./catalog";
import { setAutomationsClientOptions } from "./moysklad-port";
import { reconcileSourceEvents } from "./reconcile-source-events";
import { drainSourceEvents } from "./drain-source-events";
import { startAppStandIn, waitFor } from "../test/app-stand-in";

let sandbox: TSandbox;
let app: Awaited<ReturnType<typeof startAppStandIn>>;
let worker: Awaited<ReturnType<typeof startWorker>>;
let supplier: { id: string };
let buyer: { id: string };
let ownerS: Awaited<ReturnType<typeof createMember>>;
let ownerB: Awaited<ReturnType<typeof createMember>>;
let ruleId: string;
let linkId: string;
let sampleDemandId: string;
const products: Array<{ meta: Record<string, unknown>; code: string }> = [];
const refs: Record<string, { meta: Record<string, unknown> }> = {};

const supplierAdmin = () => createMoyskladAdmin(sandbox.simulators.moysklad.url);
const buyerAdmin = () => createMoyskladAdmin(sandbox.simulators.moyskladPartner.url);
const buyerClient = () => createMoyskladClient(sandbox.configs.moyskladPartner, { limiter: null });
const supplierClient = () => createMoyskladClient(sandbox.configs.moysklad, { limiter: null });

async function supplies(): Promise<Array<Record<string, unknown>>> {
  const rows = await buyerClient().listAll({ entity: "supply", filter: "description~Создано автоматически" });
  return rows as Array<Record<string, unknown>>;
}

async function createShipment(quantity: number): Promise<string> {
  const doc = await supplierAdmin().create("demand", {
    organization: refs.organization, agent: refs.agent, store: refs.store,
    positions: products.map((p, i) => ({ quantity: quantity + i, price: 15000 * (i + 1), assortment: { meta: p.meta } })),
  });
  return String(doc.id);
}

beforeAll(async () => {
  await ensureJobQueueSchema();
  app = await startAppStandIn();
  sandbox = await startSandbox({ ports: "random", imap: false });
  await supplierAdmin().setTimeScale(0);
  await buyerAdmin().setTimeScale(0);
  await supplierAdmin().seed({ webhookSettings: { retryDelayMs: 10 } });
  setAutomationsClientOptions({ limiter: null, backoff: { baseMs: 10, maxMs: 50 } });

  supplier = await withSystem((tx) => tx.company.create({ data: { name: "ООО «Ромашка»", slug: `s-${Date.now()}`, inn: "7701234567", enabledModules: ["automations"] } }));
  buyer = await createCompany("ИП Лютиков", ["automations"]);
  ownerS = await createMember(supplier.id, "owner");
  ownerB = await createMember(buyer.id, "owner");
  await saveIntegration({ companyId: supplier.id, actor: SYSTEM_ACTOR, kind: "moysklad", settings: sandbox.configs.moysklad, secrets: { token: sandbox.configs.moysklad.token } });
  await saveIntegration({ companyId: buyer.id, actor: SYSTEM_ACTOR, kind: "moysklad", settings: sandbox.configs.moyskladPartner, secrets: { token: sandbox.configs.moyskladPartner.token } });

  // The supplier's products exist at the buyer under the same codes; the supplier is a counterparty there.
  for (const p of (await supplierClient().listPages({ entity: "product", limit: 3 }).next()).value!.rows) {
    const code = String((p as { code?: string }).code ?? p.id.slice(0, 8));
    products.push({ meta: p.meta as Record<string, unknown>, code });
    await buyerAdmin().create("product", { name: p.name, code });
  }
  await buyerAdmin().create("counterparty", { name: "ООО «Ромашка»", inn: "7701234567" });
  for (const type of ["organization", "store", "counterparty"] as const) {
    const row = (await supplierClient().listPages({ entity: type, limit: 1 }).next()).value!.rows[0]!;
    refs[type === "counterparty" ? "agent" : type] = { meta: row.meta as Record<string, unknown> };
  }
  // A shipment made before any rule exists: the sample for the dry run.
  sampleDemandId = await createShipment(5);
  worker = await startWorker({ definitions: [drainSourceEventsJob, executeCrossJobJob], cron: false, concurrency: 3, pollInterval: 50, retryBaseMs: 50 });
}, 180_000);

afterAll(async () => {
  await worker?.stop();
  await sandbox?.stop();
  await app?.stop();
});

describe("demand at the supplier → supply at the buyer", () => {
  it("links both companies and creates the rule, subscribing the supplier's MoySklad webhook", async () => {
    await callerFor(ownerS.user, supplier.id).automations.enableLink({ partnerCompanyId: buyer.id });
    const link = await callerFor(ownerB.user, buyer.id).automations.enableLink({ partnerCompanyId: supplier.id });
    expect(link.active).toBe(true);
    linkId = link.id;
    const saved = await callerFor(ownerS.user, supplier.id).automations.saveRule({
      name: "Отгрузка → приёмка у покупателя", linkId, sourceEvent: "demand.created", action: "supply",
      mapping: DEMAND_TO_SUPPLY_MAPPING as unknown as Record<string, unknown>, filters: [], idempotencyTemplate: "{{event.type}}:{{event.id}}",
    });
    expect(saved.webhookError).toBeNull();
    ruleId = saved.id;
    const hooks = await supplierAdmin().webhooks();
    expect(hooks).toEqual([expect.objectContaining({ entityType: "demand", action: "CREATE", enabled: true, url: expect.stringContaining(`/api/automations/moysklad/${supplier.id}/`) })]);
  });

  it("dry-run shows exactly what would be created at the buyer, nothing is written", async () => {
    const before = (await supplies()).length;
    const result = await callerFor(ownerS.user, supplier.id).automations.dryRun({
      linkId, sourceEvent: "demand.created", action: "supply", mapping: DEMAND_TO_SUPPLY_MAPPING as unknown as Record<string, unknown>,
      filters: [{ path: "source.sum", op: "gt", value: 0 }], idempotencyTemplate: "{{event.type}}:{{event.id}}", ruleId,
      sourceDocumentId: sampleDemandId,
    });
    expect(result.error).toBeNull();
    expect(result.request.path).toBe("/entity/supply");
    const body = result.request.body as { agent: { meta: { href: string } }; positions: unknown[]; description: string };
    expect(body.agent.meta.href).toContain(new URL(sandbox.urls.moyskladPartner).host);
    expect(body.description).toMatch(/^Создано автоматически по отгрузке № \d+ от ООО «Ромашка»$/);
    expect(body.positions.length).toBeGreaterThan(0);
    expect(result.idempotencyKey).toBe(`${ruleId}:demand:${sampleDemandId}`);
    expect(result.filtersPassed).toBe(true);
    expect(result.lookups).toContain("counterparty: inn=7701234567 → найден");
    expect((await supplies()).length).toBe(before);
    await supplierAdmin().remove("demand", sampleDemandId);
  });

  it("a shipment creates exactly one supply even when the webhook comes twice and the poller sees it", async () => {
    await withTenant(supplier.id, (tx) => tx.automationEndpoint.updateMany({ data: { pollCursor: new Date(Date.now() - 60_000) } }));
    const demandId = await createShipment(2);
    const job = await waitFor(() => withTenant(supplier.id, (tx) => tx.crossCompanyJob.findFirst({ where: { sourceEntityId: demandId, status: "succeeded" } })), 30_000, "the supply");
    expect(job.targetHref).toContain(new URL(sandbox.urls.moyskladPartner).host);
    const delivery = (await supplierAdmin().settleWebhooks()).find((d) => JSON.stringify(d.body).includes(demandId))!;
    expect(delivery.status).toBe("delivered");
    await supplierAdmin().repeatWebhookDelivery(delivery.id);
    await supplierAdmin().settleWebhooks();
    const polled = await reconcileSourceEvents({ companyId: supplier.id });
    expect(polled.seen).toBeGreaterThan(0);
    expect(polled.stored).toBe(0);
    await new Promise((r) => setTimeout(r, 500));
    const created = (await supplies()).filter((s) => String(s.description).includes(`№ ${job.sourceName}`));
    expect(created).toHaveLength(1);
    expect(await withTenant(supplier.id, (tx) => tx.crossCompanyJob.count({ where: { sourceEntityId: demandId } }))).toBe(1);
    expect(await withTenant(supplier.id, (tx) => tx.sourceEvent.count({ where: { entityId: demandId } }))).toBe(1);
    const positions = await buyerClient().listPositions("supply", String(created[0]!.id));
    expect(positions.map((p) => p.quantity)).toEqual([2, 3, 4]);
    // Audit at both companies.
    expect(await withTenant(supplier.id, (tx) => tx.auditLog.count({ where: { action: "automations.document_created" } }))).toBe(1);
    expect(await withTenant(buyer.id, (tx) => tx.auditLog.count({ where: { action: "automations.document_created_by_partner" } }))).toBe(1);
  });

  it("pausing the link (by the buyer) stops the next one; retry from the journal after resuming", async () => {
    const before = (await supplies()).length;
    await callerFor(ownerB.user, buyer.id).automations.setLinkStatus({ linkId, action: "pause" });
    const demandId = await createShipment(1);
    const job = await waitFor(() => withTenant(supplier.id, (tx) => tx.crossCompanyJob.findFirst({ where: { sourceEntityId: demandId, status: "blocked" } })), 30_000, "a blocked job");
    expect(job.error).toMatch(/Связь с компанией не активна/);
    expect((await supplies()).length).toBe(before);

    await callerFor(ownerB.user, buyer.id).automations.setLinkStatus({ linkId, action: "resume" });
    const journal = await callerFor(ownerS.user, supplier.id).automations.jobs({ status: "blocked" });
    expect(journal.rows.map((r) => r.id)).toContain(job.id);
    await callerFor(ownerS.user, supplier.id).automations.retryJob({ id: job.id });
    await waitFor(() => withTenant(supplier.id, (tx) => tx.crossCompanyJob.findFirst({ where: { id: job.id, status: "succeeded" } })), 30_000, "the retried job");
    expect((await supplies()).length).toBe(before + 1);
    await expect(callerFor(ownerS.user, supplier.id).automations.retryJob({ id: job.id })).rejects.toThrow(/неуспешный/);
  });

  it("a missing product at the buyer fails the job permanently with a clear reason", async () => {
    const doc = await supplierAdmin().create("product", { name: "Товар только у поставщика", code: "ONLY-SUPPLIER" });
    const demand = await supplierAdmin().create("demand", { organization: refs.organization, agent: refs.agent, store: refs.store, positions: [{ quantity: 1, price: 100, assortment: { meta: (doc as { meta: unknown }).meta } }] });
    const job = await waitFor(() => withTenant(supplier.id, (tx) => tx.crossCompanyJob.findFirst({ where: { sourceEntityId: String(demand.id), status: "failed" } })), 30_000, "a failed job");
    expect(job.error).toBe("У получателя в МойСклад не найден объект product с code=ONLY-SUPPLIER");
    expect(job.attempts).toBe(1);
  });

  it("quotas: rules per company and runs per day, with clear messages", async () => {
    await withTenant(supplier.id, (tx) => tx.automationEndpoint.updateMany({ data: { maxRules: 1 } }));
    await expect(callerFor(ownerS.user, supplier.id).automations.saveRule({
      name: "Ещё одно", linkId, sourceEvent: "customerorder.created", action: "purchaseorder", mapping: {}, filters: [], idempotencyTemplate: "{{event.id}}",
    })).rejects.toThrow("Достигнута квота правил: не более 1 на компанию");
    await withTenant(supplier.id, (tx) => tx.automationEndpoint.updateMany({ data: { maxRunsPerDay: 0 } }));
    const demandId = await createShipment(1);
    const job = await waitFor(() => withTenant(supplier.id, (tx) => tx.crossCompanyJob.findFirst({ where: { sourceEntityId: demandId } })), 30_000, "the over-quota job");
    expect(job).toMatchObject({ status: "failed", error: "Превышена квота запусков: не более 0 в сутки" });
    await withTenant(supplier.id, (tx) => tx.automationEndpoint.updateMany({ data: { maxRules: 20, maxRunsPerDay: 1000 } }));
  });

  it("the webhook endpoint refuses a wrong secret and a third company's id", async () => {
    const body = JSON.stringify({ events: [{ meta: { type: "demand", href: "http://x/entity/demand/1" }, action: "CREATE" }] });
    const wrong = await fetch(`${app.url}/api/automations/moysklad/${supplier.id}/not-the-secret`, { method: "POST", body, headers: { "Content-Type": "application/json" } });
    expect(wrong.status).toBe(401);
    const other = await fetch(`${app.url}/api/automations/moysklad/${buyer.id}/whatever`, { method: "POST", body, headers: { "Content-Type": "application/json" } });
    expect(other.status).toBe(401);
  });

  it("a batch of pending events: one source read, one POST for all documents; a re-drain after a crash creates nothing twice", async () => {
    await worker.stop(); // the inbox is drained by hand below, deterministically
    const ids = [await createShipment(1), await createShipment(2), await createShipment(3), await createShipment(4)];
    await supplierAdmin().settleWebhooks();
    expect(await withTenant(supplier.id, (tx) => tx.sourceEvent.count({ where: { entityId: { in: ids }, processedAt: null } }))).toBe(4);
    const before = (await supplies()).length;
    await supplierAdmin().resetCounters();
    await buyerAdmin().resetCounters();

    const result = await drainSourceEvents({ companyId: supplier.id, lingerMs: 0 });
    expect(result).toMatchObject({ batches: 1, events: 4, jobs: 4, documents: 4, handedOver: 0 });
    expect((await supplierAdmin().counters()).byPath).toEqual({ "GET /entity/demand": 1 });
    expect((await buyerAdmin().counters()).byPath["POST /entity/supply"]).toBe(1);
    expect((await supplies()).length).toBe(before + 4);
    const jobs = await withTenant(supplier.id, (tx) => tx.crossCompanyJob.findMany({ where: { sourceEntityId: { in: ids } } }));
    expect(jobs.map((j) => j.status)).toEqual(["succeeded", "succeeded", "succeeded", "succeeded"]);
    expect(await withTenant(buyer.id, (tx) => tx.auditLog.count({ where: { action: "automations.document_created_by_partner" } }))).toBe(6);

    // A run that died after the POST and before its bookkeeping: events pending again, a job still «running».
    const first = jobs[0]!;
    await withTenant(supplier.id, async (tx) => {
      await tx.sourceEvent.updateMany({ where: { entityId: { in: ids } }, data: { processedAt: null } });
      await tx.crossCompanyJob.update({ where: { id: first.id }, data: { status: "running", targetEntityId: null } });
    });
    const again = await drainSourceEvents({ companyId: supplier.id, lingerMs: 0 });
    expect(again).toMatchObject({ events: 4, jobs: 4, documents: 1 });
    const redone = await withTenant(supplier.id, (tx) => tx.crossCompanyJob.findUniqueOrThrow({ where: { id: first.id } }));
    expect(redone).toMatchObject({ status: "succeeded", targetEntityId: first.targetEntityId });
    expect((await supplies()).length).toBe(before + 4);
    expect(await withTenant(supplier.id, (tx) => tx.crossCompanyJob.count({ where: { sourceEntityId: { in: ids } } }))).toBe(4);
    expect(await drainSourceEvents({ companyId: supplier.id, lingerMs: 0 })).toMatchObject({ events: 0, batches: 0 });
  });
});
