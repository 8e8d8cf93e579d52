import { queueManagerNotices } from "./telegram/notify-managers";
import { withTenant, type TTx } from "../db";
import { writeAudit } from "../audit/write-audit";
import { SYSTEM_ACTOR } from "../tenancy/roles";
import { logger } from "../logger";
import { nextNumber } from "./numbering";
import { matchSupplierReply } from "./match-supplier-reply";
import { runStructuredAi } from "./ai/run-structured-ai";
import {
  QUOTE_SCHEMA_NAME, QUOTE_SYSTEM_PROMPT, quoteUserPrompt, REQUEST_SCHEMA_NAME, REQUEST_SYSTEM_PROMPT, requestUserPrompt,
  ZQuoteParse, ZRequestParse,
} from "./ai/prompts";

export type TProcessResult =
  | { kind: "already_processed" }
  | { kind: "client_request"; orderId: string; number: string; status: string; items: number }
  | { kind: "supplier_reply"; orderId: string; rfqId: string; quoteId: string; matchedBy: string; items: number };

const TEXT_ATTACHMENT_RE = /^text\/|csv|json|xml/i;

/**
 * Turns one stored incoming email into business data, exactly once (the message is claimed by setting
 * `processedAt` in the same transaction that writes the order or the quote):
 *  - a reply to one of our requests for quotation → a quote on that order (AI extracts prices);
 *  - anything else → a new order `ORD-YYYY-NNNN` with the client matched by email (or created) and the items
 *    extracted by AI; when AI is off, fails or is unsure, the order waits in «Требует проверки».
 */
export async function processIncomingMail(opts: {
  companyId: string;
  mailMessageId: string;
  /** Awaited before the writing transaction: lets a batch run its AI calls in parallel but number orders in arrival order. */
  beforeCommit?: () => Promise<unknown>;
}): Promise<TProcessResult> {
  const { companyId, mailMessageId } = opts;
  const loaded = await withTenant(companyId, async (tx) => {
    const mail = await tx.procMailMessage.findUnique({
      where: { id: mailMessageId },
      select: {
        id: true, processedAt: true, direction: true, messageId: true, inReplyTo: true, references: true, fromAddress: true,
        fromName: true, subject: true, text: true,
        attachments: { select: { filename: true, contentType: true, size: true, content: true } },
      },
    });
    if (!mail) return null;
    const match = await matchSupplierReply(tx, mail);
    return { mail, match };
  });
  if (!loaded) throw Object.assign(new Error("Письмо не найдено"), { retryable: false });
  const { mail, match } = loaded;
  if (mail.processedAt) return { kind: "already_processed" };

  if (match) {
    const items = await withTenant(companyId, (tx) =>
      tx.procOrderItem.findMany({ where: { orderId: match.orderId }, orderBy: { position: "asc" } }),
    );
    const ai = await runStructuredAi({
      companyId,
      purpose: "supplier_quote",
      schemaName: QUOTE_SCHEMA_NAME,
      schema: ZQuoteParse,
      system: QUOTE_SYSTEM_PROMPT,
      user: quoteUserPrompt({
        supplier: mail.fromName ? `${mail.fromName} <${mail.fromAddress}>` : mail.fromAddress,
        subject: mail.subject,
        text: mail.text,
        items: items.map((i) => ({ position: i.position, name: i.name, brand: i.brand, article: i.article, quantity: i.quantity.toString(), unit: i.unit })),
      }),
    });
    await opts.beforeCommit?.();
    return withTenant(companyId, async (tx) => {
      if (!(await claim(tx, mail.id))) return { kind: "already_processed" } as const;
      const parsed = ai.status === "ok" ? ai.data : null;
      const aiStatus = ai.status === "ok" ? (ai.data.confident ? "ok" : "unsure") : ai.status;
      const byPosition = new Map(items.map((i) => [i.position, i.id]));
      const quote = await tx.procQuote.create({
        data: {
          companyId,
          orderId: match.orderId,
          rfqId: match.rfqId,
          supplierId: match.supplierId,
          mailMessageId: mail.id,
          currency: parsed?.currency.toUpperCase() ?? "RUB",
          validUntil: parsed?.validUntil ?? null,
          terms: parsed?.terms ?? null,
          aiStatus,
          items: {
            create: (parsed?.items ?? []).map((i) => ({
              companyId,
              orderItemId: i.position ? byPosition.get(i.position) ?? null : null,
              name: i.name,
              price: i.price,
              currency: parsed?.currency.toUpperCase() ?? "RUB",
              vatIncluded: i.vatIncluded,
              leadTimeDays: i.leadTimeDays,
              availability: i.availability,
              notes: i.notes,
            })),
          },
        },
      });
      await tx.procRfq.update({ where: { id: match.rfqId }, data: { status: "answered", answeredAt: new Date() } });
      await tx.procOrder.updateMany({ where: { id: match.orderId, status: { in: ["new", "needs_review", "rfq_sent"] } }, data: { status: "quoted" } });
      await tx.procMailMessage.update({ where: { id: mail.id }, data: { kind: "supplier_reply", orderId: match.orderId, rfqId: match.rfqId, processError: ai.status === "ok" ? null : ai.error } });
      await writeAudit(tx, companyId, SYSTEM_ACTOR, {
        action: "procurement.quote.received",
        entity: "ProcOrder",
        entityId: match.orderId,
        changes: { quoteId: quote.id, rfqId: match.rfqId, matchedBy: match.by, aiStatus, items: parsed?.items.length ?? 0, from: mail.fromAddress },
      });
      await queueManagerNotices(tx, companyId, { kind: "quote_received", orderId: match.orderId, eventKey: quote.id });
      return { kind: "supplier_reply", orderId: match.orderId, rfqId: match.rfqId, quoteId: quote.id, matchedBy: match.by, items: parsed?.items.length ?? 0 } as const;
    });
  }

  const attachmentTexts = mail.attachments
    .filter((a) => a.content && a.size <= 100_000 && TEXT_ATTACHMENT_RE.test(a.contentType))
    .map((a) => `${a.filename}\n${Buffer.from(a.content!).toString("utf8")}`);
  const ai = await runStructuredAi({
    companyId,
    purpose: "client_request",
    schemaName: REQUEST_SCHEMA_NAME,
    schema: ZRequestParse,
    system: REQUEST_SYSTEM_PROMPT,
    user: requestUserPrompt({
      from: mail.fromName ? `${mail.fromName} <${mail.fromAddress}>` : mail.fromAddress,
      subject: mail.subject,
      text: mail.text,
      attachments: attachmentTexts,
    }),
  });
  await opts.beforeCommit?.();
  return withTenant(companyId, async (tx) => {
    if (!(await claim(tx, mail.id))) return { kind: "already_processed" } as const;
    const parsed = ai.status === "ok" ? ai.data : null;
    const usable = parsed !== null && parsed.confident && parsed.items.length > 0;
    const aiStatus = ai.status === "ok" ? (usable ? "ok" : "unsure") : ai.status;
    const reviewReason =
      ai.status === "disabled" ? "ИИ не настроен: заполните позиции вручную"
        : ai.status === "failed" ? `ИИ не смог разобрать письмо (${ai.error.slice(0, 300)})`
          : usable ? null : "ИИ не уверен в разборе: проверьте позиции";
    const clientId = await findOrCreateClient(tx, companyId, {
      email: mail.fromAddress,
      name: parsed?.clientCompany || parsed?.clientName || mail.fromName || mail.fromAddress || "Без имени",
      phone: parsed?.clientPhone ?? null,
    });
    const number = await nextNumber(tx, companyId, "ORD");
    const settings = await tx.procSettings.findUnique({ where: { companyId }, select: { defaultMarkupPct: true } });
    const order = await tx.procOrder.create({
      data: {
        companyId,
        number,
        status: usable ? "new" : "needs_review",
        clientId,
        sourceMessageId: mail.id,
        subject: mail.subject.slice(0, 500),
        aiStatus,
        reviewReason,
        ...(settings ? { markupPct: settings.defaultMarkupPct } : {}),
        items: {
          create: (parsed?.items ?? []).map((i, index) => ({
            companyId, position: index + 1, name: i.name, brand: i.brand, article: i.article, quantity: i.quantity, unit: i.unit, notes: i.notes,
          })),
        },
      },
    });
    await tx.procMailMessage.update({ where: { id: mail.id }, data: { kind: "client_request", orderId: order.id, processError: ai.status === "ok" ? null : ai.error } });
    await writeAudit(tx, companyId, SYSTEM_ACTOR, {
      action: "procurement.order.created",
      entity: "ProcOrder",
      entityId: order.id,
      changes: { number, status: order.status, from: mail.fromAddress, subject: mail.subject, aiStatus, items: parsed?.items.length ?? 0 },
    });
    await queueManagerNotices(tx, companyId, { kind: order.status === "needs_review" ? "order_review" : "order_new", orderId: order.id, eventKey: order.id });
    logger.info({ companyId, orderId: order.id, number, status: order.status }, "order created from email");
    return { kind: "client_request", orderId: order.id, number, status: order.status, items: parsed?.items.length ?? 0 } as const;
  });
}

async function claim(tx: TTx, mailId: string): Promise<boolean> {
  const claimed = await tx.procMailMessage.updateMany({ where: { id: mailId, processedAt: null }, data: { processedAt: new Date() } });
  return claimed.count === 1;
}

async function findOrCreateClient(tx: TTx, companyId: string, c: { email: string; name: string; phone: string | null }): Promise<string | null> {
  if (!c.email) return null;
  const email = c.email.toLowerCase();
  const existing = await tx.procClient.findFirst({ where: { email }, select: { id: true } });
  if (existing) return existing.id;
  const rows = await tx.procClient.createManyAndReturn({
    data: [{ companyId, email, name: c.name.slice(0, 200), phone: c.phone }],
    skipDuplicates: true,
    select: { id: true },
  });
  if (rows[0]) return rows[0].id;
  return (await tx.procClient.findFirst({ where: { email }, select: { id: true } }))?.id ?? null;
}
