import { getIntegrationConfig } from "../../connections/get-integration-config";
import { withTenant, type TTx } from "../../db";
import { AppError } from "../../errors";
import { fetchNewMessages, type TFetchedMessage } from "../../integrations/mail/client";
import type { TMailConfig } from "../../integrations/mail/schemas";
import { UpstreamError } from "../../integrations/errors";
import { sendEvent } from "../../jobs/send-event";
import { ensureProcSettings } from "../settings";
import { logger } from "../../logger";
import { processIncomingMail, type TProcessResult } from "../process-incoming-mail";
import { parseMail, type TParsedAttachment } from "./parse-mail";

/** Attachments above these limits are not kept separately (the raw message still holds them). */
export const MAIL_LIMITS = {
  attachmentBytes: 10 * 1024 * 1024,
  totalAttachmentBytes: 25 * 1024 * 1024,
  /** Messages downloaded per IMAP fetch (the poll loops until the INBOX is drained). */
  batch: 200,
  /** Messages stored per transaction (processing of a chunk starts once it is stored). */
  storeChunk: 20,
  /** Messages processed at once by a poll (their AI calls overlap). */
  parallel: 4,
  /** A stored message still unprocessed after this long is handed to its own job. */
  staleMs: 2 * 60_000,
};

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
 * attachments, in the same transaction as the cursor move. A message seen again (restart, UIDVALIDITY reset,
 * our own copy) is skipped by its Message-ID or UID. Stored messages are turned into orders / quotes right
 * away, `MAIL_LIMITS.parallel` at a time (AI calls overlap; orders are committed, hence numbered, in arrival
 * order); a message whose processing throws goes to its own `procurement/email.received` job (with retries),
 * and one left unprocessed by a crash is handed to that job by a later poll. Loops until the INBOX is drained.
 */
export async function pollMailbox(opts: { companyId: string; parallel?: number }): Promise<TPollResult & { processed: TProcessResult[] }> {
  const { companyId } = opts;
  const settings = await withTenant(companyId, (tx) => ensureProcSettings(tx, companyId));
  let config: TMailConfig;
  try {
    config = await getIntegrationConfig<TMailConfig>(companyId, "mail");
  } catch (error) {
    if (error instanceof AppError) await recordPollError(companyId, error.userMessage);
    throw error;
  }
  await requeueStalePending(companyId);
  const result: TPollResult = { fetched: 0, stored: 0, duplicates: 0 };
  const processing = createOrderedPool(opts.parallel ?? MAIL_LIMITS.parallel);
  let cursor = { uid: settings.mailLastUid, uidValidity: settings.mailUidValidity };
  let uidValidity: bigint;
  let fetchedAny = false;
  for (;;) {
    let fetched;
    try {
      fetched = await fetchNewMessages(config, {
        sinceUid: cursor.uid,
        uidValidity: cursor.uidValidity === null ? null : String(cursor.uidValidity),
        limit: MAIL_LIMITS.batch,
      });
    } catch (error) {
      await processing.settle();
      if (error instanceof UpstreamError) await recordPollError(companyId, error.userMessage, { onIntegrationCard: true });
      throw error;
    }
    result.fetched += fetched.messages.length;
    fetchedAny ||= fetched.messages.length > 0;
    uidValidity = BigInt(fetched.uidValidity);
    for (let i = 0; i < fetched.messages.length; i += MAIL_LIMITS.storeChunk) {
      const chunk = fetched.messages.slice(i, i + MAIL_LIMITS.storeChunk);
      const stored = await storeMessages(companyId, uidValidity, chunk);
      result.stored += stored.length;
      result.duplicates += chunk.length - stored.length;
      for (const id of stored) processing.add(id);
      cursor = { uid: chunk[chunk.length - 1]!.uid, uidValidity };
    }
    if (!fetched.more) break;
  }
  const processed = await processing.settle();
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
        ...(!fetchedAny && settings.mailUidValidity !== uidValidity ? { mailLastUid: 0 } : {}),
        mailLastPollAt: new Date(),
        mailLastError: null,
      },
    });
  });
  return { ...result, processed: processed.map((p) => p.result).filter((r): r is TProcessResult => r !== null) };

  function createOrderedPool(limit: number) {
    const tasks: Promise<{ result: TProcessResult | null }>[] = [];
    let previousCommit: Promise<unknown> = Promise.resolve();
    let running = 0;
    const waiting: Array<() => void> = [];
    const slot = async () => {
      if (running >= limit) await new Promise<void>((r) => waiting.push(r));
      running++;
    };
    const free = () => {
      running--;
      waiting.shift()?.();
    };
    return {
      add(mailMessageId: string) {
        const gate = previousCommit;
        let committed!: () => void;
        previousCommit = new Promise<void>((r) => (committed = r));
        tasks.push(
          (async () => {
            await slot();
            try {
              return { result: await processIncomingMail({ companyId, mailMessageId, beforeCommit: () => gate }) };
            } catch (err) {
              logger.warn({ err, companyId, mailMessageId }, "mail processing failed: handing it to a job with retries");
              await withTenant(companyId, (tx) => enqueueProcessing(tx, companyId, mailMessageId));
              return { result: null };
            } finally {
              committed();
              free();
            }
          })(),
        );
      },
      settle: () => Promise.all(tasks),
    };
  }
}

function enqueueProcessing(tx: TTx, companyId: string, mailMessageId: string) {
  return sendEvent(tx, {
    name: "procurement/email.received",
    data: { companyId, mailMessageId },
    trigger: "event",
    idempotencyKey: `mail:${mailMessageId}`,
  });
}

/** A message stored but left unprocessed (the poll crashed) goes to its processing job (once, by key). */
async function requeueStalePending(companyId: string) {
  await withTenant(companyId, async (tx) => {
    const stale = await tx.procMailMessage.findMany({
      where: { direction: "inbound", processedAt: null, createdAt: { lt: new Date(Date.now() - MAIL_LIMITS.staleMs) } },
      select: { id: true },
      orderBy: { createdAt: "asc" },
      take: 100,
    });
    for (const m of stale) await enqueueProcessing(tx, companyId, m.id);
  });
}

/**
 * Stores a chunk of fetched messages (once each, by Message-ID / UID) and moves the cursor past them, in one
 * transaction; returns the ids of the new rows in UID order.
 */
async function storeMessages(companyId: string, uidValidity: bigint, messages: TFetchedMessage[]): Promise<string[]> {
  const parsed = await Promise.all(messages.map((m) => parseMail(m.source, `imap-${uidValidity}-${m.uid}`)));
  return withTenant(companyId, async (tx) => {
    const rows = await tx.procMailMessage.createManyAndReturn({
      data: messages.map((message, i) => {
        const p = parsed[i]!;
        return {
          companyId,
          direction: "inbound" as const,
          messageId: p.messageId,
          uidValidity,
          uid: message.uid,
          inReplyTo: p.inReplyTo,
          references: p.references,
          fromAddress: p.fromAddress,
          fromName: p.fromName,
          toAddresses: p.to,
          subject: p.subject,
          sentAt: p.date,
          text: p.text,
          html: p.html,
          raw: new Uint8Array(message.source),
        };
      }),
      skipDuplicates: true,
      select: { id: true, uid: true, messageId: true },
    });
    const byUid = new Map(rows.map((r) => [r.uid, r.id]));
    const attachments = messages.flatMap((message, i) => {
      const id = byUid.get(message.uid);
      if (!id) return [];
      return keptAttachments(parsed[i]!.attachments).map((a) => ({
        companyId,
        mailMessageId: id,
        filename: a.filename,
        contentType: a.contentType,
        size: a.size,
        content: a.content ? new Uint8Array(a.content) : null,
        skippedReason: a.skippedReason,
      }));
    });
    if (attachments.length > 0) await tx.procAttachment.createMany({ data: attachments });
    await tx.procSettings.update({
      where: { companyId },
      data: { mailUidValidity: uidValidity, mailLastUid: messages[messages.length - 1]!.uid, mailLastPollAt: new Date(), mailLastError: null },
    });
    return messages.map((m) => byUid.get(m.uid)).filter((id): id is string => Boolean(id));
  });
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
