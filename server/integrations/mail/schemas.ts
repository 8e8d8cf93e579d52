import { z } from "zod";
import { zBoolish, zPort, zRequiredString } from "../config";

/** Mailbox settings: IMAP (incoming requests) and SMTP (outgoing RFQs) with one login. */

const ZHost = z
  .string()
  .trim()
  .min(1, "Обязательное поле")
  .regex(/^[A-Za-z0-9.-]+$|^\[?[0-9a-fA-F:.]+\]?$/, "Имя сервера без протокола, например imap.yandex.ru");

export const ZMailConfig = z.object({
  imapHost: ZHost,
  imapPort: zPort(993),
  /** Implicit TLS (port 993); false = plaintext, upgraded with STARTTLS when the server offers it. */
  imapSecure: zBoolish(true),
  smtpHost: ZHost,
  smtpPort: zPort(465),
  /** Implicit TLS (port 465); false = STARTTLS when offered (port 587). */
  smtpSecure: zBoolish(true),
  username: zRequiredString(),
  password: z.string().min(1, "Обязательное поле"),
  fromAddress: z.email({ error: "Нужен адрес электронной почты" }),
});
export type TMailConfig = z.output<typeof ZMailConfig>;
export type TMailConfigInput = z.input<typeof ZMailConfig>;

export const mailSecretFields = ["password"] as const;

/** What an IMAP login tells us about the mailbox. */
export const ZImapMailboxStatus = z.object({
  path: z.string(),
  messages: z.number().int().nonnegative(),
  unseen: z.number().int().nonnegative().optional(),
});
export type TImapMailboxStatus = z.infer<typeof ZImapMailboxStatus>;
