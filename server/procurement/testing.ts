/** Test helpers: real Dovecot + SMTP (with local delivery) + the OpenAI simulator, and a configured company. */
import { readFileSync } from "node:fs";
import { saveIntegration } from "../connections/save-integration";
import { createCompany } from "../test/factories";
import { SYSTEM_ACTOR } from "../tenancy/roles";
import { startDovecot, type TDovecotSandbox } from "../../sandbox/mail/dovecot";
import { startSmtpServer, type TSmtpSandbox } from "../../sandbox/mail/smtp";
import { openaiDemo, openaiSimulator, type TOpenaiSimState } from "../../sandbox/openai/server";
import type { TSimulator } from "../../sandbox/lib/simulator";

export const DESK = { username: "desk@pult.local", password: "desk-pass-123" };
/** Separate mailboxes, one per company in a test file (desk-1@…, desk-2@…). */
export const desk = (n: number) => ({ username: `desk-${n}@pult.local`, password: "desk-pass-123" });
export const SUPPLIER_BOX = { username: "supplier@pult.local", password: "supplier-pass-123" };

export type TMailLab = { imap: TDovecotSandbox; smtp: TSmtpSandbox; ai: TSimulator<TOpenaiSimState>; stop(): Promise<void> };

export async function startMailLab(): Promise<TMailLab> {
  const users = [DESK, SUPPLIER_BOX, ...Array.from({ length: 8 }, (_, i) => desk(i + 1))];
  const imap = await startDovecot({ users });
  const smtp = await startSmtpServer({
    users,
    onMessage: async (m) => {
      for (const rcpt of m.to) if (users.some((u) => u.username === rcpt)) await imap.deliver(rcpt, m.raw);
    },
  });
  const ai = await openaiSimulator.start();
  return { imap, smtp, ai, stop: async () => { await Promise.all([imap.stop(), smtp.stop(), ai.stop()]); } };
}

export async function createProcurementCompany(lab: TMailLab, opts: { ai?: boolean; mailbox?: { username: string; password: string } } = {}) {
  const box = opts.mailbox ?? DESK;
  const company = await createCompany(undefined, ["procurement"]);
  await saveIntegration({
    companyId: company.id,
    actor: SYSTEM_ACTOR,
    kind: "mail",
    settings: {
      imapHost: lab.imap.host, imapPort: lab.imap.port, imapSecure: false, smtpHost: lab.smtp.host, smtpPort: lab.smtp.port,
      smtpSecure: false, username: box.username, fromAddress: box.username,
    },
    secrets: { password: box.password },
  });
  if (opts.ai !== false) {
    await saveIntegration({
      companyId: company.id,
      actor: SYSTEM_ACTOR,
      kind: "ai",
      settings: { baseUrl: `${lab.ai.url}/v1`, model: openaiDemo.model },
      secrets: { apiKey: openaiDemo.apiKey },
    });
  }
  return company;
}

export function fixture(name: string, vars: Record<string, string> = {}): Buffer {
  let raw = readFileSync(new URL(`./fixtures/${name}`, import.meta.url));
  for (const [k, v] of Object.entries(vars)) raw = Buffer.from(raw.toString("latin1").split(`{{${k}}}`).join(v), "latin1");
  return raw;
}
