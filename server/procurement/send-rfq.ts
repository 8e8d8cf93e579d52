import { getIntegrationConfig } from "../connections/get-integration-config";
import { withTenant } from "../db";
import { writeAudit } from "../audit/write-audit";
import { sendMail } from "../integrations/mail/client";
import type { TMailConfig } from "../integrations/mail/schemas";
import { UpstreamError } from "../integrations/errors";
import { AppError } from "../errors";
import { SYSTEM_ACTOR } from "../tenancy/roles";
import { DEFAULT_RFQ_BODY, ensureProcSettings } from "./settings";
import { newMessageId } from "./request-rfqs";
import { formatQty } from "./format";

export const SMTP_ATTEMPTS = 3;

function render(template: string, vars: Record<string, string>): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (m, key: string) => vars[key] ?? m);
}

/**
 * Sends one request for quotation (or its single reminder) over SMTP from the company's template, trying up
 * to 3 times. The outcome is visible on the request: «отправлен» or «ошибка» with the reason.
 */
export async function sendRfq(opts: { companyId: string; rfqId: string; reminder?: boolean; backoffMs?: number }) {
  const { companyId, rfqId } = opts;
  const ctx = await withTenant(companyId, async (tx) => {
    const rfq = await tx.procRfq.findUnique({
      where: { id: rfqId },
      include: { supplier: true, order: { include: { items: { orderBy: { position: "asc" } } } } },
    });
    if (!rfq) return null;
    const settings = await ensureProcSettings(tx, companyId);
    const company = await tx.company.findUniqueOrThrow({ where: { id: companyId }, select: { name: true } });
    return { rfq, settings, company };
  });
  if (!ctx) throw new AppError("NOT_FOUND", "Запрос поставщику не найден");
  const { rfq, settings, company } = ctx;
  if (!opts.reminder && rfq.status !== "queued" && rfq.status !== "failed") return { status: rfq.status, skipped: true };
  if (opts.reminder && (rfq.status !== "sent" || rfq.remindedAt)) return { status: rfq.status, skipped: true };

  const config = await getIntegrationConfig<TMailConfig>(companyId, "mail");
  const items = rfq.order.items
    .map((i) => `${i.position}. ${[i.name, i.brand, i.article ? `арт. ${i.article}` : null].filter(Boolean).join(", ")} — ${formatQty(i.quantity)} ${i.unit}`)
    .join("\n");
  const vars = { token: `[RFQ-${rfq.token}]`, order: rfq.order.number, items, company: settings.legalName || company.name, supplier: rfq.supplier.name };
  const baseSubject = render(settings.rfqSubject, vars);
  const subject = opts.reminder ? `Напоминание: ${baseSubject}` : baseSubject;
  const body = render(settings.rfqBody || DEFAULT_RFQ_BODY, vars);
  const text = opts.reminder ? `Напоминаем о нашем запросе — будем благодарны за ответ.\n\n${body}` : body;
  const messageId = opts.reminder ? newMessageId(config.fromAddress, rfq.token) : rfq.messageId;

  let lastError: UpstreamError | null = null;
  for (let attempt = 1; attempt <= SMTP_ATTEMPTS; attempt++) {
    try {
      const sent = await sendMail(config, {
        from: `${company.name} <${config.fromAddress}>`,
        to: rfq.supplier.email,
        subject,
        text,
        messageId,
        ...(opts.reminder ? { inReplyTo: rfq.messageId, references: [rfq.messageId] } : {}),
      });
      await withTenant(companyId, async (tx) => {
        await tx.procMailMessage.createMany({
          data: [{
            companyId, direction: "outbound", messageId: sent.messageId, fromAddress: config.fromAddress, toAddresses: [rfq.supplier.email],
            subject, text, raw: new Uint8Array(sent.raw), kind: "outgoing", processedAt: new Date(), orderId: rfq.orderId, rfqId: rfq.id, sentAt: new Date(),
          }],
          skipDuplicates: true,
        });
        await tx.procRfq.update({
          where: { id: rfq.id },
          data: opts.reminder
            ? { remindedAt: new Date() }
            : { status: "sent", sentAt: new Date(), subject, attempts: { increment: attempt }, error: null },
        });
        await writeAudit(tx, companyId, SYSTEM_ACTOR, {
          action: opts.reminder ? "procurement.rfq.reminded" : "procurement.rfq.sent",
          entity: "ProcOrder",
          entityId: rfq.orderId,
          changes: { rfqId: rfq.id, supplier: rfq.supplier.name, email: rfq.supplier.email, messageId, attempts: attempt },
        });
      });
      return { status: "sent" as const, attempts: attempt, messageId };
    } catch (error) {
      lastError = error instanceof UpstreamError ? error : new UpstreamError({ provider: "mail", kind: "server_error", userMessage: String(error) });
      if (lastError.kind === "auth" || lastError.kind === "invalid_config") break;
      if (attempt < SMTP_ATTEMPTS) await new Promise((r) => setTimeout(r, (opts.backoffMs ?? 1000) * attempt));
    }
  }
  const message = lastError?.userMessage ?? "Не удалось отправить письмо";
  await withTenant(companyId, async (tx) => {
    if (!opts.reminder) {
      await tx.procRfq.update({ where: { id: rfq.id }, data: { status: "failed", error: message, attempts: { increment: SMTP_ATTEMPTS } } });
    }
    await writeAudit(tx, companyId, SYSTEM_ACTOR, {
      action: "procurement.rfq.failed",
      entity: "ProcOrder",
      entityId: rfq.orderId,
      changes: { rfqId: rfq.id, supplier: rfq.supplier.name, error: message, reminder: Boolean(opts.reminder) },
    });
  });
  return { status: "failed" as const, error: message };
}
