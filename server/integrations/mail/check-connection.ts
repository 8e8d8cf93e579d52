import { parseConfig } from "../config";
import type { TConnectionCheck } from "../errors";
import { verifyImapLogin, verifySmtpLogin } from "./client";
import { ZMailConfig, type TMailConfigInput } from "./schemas";

/** Logs in to IMAP and SMTP (in parallel); the IMAP failure is reported first when both fail. */
export async function checkMailConnection(
  input: TMailConfigInput,
  options: { timeoutMs?: number } = {},
): Promise<TConnectionCheck> {
  const config = parseConfig("mail", ZMailConfig, input);
  const [imap, smtp] = await Promise.allSettled([verifyImapLogin(config, options), verifySmtpLogin(config, options)]);
  if (imap.status === "rejected") throw imap.reason;
  if (smtp.status === "rejected") throw smtp.reason;
  const inbox = imap.value;
  return {
    ok: true,
    summary:
      `Подключено как ${config.username}: IMAP ${config.imapHost}:${config.imapPort} ` +
      `(писем во «Входящих»: ${inbox.messages}), SMTP ${config.smtpHost}:${config.smtpPort}`,
    details: { inboxMessages: inbox.messages, inboxUnseen: inbox.unseen, fromAddress: config.fromAddress },
  };
}
