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
