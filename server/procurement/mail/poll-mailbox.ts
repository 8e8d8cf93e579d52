import { getIntegrationConfig } from "../../connections/get-integration-config";
import { withTenant } from "../../db";
import { AppError } from "../../errors";
import { fetchNewMessages } from "../../integrations/mail/client";
import type { TMailConfig } from "../../integrations/mail/schemas";
import { UpstreamError } from "../../integrations/errors";
import { sendEvent } from "../../jobs/send-event";
import { ensureProcSettings } from "../settings";
import { parseMail, type TParsedAttachment } from "./parse-mail";

/** Attachments above these limits are not kept separately (the raw message still holds them). */
export const MAIL_LIMITS = { attachmentBytes: 10 * 1024 * 1024, totalAttachmentBytes: 25 * 1024 * 1024, batch: 200 };

export type TPollResult = { fetched: number; stored: number; duplicates: number };

export function keptAttachments(list: TParsedAttachment[]) {
  let total = 0;
  return list.map((a) => {
    if (a.size > MAIL_LIMITS.attachmentBytes) {
      return { ...a, content: null, skippedReason: `Файл больше ${MAIL_LIMITS.attachmentBytes / 1024 / 1024} МБ` };
    }
    if (total + a.size > MAIL_LIMITS.totalAttachmentBytes) {
      return { ...a, content: null, skippedReason: "Превышен общий размер вложений письма" };
    }
    total += a.size;
    return { ...a, skippedReason: null };
  });
}

/**
 * Reads new INBOX messages (UID above the stored cursor) and stores each one once: raw source, parsed fields,
 * attachments, plus a `procurement/email.received` job in the same transaction as the cursor move. A message
 * seen again (restart, UIDVALIDITY reset, our own copy) is skipped by its Message-ID or UID.
 */
export async function pollMailbox(opts: { companyId: string }): Promise<TPollResult> {
  const { companyId } = opts;
  const settings = await withTenant(companyId, (tx) => ensureProcSettings(tx, companyId));
  let config: TMailConfig;
  try {
    config = await getIntegrationConfig<TMailConfig>(companyId, "mail");
  } catch (error) {
    if (error instanceof AppError) await recordPollError(companyId, error.userMessage);
    throw error;
  }
  let fetched;
  try {
    fetched = await fetchNewMessages(config, {
      sinceUid: settings.mailLastUid,
      uidValidity: settings.mailUidValidity === null ? null : String(settings.mailUidValidity),
      limit: MAIL_LIMITS.batch,
    });
  } catch (error) {
    if (error instanceof UpstreamError) await recordPollError(companyId, error.userMessage, { onIntegrationCard: true });
    throw error;
  }
  const result: TPollResult = { fetched: fetched.messages.length, stored: 0, duplicates: 0 };
  const uidValidity = BigInt(fetched.uidValidity);
  for (const message of fetched.messages) {
    const parsed = await parseMail(message.source, `imap-${fetched.uidValidity}-${message.uid}`);
    const stored = await withTenant(companyId, async (tx) => {
      const rows = await tx.procMailMessage.createManyAndReturn({
        data: [{
          companyId,
          direction: "inbound",
          messageId: parsed.messageId,
          uidValidity,
          uid: message.uid,
          inReplyTo: parsed.inReplyTo,
          references: parsed.references,
          fromAddress: parsed.fromAddress,
          fromName: parsed.fromName,
          toAddresses: parsed.to,
          subject: parsed.subject,
          sentAt: parsed.date,
          text: parsed.text,
          html: parsed.html,
          raw: new Uint8Array(message.source),
        }],
        skipDuplicates: true,
        select: { id: true },
      });
      const created = rows[0];
      if (created) {
        const attachments = keptAttachments(parsed.attachments);
        if (attachments.length > 0) {
          await tx.procAttachment.createMany({
            data: attachments.map((a) => ({
              companyId,
              mailMessageId: created.id,
              filename: a.filename,
              contentType: a.contentType,
              size: a.size,
              content: a.content ? new Uint8Array(a.content) : null,
              skippedReason: a.skippedReason,
            })),
          });
        }
        await sendEvent(tx, {
          name: "procurement/email.received",
          data: { companyId, mailMessageId: created.id },
          trigger: "event",
          idempotencyKey: `mail:${created.id}`,
        });
      }
      await tx.procSettings.update({
        where: { companyId },
        data: { mailUidValidity: uidValidity, mailLastUid: message.uid, mailLastPollAt: new Date(), mailLastError: null },
      });
      return Boolean(created);
    });
    if (stored) result.stored++;
    else result.duplicates++;
  }
  await withTenant(companyId, async (tx) => {
    // The mailbox works again: clear the error this poll put on the integration card (not a check's own).
    if (settings.mailLastError) {
      await tx.integrationConfig.updateMany({
        where: { kind: "mail", status: "error", lastError: settings.mailLastError },
        data: { status: "ok", lastError: null, statusSummary: "Почта читается", lastCheckedAt: new Date() },
      });
    }
    await tx.procSettings.update({
      where: { companyId },
      data: {
        mailUidValidity: uidValidity,
        ...(fetched.messages.length === 0 && settings.mailUidValidity !== uidValidity ? { mailLastUid: 0 } : {}),
        mailLastPollAt: new Date(),
        mailLastError: null,
      },
    });
  });
  return result;
}

/** Keeps the reason for the orders page and (for IMAP failures) on the mail integration card. */
async function recordPollError(companyId: string, message: string, opts: { onIntegrationCard?: boolean } = {}): Promise<void> {
  await withTenant(companyId, async (tx) => {
    await tx.procSettings.update({ where: { companyId }, data: { mailLastError: message, mailLastPollAt: new Date() } });
    if (opts.onIntegrationCard) {
      await tx.integrationConfig.updateMany({ where: { kind: "mail" }, data: { status: "error", lastError: message, lastCheckedAt: new Date() } });
    }
  });
}
