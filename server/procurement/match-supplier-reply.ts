import type { TTx } from "../db";

/** `[RFQ-ABC123]` in a subject; brackets optional (some clients strip them). */
export const RFQ_TOKEN_RE = /RFQ-([A-Z0-9]{6})\b/i;

export type TReplyMatch = { rfqId: string; orderId: string; supplierId: string; by: "thread" | "token" | "sender" };

/**
 * Finds the request for quotation an incoming email answers: by In-Reply-To / References (our RFQ or reminder
 * Message-IDs), then by the token in the subject, then by the sender being a supplier with exactly one
 * request still waiting for an answer (the order context). Null: not a supplier reply.
 */
export async function matchSupplierReply(
  tx: TTx,
  mail: { inReplyTo: string | null; references: string[]; subject: string; fromAddress: string },
): Promise<TReplyMatch | null> {
  const threadIds = [mail.inReplyTo, ...mail.references].filter((x): x is string => Boolean(x));
  if (threadIds.length > 0) {
    const rfq = await tx.procRfq.findFirst({ where: { messageId: { in: threadIds } }, select: { id: true, orderId: true, supplierId: true } });
    if (rfq) return { rfqId: rfq.id, orderId: rfq.orderId, supplierId: rfq.supplierId, by: "thread" };
    const outbound = await tx.procMailMessage.findFirst({
      where: { direction: "outbound", messageId: { in: threadIds }, rfqId: { not: null } },
      select: { rfqId: true },
    });
    if (outbound?.rfqId) {
      const r = await tx.procRfq.findUnique({ where: { id: outbound.rfqId }, select: { id: true, orderId: true, supplierId: true } });
      if (r) return { rfqId: r.id, orderId: r.orderId, supplierId: r.supplierId, by: "thread" };
    }
  }
  const token = RFQ_TOKEN_RE.exec(mail.subject)?.[1]?.toUpperCase();
  if (token) {
    const rfq = await tx.procRfq.findFirst({ where: { token }, select: { id: true, orderId: true, supplierId: true } });
    if (rfq) return { rfqId: rfq.id, orderId: rfq.orderId, supplierId: rfq.supplierId, by: "token" };
  }
  if (mail.fromAddress) {
    const waiting = await tx.procRfq.findMany({
      where: {
        status: { in: ["sent", "no_answer"] },
        supplier: { email: { equals: mail.fromAddress, mode: "insensitive" } },
        order: { status: { in: ["rfq_sent", "quoted"] } },
      },
      select: { id: true, orderId: true, supplierId: true },
      take: 2,
    });
    if (waiting.length === 1) return { rfqId: waiting[0].id, orderId: waiting[0].orderId, supplierId: waiting[0].supplierId, by: "sender" };
  }
  return null;
}
