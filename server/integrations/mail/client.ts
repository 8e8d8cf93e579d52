import { ImapFlow } from "imapflow";
import nodemailer from "nodemailer";
import { UpstreamError } from "../errors";
import { classifyNetworkError, DEFAULT_TIMEOUT_MS } from "../http";
import { ZImapMailboxStatus, type TImapMailboxStatus, type TMailConfig } from "./schemas";

/**
 * Mail over real protocols: IMAP with imapflow (incoming), SMTP with nodemailer (outgoing).
 * Failures become UpstreamError with "почта (IMAP)" / "почта (SMTP)" in the message.
 */

const IMAP_TITLE = "почта (IMAP)";
const SMTP_TITLE = "почта (SMTP)";

type TProtocolError = {
  authenticationFailed?: boolean;
  code?: unknown;
  responseCode?: unknown;
  response?: unknown;
  responseText?: unknown;
};

export function createImapClient(config: TMailConfig, options: { timeoutMs?: number } = {}): ImapFlow {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const client = new ImapFlow({
    host: config.imapHost,
    port: config.imapPort,
    secure: config.imapSecure,
    auth: { user: config.username, pass: config.password },
    logger: false,
    disableAutoIdle: true,
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs * 2,
  });
  // Failures surface through the returned promises; an unhandled 'error' event would crash the process.
  client.on("error", () => {});
  return client;
}

export function toImapError(error: unknown, config: TMailConfig, timeoutMs = DEFAULT_TIMEOUT_MS): UpstreamError {
  if (error instanceof UpstreamError) return error;
  const e = (error ?? {}) as TProtocolError;
  if (e.authenticationFailed) {
    return new UpstreamError({
      provider: "mail",
      kind: "auth",
      userMessage: `Неверный логин или пароль почты (IMAP ${config.imapHost})`,
      detail: typeof e.responseText === "string" ? e.responseText : undefined,
    });
  }
  return classifyNetworkError(error, {
    provider: "mail",
    title: IMAP_TITLE,
    host: config.imapHost,
    port: config.imapPort,
    timeoutMs,
  });
}

/** Logs in over IMAP and reads the INBOX status. */
export async function verifyImapLogin(
  config: TMailConfig,
  options: { timeoutMs?: number } = {},
): Promise<TImapMailboxStatus> {
  const client = createImapClient(config, options);
  try {
    await client.connect();
    const status = await client.status("INBOX", { messages: true, unseen: true });
    if (!status) {
      throw new UpstreamError({
        provider: "mail",
        kind: "bad_response",
        userMessage: `IMAP-сервер ${config.imapHost} не отдал состояние папки «Входящие»`,
      });
    }
    return ZImapMailboxStatus.parse({ path: status.path, messages: status.messages ?? 0, unseen: status.unseen });
  } catch (error) {
    throw toImapError(error, config, options.timeoutMs);
  } finally {
    await client.logout().catch(() => client.close());
  }
}

export function createSmtpTransport(config: TMailConfig, options: { timeoutMs?: number } = {}) {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  return nodemailer.createTransport({
    host: config.smtpHost,
    port: config.smtpPort,
    secure: config.smtpSecure,
    auth: { user: config.username, pass: config.password },
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs * 2,
  });
}

export function toSmtpError(error: unknown, config: TMailConfig, timeoutMs = DEFAULT_TIMEOUT_MS): UpstreamError {
  if (error instanceof UpstreamError) return error;
  const e = (error ?? {}) as TProtocolError;
  const reply = typeof e.response === "string" ? e.response : undefined;
  if (e.code === "EAUTH") {
    return new UpstreamError({
      provider: "mail",
      kind: "auth",
      status: typeof e.responseCode === "number" ? e.responseCode : undefined,
      userMessage: `Неверный логин или пароль почты (SMTP ${config.smtpHost})`,
      detail: reply,
    });
  }
  if (typeof e.responseCode === "number" && reply) {
    // The server answered with an SMTP error reply (4xx temporary, 5xx permanent).
    const temporary = e.responseCode < 500;
    return new UpstreamError({
      provider: "mail",
      kind: temporary ? "server_error" : "bad_response",
      status: e.responseCode,
      userMessage: `SMTP-сервер ${config.smtpHost} отказал: ${reply.slice(0, 200)}`,
      detail: reply,
    });
  }
  return classifyNetworkError(error, {
    provider: "mail",
    title: SMTP_TITLE,
    host: config.smtpHost,
    port: config.smtpPort,
    timeoutMs,
  });
}

/** Connects to SMTP and authenticates (nodemailer's `verify()`), sending nothing. */
export async function verifySmtpLogin(config: TMailConfig, options: { timeoutMs?: number } = {}): Promise<void> {
  const transport = createSmtpTransport(config, options);
  try {
    await transport.verify();
  } catch (error) {
    throw toSmtpError(error, config, options.timeoutMs);
  } finally {
    transport.close();
  }
}

export type TFetchedMessage = { uid: number; source: Buffer };
export type TFetchResult = { uidValidity: string; uidNext: number; messages: TFetchedMessage[]; /** more new messages wait beyond `limit` */ more: boolean };

/**
 * Reads the INBOX messages with UID > `sinceUid` (raw sources, oldest first, at most `limit`: the UIDs are
 * searched first, so only the sources of that batch are downloaded; `more` tells whether others wait).
 * When the mailbox's UIDVALIDITY differs from `uidValidity`, UIDs were reset: every message is read again
 * (the caller deduplicates by Message-ID).
 */
export async function fetchNewMessages(
  config: TMailConfig,
  opts: { sinceUid: number; uidValidity: string | null; limit?: number; timeoutMs?: number },
): Promise<TFetchResult> {
  const limit = opts.limit ?? 200;
  const client = createImapClient(config, { timeoutMs: opts.timeoutMs });
  try {
    await client.connect();
    const lock = await client.getMailboxLock("INBOX");
    try {
      const mailbox = client.mailbox;
      if (!mailbox) throw new Error("INBOX is not selected");
      const uidValidity = String(mailbox.uidValidity);
      const since = opts.uidValidity === uidValidity ? opts.sinceUid : 0;
      const messages: TFetchedMessage[] = [];
      let more = false;
      if (mailbox.exists > 0 && mailbox.uidNext > since + 1) {
        // `n:*` always includes the last message even when its UID is below n.
        const found = await client.search({ uid: `${since + 1}:*` }, { uid: true });
        const uids = (found || []).filter((uid) => uid > since).sort((x, y) => x - y);
        more = uids.length > limit;
        const batch = uids.slice(0, limit);
        if (batch.length > 0) {
          for await (const msg of client.fetch(batch.join(","), { uid: true, source: true }, { uid: true })) {
            if (msg.uid <= since || !msg.source) continue;
            messages.push({ uid: msg.uid, source: msg.source });
          }
        }
      }
      messages.sort((x, y) => x.uid - y.uid);
      return { uidValidity, uidNext: mailbox.uidNext, messages, more };
    } finally {
      lock.release();
    }
  } catch (error) {
    throw toImapError(error, config, opts.timeoutMs);
  } finally {
    await client.logout().catch(() => client.close());
  }
}

/**
 * Waits on IMAP IDLE (or polls NOOP when the server lacks IDLE) and calls `onNewMail` whenever the INBOX
 * grows. Returns a stop function. Reconnects after failures (`onError` is told).
 */
export function watchInbox(
  config: TMailConfig,
  handlers: { onNewMail: () => void; onError?: (error: UpstreamError) => void; pollMs?: number },
): () => Promise<void> {
  let stopped = false;
  let client: ImapFlow | null = null;
  const loop = async () => {
    while (!stopped) {
      try {
        client = new ImapFlow({
          host: config.imapHost,
          port: config.imapPort,
          secure: config.imapSecure,
          auth: { user: config.username, pass: config.password },
          logger: false,
          maxIdleTime: 5 * 60_000,
        });
        client.on("error", () => {});
        client.on("exists", () => handlers.onNewMail());
        await client.connect();
        await client.mailboxOpen("INBOX");
        handlers.onNewMail(); // catch up on whatever arrived while we were away
        const idle = client.capabilities.has("IDLE");
        while (!stopped && client.usable) {
          if (idle) await client.idle();
          else {
            await new Promise((r) => setTimeout(r, handlers.pollMs ?? 30_000));
            await client.noop();
          }
        }
      } catch (error) {
        if (!stopped) handlers.onError?.(toImapError(error, config));
      } finally {
        await client?.logout().catch(() => client?.close());
      }
      if (!stopped) await new Promise((r) => setTimeout(r, 5_000));
    }
  };
  void loop();
  return async () => {
    stopped = true;
    await client?.logout().catch(() => client?.close());
  };
}

export type TOutgoingMail = {
  from: string;
  to: string;
  subject: string;
  text: string;
  html?: string;
  messageId?: string;
  inReplyTo?: string;
  references?: string[];
  attachments?: { filename: string; content: Buffer; contentType?: string }[];
};

/** Sends one message over SMTP; returns the Message-ID and the raw RFC 822 source that was sent. */
export async function sendMail(
  config: TMailConfig,
  mail: TOutgoingMail,
  options: { timeoutMs?: number } = {},
): Promise<{ messageId: string; raw: Buffer }> {
  const transport = createSmtpTransport(config, options);
  try {
    const message = {
      from: mail.from,
      to: mail.to,
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      messageId: mail.messageId,
      inReplyTo: mail.inReplyTo,
      references: mail.references,
      attachments: mail.attachments,
    };
    const raw = await buildRawMessage(message);
    const info = await transport.sendMail({ envelope: { from: config.fromAddress, to: [mail.to] }, raw });
    return { messageId: mail.messageId ?? String(info.messageId), raw };
  } catch (error) {
    throw toSmtpError(error, config, options.timeoutMs);
  } finally {
    transport.close();
  }
}

async function buildRawMessage(message: Parameters<ReturnType<typeof nodemailer.createTransport>["sendMail"]>[0]): Promise<Buffer> {
  const builder = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: "windows" });
  const info = await builder.sendMail(message);
  return info.message as Buffer;
}
