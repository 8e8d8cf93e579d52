import { extractText, getDocumentProxy } from "unpdf";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withTenant } from "../db";
import { ensureJobQueueSchema } from "../jobs/queue-schema";
import { SYSTEM_ACTOR } from "../tenancy/roles";
import { pollMailbox } from "./mail/poll-mailbox";
import { parseMail } from "./mail/parse-mail";
import { processIncomingMail } from "./process-incoming-mail";
import { requestRfqs } from "./request-rfqs";
import { sendRfq } from "./send-rfq";
import { createOffer } from "./create-offer";
import { sendOffer } from "./send-offer";
import { selectQuoteItem } from "./select-quote-item";
import { getOrder } from "./get-order";
import { checkRfqTimeouts } from "./check-rfq-timeouts";
import { PROCUREMENT_AI_REPLIES } from "./fixtures/ai-replies";
import { createProcurementCompany, desk, fixture, startMailLab, SUPPLIER_BOX, type TMailLab } from "./testing";

let lab: TMailLab;
beforeAll(async () => {
  await ensureJobQueueSchema();
  lab = await startMailLab();
  lab.ai.seed({ replies: PROCUREMENT_AI_REPLIES }, { persistent: true });
});
afterAll(() => lab?.stop());

async function drain(companyId: string) {
  await pollMailbox({ companyId });
  const pending = await withTenant(companyId, (tx) => tx.procMailMessage.findMany({ where: { direction: "inbound", processedAt: null }, orderBy: { uid: "asc" } }));
  for (const m of pending) await processIncomingMail({ companyId, mailMessageId: m.id });
}

async function pdfText(pdf: Buffer): Promise<string> {
  const doc = await getDocumentProxy(new Uint8Array(pdf));
  const { text } = await extractText(doc, { mergePages: true });
  return text;
}

describe("comparison, КП PDF and timeouts", () => {
  it("compares two suppliers, takes the chosen line, adds markup and renders a Cyrillic PDF that is emailed", async () => {
    const box = desk(5);
    const company = await createProcurementCompany(lab, { mailbox: box });
    await withTenant(company.id, (tx) =>
      tx.procSettings.create({ data: { companyId: company.id, legalName: "ООО «Ромашка»", inn: "7701234567", kpp: "770101001", address: "г. Москва, ул. Ленина, д. 1", offerValidityDays: 10 } }),
    );
    await lab.imap.deliver(box.username, fixture("client-plain-utf8.eml"));
    await drain(company.id);
    const order = await withTenant(company.id, (tx) => tx.procOrder.findFirstOrThrow({ include: { items: { orderBy: { position: "asc" } } } }));
    const [a, b] = await withTenant(company.id, (tx) =>
      Promise.all([
        tx.procSupplier.create({ data: { companyId: company.id, name: "ПодшипникЦентр", email: SUPPLIER_BOX.username, brands: ["SKF"] } }),
        tx.procSupplier.create({ data: { companyId: company.id, name: "МетизТорг", email: "sales@metiz-torg.example", categories: ["ремни"] } }),
      ]),
    );
    const suggested = (await getOrder({ companyId: company.id, orderId: order.id })).suggestions;
    expect(suggested.map((s) => s.name)).toEqual(["ПодшипникЦентр", "МетизТорг"]);
    expect(suggested[0].reasons).toContain("бренд SKF");

    await requestRfqs({ companyId: company.id, actor: SYSTEM_ACTOR, orderId: order.id, supplierIds: [a.id, b.id] });
    const rfqs = await withTenant(company.id, (tx) => tx.procRfq.findMany({ include: { supplier: true } }));
    for (const r of rfqs) await sendRfq({ companyId: company.id, rfqId: r.id });
    const ra = rfqs.find((r) => r.supplierId === a.id)!;
    const rb = rfqs.find((r) => r.supplierId === b.id)!;
    await lab.imap.deliver(box.username, fixture("supplier-reply-threaded.eml", { RFQ_MESSAGE_ID: ra.messageId, SUBJECT: "RFQ" }));
    await lab.imap.deliver(box.username, fixture("supplier-reply-no-headers.eml", { TOKEN: `RFQ-${rb.token}` }));
    await drain(company.id);

    const view = await getOrder({ companyId: company.id, orderId: order.id });
    expect(view.status).toBe("quoted");
    expect(view.comparison.suppliers.map((s) => s.name).sort()).toEqual(["МетизТорг", "ПодшипникЦентр"]);
    const line1 = view.comparison.rows[0];
    // 295 without VAT → 354 with 20 % VAT, so 310 (VAT incl.) is the cheapest.
    expect(line1.cells[b.id]).toMatchObject({ price: 295, vatIncluded: false, grossPrice: 354, total: 14160 });
    expect(line1.bestQuoteItemId).toBe(line1.cells[a.id].quoteItemId);
    // The manager prefers МетизТорг for line 1 anyway.
    await selectQuoteItem({ companyId: company.id, actor: SYSTEM_ACTOR, orderItemId: line1.orderItemId, quoteItemId: line1.cells[b.id].quoteItemId });

    const offer = await createOffer({ companyId: company.id, actor: SYSTEM_ACTOR, orderId: order.id, markupPct: 10 });
    expect(offer.number).toBe(`КП-${new Date().getFullYear()}-0001`);
    // 354×1.1=389.40 ×40 = 15576; 540×1.1=594 ×12 = 7128; 14200×1.1=15620 ×3 = 46860 → 69564
    expect(offer.total).toBe(69564);
    const stored = await withTenant(company.id, (tx) => tx.procOffer.findUniqueOrThrow({ where: { id: offer.id } }));
    const text = await pdfText(Buffer.from(stored.pdf));
    expect(text).toContain(`Коммерческое предложение № ${offer.number}`);
    expect(text).toContain("ООО «Ромашка»");
    expect(text).toContain("ООО «СтройМонтаж»");
    expect(text).toContain("Подшипник 6205-2RS");
    expect(text).toContain("69 564,00");
    expect(text).toContain("Шестьдесят девять тысяч пятьсот шестьдесят четыре рубля 00 копеек");
    expect(text).toMatch(/НДС 20%: 11 594,00/);

    lab.smtp.clearMessages();
    await sendOffer({ companyId: company.id, actor: SYSTEM_ACTOR, offerId: offer.id });
    expect(lab.smtp.messages).toHaveLength(1);
    const mail = await parseMail(Buffer.from(lab.smtp.messages[0].raw), "x");
    expect(mail.to).toEqual(["ivan.petrov@stroymontazh.ru"]);
    expect(mail.inReplyTo).toBe("<req-plain-001@stroymontazh.ru>");
    expect(mail.attachments.map((x) => x.filename)).toEqual([`${offer.number}.pdf`]);
    const after = await getOrder({ companyId: company.id, orderId: order.id });
    expect(after.status).toBe("offer_sent");
    expect(after.offers[0]).toMatchObject({ sentTo: "ivan.petrov@stroymontazh.ru", sendError: null });
    expect(after.history.map((h) => h.action)).toEqual(expect.arrayContaining([
      "procurement.order.created", "procurement.rfq.requested", "procurement.rfq.sent", "procurement.quote.received",
      "procurement.order.supplier_chosen", "procurement.offer.created", "procurement.offer.sent",
    ]));
  });

  it("reminds once after 24 h and marks «нет ответа» after 48 h", async () => {
    const box = desk(6);
    const company = await createProcurementCompany(lab, { mailbox: box });
    await lab.imap.deliver(box.username, fixture("client-cp1251.eml"));
    await drain(company.id);
    const order = await withTenant(company.id, (tx) => tx.procOrder.findFirstOrThrow());
    const s = await withTenant(company.id, (tx) => tx.procSupplier.create({ data: { companyId: company.id, name: "Электро", email: "silent@example.com" } }));
    await requestRfqs({ companyId: company.id, actor: SYSTEM_ACTOR, orderId: order.id, supplierIds: [s.id] });
    const rfq = await withTenant(company.id, (tx) => tx.procRfq.findFirstOrThrow());
    await sendRfq({ companyId: company.id, rfqId: rfq.id });
    const sentAt = (await withTenant(company.id, (tx) => tx.procRfq.findFirstOrThrow())).sentAt!;
    const at = (h: number) => new Date(sentAt.getTime() + h * 3_600_000);

    expect(await checkRfqTimeouts({ now: at(23) })).toMatchObject({ timedOut: 0 });
    const mine = async () => withTenant(company.id, (tx) => tx.jobRun.count({ where: { type: "procurement-send-rfq", idempotencyKey: `reminder:${rfq.id}` } }));
    expect(await mine()).toBe(0);
    await checkRfqTimeouts({ now: at(25) });
    await checkRfqTimeouts({ now: at(26) });
    expect(await mine()).toBe(1); // one reminder, however often the schedule runs
    lab.smtp.clearMessages();
    expect(await sendRfq({ companyId: company.id, rfqId: rfq.id, reminder: true })).toMatchObject({ status: "sent" });
    const reminder = await parseMail(Buffer.from(lab.smtp.messages[0].raw), "x");
    expect(reminder.subject).toMatch(/^Напоминание: Запрос цены \[RFQ-/);
    expect(reminder.inReplyTo).toBe(rfq.messageId);
    expect(await sendRfq({ companyId: company.id, rfqId: rfq.id, reminder: true })).toMatchObject({ skipped: true });

    await checkRfqTimeouts({ now: at(49) });
    const after = await withTenant(company.id, (tx) => tx.procRfq.findFirstOrThrow());
    expect(after.status).toBe("no_answer");
    const audit = await withTenant(company.id, (tx) => tx.auditLog.findMany({ where: { action: "procurement.rfq.timed_out" } }));
    expect(audit).toHaveLength(1);
  });
});
