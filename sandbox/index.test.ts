import { ImapFlow } from "imapflow";
import nodemailer from "nodemailer";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkAiConnection } from "../server/integrations/ai/check-connection";
import { checkAmocrmConnection } from "../server/integrations/amocrm/check-connection";
import { checkBitrix24Connection } from "../server/integrations/bitrix24/check-connection";
import { checkGoogleSheetsConnection } from "../server/integrations/google-sheets/check-connection";
import { checkMailConnection } from "../server/integrations/mail/check-connection";
import { checkMoyskladConnection } from "../server/integrations/moysklad/check-connection";
import { checkOnecConnection } from "../server/integrations/onec/check-connection";
import { checkRadistConnection } from "../server/integrations/radist/check-connection";
import { checkTelegramConnection } from "../server/integrations/telegram/check-connection";
import { S3Client } from "../server/integrations/s3/client";
import { startSandbox, type TSandbox } from "./index";

describe("startSandbox", () => {
  let sandbox: TSandbox;

  beforeAll(async () => {
    sandbox = await startSandbox({ ports: "random", imap: "required" });
  });
  afterAll(() => sandbox?.stop());

  it("exposes a URL for every system", () => {
    expect(sandbox.urls.moysklad).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/remap\/1\.2$/);
    expect(sandbox.urls.googleToken).toBe(`${sandbox.urls.googleSheets}token`);
    expect(sandbox.urls.imap).not.toBeNull();
    expect(sandbox.warnings).toEqual([]);
  });

  it("the demo configs pass every connection check", async () => {
    const { configs } = sandbox;
    const results = await Promise.all([
      checkMoyskladConnection(configs.moysklad),
      checkGoogleSheetsConnection(configs.googleSheets),
      checkTelegramConnection(configs.telegram),
      checkAiConnection(configs.ai),
      checkAmocrmConnection(configs.amocrm),
      checkRadistConnection(configs.radist),
      checkBitrix24Connection(configs.bitrix24),
      checkOnecConnection(configs.onec),
      checkMailConnection(configs.mail!),
    ]);
    expect(results.every((r) => r.ok)).toBe(true);
  });

  it("the S3 config works through the real client (signed requests)", async () => {
    const s3 = new S3Client(sandbox.configs.s3);
    await s3.putObject("check/ping.txt", Buffer.from("pong"));
    expect((await s3.getObject("check/ping.txt")).toString()).toBe("pong");
  });

  it("the Google key survives a simulator reset", async () => {
    sandbox.simulators.google.reset();
    await expect(checkGoogleSheetsConnection(sandbox.configs.googleSheets)).resolves.toMatchObject({ ok: true });
  });

  it("mail sent through SMTP to a sandbox mailbox arrives in its IMAP INBOX", async () => {
    const { manager, supplier } = sandbox.credentials.mail;
    const transport = nodemailer.createTransport({
      host: sandbox.urls.smtp.host,
      port: sandbox.urls.smtp.port,
      secure: false,
      auth: { user: manager.username, pass: manager.password },
    });
    await transport.sendMail({ from: manager.username, to: supplier.username, subject: "RFQ 42", text: "Цена?" });
    transport.close();

    const client = new ImapFlow({
      host: sandbox.urls.imap!.host,
      port: sandbox.urls.imap!.port,
      secure: false,
      auth: { user: supplier.username, pass: supplier.password },
      logger: false,
    });
    await client.connect();
    const lock = await client.getMailboxLock("INBOX");
    try {
      const subjects: string[] = [];
      for await (const message of client.fetch("1:*", { envelope: true })) subjects.push(message.envelope?.subject ?? "");
      expect(subjects).toContain("RFQ 42");
    } finally {
      lock.release();
      await client.logout();
    }
  });

  it("admin API: seed, read requests, reset", async () => {
    const base = sandbox.simulators.telegram.url;
    await fetch(`${base}/__sandbox/reset`, { method: "POST" });
    await fetch(`${base}/bot${sandbox.credentials.telegram.botToken}/getMe`);
    const requests = (await (await fetch(`${base}/__sandbox/requests`)).json()) as Array<{ path: string }>;
    expect(requests.map((r) => r.path)).toEqual([`/bot${sandbox.credentials.telegram.botToken}/getMe`]);

    await fetch(`${base}/__sandbox/seed`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ bots: [{ token: "1:seeded", id: 1, firstName: "Seeded", username: "seeded_bot" }] }),
    });
    const seeded = await fetch(`${base}/bot1:seeded/getMe`);
    expect(((await seeded.json()) as { result: { username: string } }).result.username).toBe("seeded_bot");
    await fetch(`${base}/__sandbox/reset`, { method: "POST" });
    expect((await fetch(`${base}/bot1:seeded/getMe`)).status).toBe(401);
  });
});
