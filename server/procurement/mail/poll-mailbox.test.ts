import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withTenant } from "../../db";
import { ensureJobQueueSchema } from "../../jobs/queue-schema";
import { UpstreamError } from "../../integrations/errors";
import { createProcurementCompany, desk, startMailLab, type TMailLab } from "../testing";
import { keptAttachments, MAIL_LIMITS, pollMailbox } from "./poll-mailbox";

let lab: TMailLab;
beforeAll(async () => {
  await ensureJobQueueSchema();
  lab = await startMailLab();
});
afterAll(() => lab?.stop());

describe("pollMailbox failures and limits", () => {
  it("a rejected password fails permanently and the reason is kept for the orders page", async () => {
    const company = await createProcurementCompany(lab, { mailbox: { username: desk(8).username, password: "wrong-password" } });
    const error = await pollMailbox({ companyId: company.id }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UpstreamError);
    expect(error).toMatchObject({ kind: "auth", retryable: false });
    const settings = await withTenant(company.id, (tx) => tx.procSettings.findUniqueOrThrow({ where: { companyId: company.id } }));
    expect(settings.mailLastError).toContain("Неверный логин или пароль почты");
    expect(settings.mailLastUid).toBe(0);
    const card = await withTenant(company.id, (tx) => tx.integrationConfig.findFirstOrThrow({ where: { kind: "mail" } }));
    expect(card).toMatchObject({ status: "error", lastError: settings.mailLastError });

    // The password is fixed: the next poll works and the reason disappears from the orders page.
    await withTenant(company.id, async (tx) => {
      const cfg = await tx.integrationConfig.findFirstOrThrow({ where: { kind: "mail" } });
      await tx.integrationConfig.update({ where: { id: cfg.id }, data: { settings: { ...(cfg.settings as object), username: desk(8).username } } });
    });
    const { saveIntegration } = await import("../../connections/save-integration");
    const { SYSTEM_ACTOR } = await import("../../tenancy/roles");
    const cfg = await withTenant(company.id, (tx) => tx.integrationConfig.findFirstOrThrow({ where: { kind: "mail" } }));
    await saveIntegration({ companyId: company.id, actor: SYSTEM_ACTOR, kind: "mail", settings: cfg.settings as Record<string, unknown>, secrets: { password: desk(8).password } });
    expect(await pollMailbox({ companyId: company.id })).toEqual({ fetched: 0, stored: 0, duplicates: 0, processed: [] });
    const after = await withTenant(company.id, (tx) => tx.procSettings.findUniqueOrThrow({ where: { companyId: company.id } }));
    expect(after.mailLastError).toBeNull();
  });

  it("drains the INBOX in several fetches, processes in parallel and numbers the orders in arrival order", async () => {
    const company = await createProcurementCompany(lab, { ai: false, mailbox: desk(7) });
    const saved = MAIL_LIMITS.batch;
    MAIL_LIMITS.batch = 2;
    try {
      const raw = (n: number) =>
        [`From: Клиент ${n} <c${n}@client.ru>`, `To: ${desk(7).username}`, `Subject: Заявка ${n}`, `Message-ID: <batch-${n}@client.ru>`,
          "Content-Type: text/plain; charset=utf-8", "", `Нужно ${n} шт.`, ""].join("\r\n");
      for (let n = 1; n <= 5; n++) await lab.imap.deliver(desk(7).username, raw(n));
      const { processed, ...counts } = await pollMailbox({ companyId: company.id, parallel: 3 });
      expect(counts).toEqual({ fetched: 5, stored: 5, duplicates: 0 });
      expect(processed.map((p) => p.kind === "client_request" && p.number.slice(-4))).toEqual(["0001", "0002", "0003", "0004", "0005"]);
      const orders = await withTenant(company.id, (tx) => tx.procOrder.findMany({ orderBy: { number: "asc" }, select: { subject: true, status: true } }));
      expect(orders.map((o) => o.subject)).toEqual(["Заявка 1", "Заявка 2", "Заявка 3", "Заявка 4", "Заявка 5"]);
      expect(orders.every((o) => o.status === "needs_review")).toBe(true); // no AI configured
    } finally {
      MAIL_LIMITS.batch = saved;
    }
  });

  it("attachments over the per-file or per-message limit are not kept separately", () => {
    const file = (size: number) => ({ filename: "f.bin", contentType: "application/octet-stream", size, content: Buffer.alloc(1) });
    const kept = keptAttachments([file(100), file(MAIL_LIMITS.attachmentBytes + 1), file(9 * 1024 * 1024), file(9 * 1024 * 1024), file(9 * 1024 * 1024)]);
    expect(kept.map((k) => k.skippedReason === null)).toEqual([true, false, true, true, false]);
    expect(kept[1]).toMatchObject({ content: null, skippedReason: "Файл больше 10 МБ" });
    expect(kept[4].skippedReason).toBe("Превышен общий размер вложений письма");
  });
});
