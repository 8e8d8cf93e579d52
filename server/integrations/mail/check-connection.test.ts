import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findDovecot, startDovecot, type TDovecotSandbox } from "../../../sandbox/mail/dovecot";
import { startSmtpServer, type TSmtpSandbox } from "../../../sandbox/mail/smtp";
import { getClosedPort } from "../../../sandbox/lib/ports";
import { expectUpstreamError } from "../testing";
import { checkMailConnection } from "./check-connection";
import { createSmtpTransport, verifyImapLogin, verifySmtpLogin } from "./client";
import type { TMailConfig } from "./schemas";

const user = { username: "desk@pult.local", password: "desk-secret-pass" };

describe("mail clients against Dovecot (IMAP) and smtp-server (SMTP)", () => {
  let imap: TDovecotSandbox;
  let smtp: TSmtpSandbox;
  let config: TMailConfig;

  beforeAll(async () => {
    // CI installs dovecot-imapd; the test requires the real server.
    expect(findDovecot(), "dovecot is not installed (apt-get install dovecot-imapd)").not.toBeNull();
    [imap, smtp] = await Promise.all([startDovecot({ users: [user] }), startSmtpServer({ users: [user] })]);
    config = {
      imapHost: imap.host,
      imapPort: imap.port,
      imapSecure: false,
      smtpHost: smtp.host,
      smtpPort: smtp.port,
      smtpSecure: false,
      username: user.username,
      password: user.password,
      fromAddress: user.username,
    };
  });
  afterAll(async () => {
    await Promise.all([imap?.stop(), smtp?.stop()]);
  });

  it("logs in to IMAP and SMTP and counts the INBOX", async () => {
    await imap.deliver(
      user.username,
      "From: client@example.com\nTo: desk@pult.local\nSubject: =?UTF-8?B?0JfQsNGP0LLQutCw?=\n\nНужно 10 насосов\n",
    );
    const result = await checkMailConnection({ ...config, imapPort: String(config.imapPort), smtpSecure: "false" });
    expect(result.summary).toBe(
      `Подключено как desk@pult.local: IMAP 127.0.0.1:${imap.port} (писем во «Входящих»: 1), SMTP 127.0.0.1:${smtp.port}`,
    );
  });

  it("wrong password → IMAP auth error first, password not in the message", async () => {
    const password = "definitely-wrong-password";
    const error = await expectUpstreamError(checkMailConnection({ ...config, password }), {
      provider: "mail",
      kind: "auth",
      retryable: false,
      secrets: [password],
    });
    expect(error.userMessage).toBe("Неверный логин или пароль почты (IMAP 127.0.0.1)");
  });

  it("wrong SMTP password → SMTP auth error (AUTH answered 535)", async () => {
    const password = "another-wrong-password";
    const error = await expectUpstreamError(verifySmtpLogin({ ...config, password }), {
      provider: "mail",
      kind: "auth",
      status: 535,
      secrets: [password],
    });
    expect(error.userMessage).toBe("Неверный логин или пароль почты (SMTP 127.0.0.1)");
  });

  it("closed IMAP / SMTP ports → unreachable", async () => {
    const port = await getClosedPort();
    await expectUpstreamError(verifyImapLogin({ ...config, imapPort: port }), {
      provider: "mail",
      kind: "unreachable",
      messageIncludes: `Сервер недоступен (почта (IMAP)): ECONNREFUSED 127.0.0.1:${port}`,
      secrets: [user.password],
    });
    await expectUpstreamError(verifySmtpLogin({ ...config, smtpPort: port }), {
      provider: "mail",
      kind: "unreachable",
      messageIncludes: `Сервер недоступен (почта (SMTP)): ECONNREFUSED 127.0.0.1:${port}`,
      secrets: [user.password],
    });
  });

  it("SMTP really accepts and stores an authenticated message", async () => {
    smtp.clearMessages();
    const transport = createSmtpTransport(config);
    await transport.sendMail({
      from: config.fromAddress,
      to: "supplier@example.com",
      subject: "Запрос цены",
      text: "Просим прислать КП",
    });
    transport.close();
    expect(smtp.messages).toHaveLength(1);
    expect(smtp.messages[0]).toMatchObject({ authUser: user.username, to: ["supplier@example.com"] });
    expect(smtp.messages[0].raw).toContain("Subject:");
  });
});
