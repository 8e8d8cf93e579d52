import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { withTenant } from "../db";
import { ensureJobQueueSchema } from "../jobs/queue-schema";
import { SYSTEM_ACTOR } from "../tenancy/roles";
import { pollMailbox } from "./mail/poll-mailbox";
import { parseMail } from "./mail/parse-mail";
import { processIncomingMail } from "./process-incoming-mail";
import { requestRfqs } from "./request-rfqs";
import { sendRfq } from "./send-rfq";
import { PROCUREMENT_AI_REPLIES } from "./fixtures/ai-replies";
import { createProcurementCompany, desk, DESK, fixture, startMailLab, SUPPLIER_BOX, type TMailLab } from "./testing";

let lab: TMailLab;
beforeAll(async () => {
  await ensureJobQueueSchema();
  lab = await startMailLab();
});
afterAll(() => lab?.stop());
beforeEach(() => {
  lab.ai.reset();
  lab.ai.seed({ replies: PROCUREMENT_AI_REPLIES });
});

/** One poll: fetches, stores and processes (in arrival order) whatever is new. */
async function pollAndProcess(companyId: string) {
  const { processed: results, ...polled } = await pollMailbox({ companyId });
  const pending = await withTenant(companyId, (tx) => tx.procMailMessage.count({ where: { direction: "inbound", processedAt: null } }));
  expect(pending).toBe(0);
  return { polled, results };
}

describe("email → order → RFQ → reply → quote against Dovecot, smtp-server and the AI simulator", () => {
  it("turns client emails of every encoding into orders, once, with attachments kept", async () => {
    const company = await createProcurementCompany(lab);
    for (const f of ["client-plain-utf8.eml", "client-html-only.eml", "client-cp1251.eml", "client-koi8r-attachment.eml", "client-forwarded.eml"]) {
      await lab.imap.deliver(DESK.username, fixture(f));
    }
    const { polled, results } = await pollAndProcess(company.id);
    expect(polled).toEqual({ fetched: 5, stored: 5, duplicates: 0 });
    expect(results.map((r) => r.kind)).toEqual(Array(5).fill("client_request"));

    const orders = await withTenant(company.id, (tx) =>
      tx.procOrder.findMany({ orderBy: { number: "asc" }, include: { items: { orderBy: { position: "asc" } }, client: true } }),
    );
    const year = new Date().getFullYear();
    expect(orders.map((o) => o.number)).toEqual([1, 2, 3, 4, 5].map((n) => `ORD-${year}-000${n}`));
    const first = orders[0];
    expect(first).toMatchObject({ status: "new", aiStatus: "ok", subject: "Заявка на подшипники и ремни" });
    expect(first.client).toMatchObject({ email: "ivan.petrov@stroymontazh.ru", name: "ООО «СтройМонтаж»" });
    expect(first.items.map((i) => [i.name, i.brand, Number(i.quantity), i.unit])).toEqual([
      ["Подшипник 6205-2RS", "SKF", 40, "шт"],
      ["Ремень клиновой A-1250", "Gates", 12, "шт"],
      ["Масло Mobil DTE 25, канистра 20 л", "Mobil", 3, "шт"],
    ]);
    expect(orders[2].items[0].name).toContain("Электродвигатель АИР 80 B2"); // windows-1251
    expect(orders[3].items[0].name).toBe("Кабель ВВГнг-LS 3x2,5"); // KOI8-R + attachment
    const forwarded = orders[4];
    expect(forwarded).toMatchObject({ status: "needs_review", aiStatus: "unsure" });
    expect(forwarded.items).toHaveLength(2); // nothing lost: the unsure parse is kept for the manager

    const attachments = await withTenant(company.id, (tx) => tx.procAttachment.findMany());
    expect(attachments).toHaveLength(1);
    expect(attachments[0]).toMatchObject({ filename: "список.csv", skippedReason: null });

    const usage = await withTenant(company.id, (tx) => tx.procAiUsage.findMany());
    expect(usage).toHaveLength(5);
    expect(usage.every((u) => u.ok && u.totalTokens > 0 && u.promptVersion.startsWith("procurement-"))).toBe(true);

    // A second poll (a restart, or the schedule firing again) finds nothing new; reprocessing is a no-op.
    const again = await pollAndProcess(company.id);
    expect(again.polled).toEqual({ fetched: 0, stored: 0, duplicates: 0 });
    const anyMail = await withTenant(company.id, (tx) => tx.procMailMessage.findFirstOrThrow({ where: { orderId: first.id } }));
    expect(await processIncomingMail({ companyId: company.id, mailMessageId: anyMail.id })).toEqual({ kind: "already_processed" });
    // Lost cursor (e.g. UIDVALIDITY reset): the same messages are deduplicated by Message-ID.
    await withTenant(company.id, (tx) => tx.procSettings.update({ where: { companyId: company.id }, data: { mailLastUid: 0 } }));
    expect((await pollAndProcess(company.id)).polled).toEqual({ fetched: 5, stored: 0, duplicates: 5 });
    expect(await withTenant(company.id, (tx) => tx.procOrder.count())).toBe(5);
  });

  it("without AI, or with invalid AI answers after 3 attempts, the order waits in «Требует проверки»", async () => {
    const noAi = await createProcurementCompany(lab, { ai: false, mailbox: desk(1) });
    await lab.imap.deliver(desk(1).username, fixture("client-cp1251.eml"));
    await pollAndProcess(noAi.id);
    const order = await withTenant(noAi.id, (tx) => tx.procOrder.findFirstOrThrow({ include: { items: true } }));
    expect(order).toMatchObject({ status: "needs_review", aiStatus: "disabled", subject: "КП на электродвигатель" });
    expect(order.reviewReason).toContain("ИИ не настроен");

    const broken = await createProcurementCompany(lab, { mailbox: desk(2) });
    await lab.imap.deliver(desk(2).username, fixture("client-cp1251.eml"));
    lab.ai.seed({ replies: [{ match: "Электродвигатель", reply: "{\"items\": \"не знаю\"}" }] });
    const before = lab.ai.state.completionCount;
    await pollAndProcess(broken.id);
    expect(lab.ai.state.completionCount - before).toBe(3);
    const failed = await withTenant(broken.id, (tx) => tx.procOrder.findFirstOrThrow());
    expect(failed).toMatchObject({ status: "needs_review", aiStatus: "failed" });
    const usage = await withTenant(broken.id, (tx) => tx.procAiUsage.findMany());
    expect(usage.map((u) => u.ok)).toEqual([false, false, false]);
    const mail = await withTenant(broken.id, (tx) => tx.procMailMessage.findFirstOrThrow({ where: { orderId: failed.id } }));
    expect(mail.text).toContain("Пускатель ПМЛ-1100"); // the email is kept for the manager
  });

  it("sends RFQs with own Message-IDs and matches replies by thread, by token, then by sender", async () => {
    const company = await createProcurementCompany(lab, { mailbox: desk(3) });
    await lab.imap.deliver(desk(3).username, fixture("client-plain-utf8.eml"));
    const { results } = await pollAndProcess(company.id);
    const orderId = (results[0] as { orderId: string }).orderId;
    const suppliers = await withTenant(company.id, (tx) =>
      Promise.all([
        tx.procSupplier.create({ data: { companyId: company.id, name: "ПодшипникЦентр", email: SUPPLIER_BOX.username, brands: ["SKF"] } }),
        tx.procSupplier.create({ data: { companyId: company.id, name: "МетизТорг", email: "sales@metiz-torg.example", brands: ["SKF", "Gates"] } }),
        tx.procSupplier.create({ data: { companyId: company.id, name: "Подшипник-Опт", email: "zakaz@bearing-opt.example" } }),
      ]),
    );
    expect(await requestRfqs({ companyId: company.id, actor: SYSTEM_ACTOR, orderId, supplierIds: suppliers.map((s) => s.id) })).toEqual({ created: 3, skipped: 0 });
    const rfqs = await withTenant(company.id, (tx) => tx.procRfq.findMany({ include: { supplier: true } }));
    lab.smtp.clearMessages();
    for (const r of rfqs) expect(await sendRfq({ companyId: company.id, rfqId: r.id })).toMatchObject({ status: "sent", attempts: 1 });
    expect(lab.smtp.messages).toHaveLength(3);
    const ids = new Set(lab.smtp.messages.map((m) => /^Message-ID: (.+)$/im.exec(m.raw)?.[1]?.trim()));
    expect(ids.size).toBe(3);
    const toFirst = lab.smtp.messages.find((m) => m.to.includes(SUPPLIER_BOX.username))!;
    const sent = await parseMail(Buffer.from(toFirst.raw), "x");
    expect(sent.subject).toMatch(/^Запрос цены \[RFQ-[A-Z0-9]{6}\] по заявке ORD-\d{4}-0001$/);
    expect(sent.text).toContain("1. Подшипник 6205-2RS, SKF, арт. 6205-2RS — 40 шт");
    const byEmail = (email: string) => rfqs.find((r) => r.supplier.email === email)!;
    const order = await withTenant(company.id, (tx) => tx.procOrder.findUniqueOrThrow({ where: { id: orderId } }));
    expect(order.status).toBe("rfq_sent");

    // 1) threaded reply; 2) headers lost, token in the subject (windows-1251); 3) HTML-only, no token: by sender.
    const first = byEmail(SUPPLIER_BOX.username);
    await lab.imap.deliver(desk(3).username, fixture("supplier-reply-threaded.eml", { RFQ_MESSAGE_ID: first.messageId, SUBJECT: `Запрос цены [RFQ-${first.token}]`.replace(/[^\x20-\x7e]/g, "") }));
    await lab.imap.deliver(desk(3).username, fixture("supplier-reply-no-headers.eml", { TOKEN: `RFQ-${byEmail("sales@metiz-torg.example").token}` }));
    await lab.imap.deliver(desk(3).username, fixture("supplier-reply-html.eml"));
    const replies = await pollAndProcess(company.id);
    expect(replies.results.map((r) => [r.kind, (r as { matchedBy?: string }).matchedBy])).toEqual([
      ["supplier_reply", "thread"],
      ["supplier_reply", "token"],
      ["supplier_reply", "sender"],
    ]);
    const quotes = await withTenant(company.id, (tx) =>
      tx.procQuote.findMany({ include: { items: { include: { orderItem: true } }, supplier: true }, orderBy: { createdAt: "asc" } }),
    );
    expect(quotes).toHaveLength(3);
    const q1 = quotes.find((q) => q.supplier.email === SUPPLIER_BOX.username)!;
    expect(q1).toMatchObject({ currency: "RUB", validUntil: "05.12.2026", terms: "100% предоплата", aiStatus: "ok" });
    expect(q1.items.map((i) => [i.orderItem?.position, Number(i.price), i.vatIncluded, i.leadTimeDays])).toEqual([
      [1, 310, true, 2], [2, 540, true, 5], [3, 14200, true, 0],
    ]);
    const statuses = await withTenant(company.id, (tx) => tx.procRfq.findMany({ select: { status: true } }));
    expect(statuses.every((s) => s.status === "answered")).toBe(true);
    expect((await withTenant(company.id, (tx) => tx.procOrder.findUniqueOrThrow({ where: { id: orderId } }))).status).toBe("quoted");
  });

  it("an unreachable SMTP server: 3 attempts, then «ошибка» with the reason", async () => {
    const company = await createProcurementCompany(lab, { mailbox: desk(4) });
    await withTenant(company.id, async (tx) => {
      const cfg = await tx.integrationConfig.findFirstOrThrow({ where: { kind: "mail" } });
      await tx.integrationConfig.update({ where: { id: cfg.id }, data: { settings: { ...(cfg.settings as object), smtpPort: 1 } } });
    });
    await lab.imap.deliver(desk(4).username, fixture("client-plain-utf8.eml"));
    const { results } = await pollAndProcess(company.id);
    const orderId = (results[0] as { orderId: string }).orderId;
    const s = await withTenant(company.id, (tx) => tx.procSupplier.create({ data: { companyId: company.id, name: "X", email: "x@example.com" } }));
    await requestRfqs({ companyId: company.id, actor: SYSTEM_ACTOR, orderId, supplierIds: [s.id] });
    const rfq = await withTenant(company.id, (tx) => tx.procRfq.findFirstOrThrow());
    const out = await sendRfq({ companyId: company.id, rfqId: rfq.id, backoffMs: 10 });
    expect(out.status).toBe("failed");
    const after = await withTenant(company.id, (tx) => tx.procRfq.findFirstOrThrow());
    expect(after).toMatchObject({ status: "failed", attempts: 3 });
    expect(after.error).toMatch(/SMTP|почта/i);
  });
});
