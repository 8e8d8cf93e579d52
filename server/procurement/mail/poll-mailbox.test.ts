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

  it("attachments over the per-file or per-message limit are not kept separately", () => {
    const file = (size: number) => ({ filename: "f.bin", contentType: "application/octet-stream", size, content: Buffer.alloc(1) });
    const kept = keptAttachments([file(100), file(MAIL_LIMITS.attachmentBytes + 1), file(9 * 1024 * 1024), file(9 * 1024 * 1024), file(9 * 1024 * 1024)]);
    expect(kept.map((k) => k.skippedReason === null)).toEqual([true, false, true, true, false]);
    expect(kept[1]).toMatchObject({ content: null, skippedReason: "Файл больше 10 МБ" });
    expect(kept[4].skippedReason).toBe("Превышен общий размер вложений письма");
  });
});
