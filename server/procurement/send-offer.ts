import { getIntegrationConfig } from "../connections/get-integration-config";
import { withTenant } from "../db";
import { AppError } from "../errors";
import { writeAudit } from "../audit/write-audit";
import { sendMail } from "../integrations/mail/client";
import type { TMailConfig } from "../integrations/mail/schemas";
import { UpstreamError } from "../integrations/errors";
import type { TActor } from "../tenancy/roles";
import { SMTP_ATTEMPTS } from "./send-rfq";

/** Emails the КП PDF to the client (as a reply to the original request when there is one), 3 attempts. */
export async function sendOffer(opts: { companyId: string; actor: TActor; offerId: string; to?: string | null; backoffMs?: number }) {
  const { companyId, actor } = opts;
  const ctx = await withTenant(companyId, async (tx) => {
    const offer = await tx.procOffer.findUnique({ where: { id: opts.offerId }, include: { order: { include: { client: true } } } });
    if (!offer) throw new AppError("NOT_FOUND", "КП не найдено");
    const source = offer.order.sourceMessageId
      ? await tx.procMailMessage.findUnique({ where: { id: offer.order.sourceMessageId }, select: { messageId: true, subject: true, fromAddress: true } })
      : null;
    const company = await tx.company.findUniqueOrThrow({ where: { id: companyId }, select: { name: true } });
    return { offer, source, company };
  });
  const { offer, source, company } = ctx;
  const to = (opts.to || offer.order.client?.email || source?.fromAddress || "").trim();
  if (!to) throw new AppError("BAD_REQUEST", "Не указан адрес клиента");
  const config = await getIntegrationConfig<TMailConfig>(companyId, "mail");
  const subject = `Коммерческое предложение ${offer.number}` + (source?.subject ? ` — Re: ${source.subject}` : "");
  const text = [
    "Добрый день!",
    "",
    `Направляем коммерческое предложение ${offer.number} по вашей заявке ${offer.order.number}.`,
    `Сумма: ${Number(offer.total).toLocaleString("ru-RU", { minimumFractionDigits: 2 })} ₽ с НДС. Предложение действительно до ${offer.validUntil.toLocaleDateString("ru-RU")}.`,
    "",
    "С уважением,",
    company.name,
  ].join("\n");
  let lastError = "";
  for (let attempt = 1; attempt <= SMTP_ATTEMPTS; attempt++) {
    try {
      const sent = await sendMail(config, {
        from: `${company.name} <${config.fromAddress}>`,
        to,
        subject,
        text,
        ...(source ? { inReplyTo: source.messageId, references: [source.messageId] } : {}),
        attachments: [{ filename: `${offer.number}.pdf`, content: Buffer.from(offer.pdf), contentType: "application/pdf" }],
      });
      await withTenant(companyId, async (tx) => {
        await tx.procOffer.update({ where: { id: offer.id }, data: { sentAt: new Date(), sentTo: to, sendError: null } });
        await tx.procOrder.updateMany({ where: { id: offer.orderId, status: { in: ["new", "needs_review", "rfq_sent", "quoted"] } }, data: { status: "offer_sent" } });
        await tx.procMailMessage.createMany({
          data: [{ companyId, direction: "outbound", messageId: sent.messageId, fromAddress: config.fromAddress, toAddresses: [to], subject, text, raw: new Uint8Array(sent.raw), kind: "outgoing", processedAt: new Date(), orderId: offer.orderId, sentAt: new Date() }],
          skipDuplicates: true,
        });
        await writeAudit(tx, companyId, actor, { action: "procurement.offer.sent", entity: "ProcOrder", entityId: offer.orderId, changes: { offerId: offer.id, number: offer.number, to, attempts: attempt } });
      });
      return { sent: true as const, to };
    } catch (error) {
      const e = error instanceof UpstreamError ? error : null;
      lastError = e?.userMessage ?? (error instanceof Error ? error.message : String(error));
      if (e && (e.kind === "auth" || e.kind === "invalid_config")) break;
      if (attempt < SMTP_ATTEMPTS) await new Promise((r) => setTimeout(r, (opts.backoffMs ?? 1000) * attempt));
    }
  }
  await withTenant(companyId, async (tx) => {
    await tx.procOffer.update({ where: { id: offer.id }, data: { sendError: lastError } });
    await writeAudit(tx, companyId, actor, { action: "procurement.offer.send_failed", entity: "ProcOrder", entityId: offer.orderId, changes: { offerId: offer.id, to, error: lastError } });
  });
  throw new AppError("UPSTREAM", `КП не отправлено: ${lastError}`);
}
