/** Documents: limits, safe names, access on every download, rename, delete; nothing half-saved. */
import { mkdtempSync, readdirSync, existsSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { withSystem, withTenant } from "../db";
import { resetEnvCache } from "../env";
import { ensureJobQueueSchema } from "../jobs/queue-schema";
import { crmCompany } from "./testing";
import { uploadDocument } from "./upload-document";
import { openDocumentForDownload } from "./manage-documents";

let t: Awaited<ReturnType<typeof crmCompany>>;
let dealId: string;
const dir = mkdtempSync(path.join(os.tmpdir(), "pult-crm-docs-"));
const acc = (m: { user: { id: string; name: string } }, role: "seller" | "executor" | "manager" | "owner") => ({ companyId: t.company.id, role, actor: { userId: m.user.id, name: m.user.name } });
const filesOnDisk = () => (existsSync(path.join(dir, t.company.id, dealId)) ? readdirSync(path.join(dir, t.company.id, dealId)).length : 0);

beforeAll(async () => {
  process.env.CRM_STORAGE_DIR = dir;
  process.env.CRM_MAX_UPLOAD_MB = "1";
  resetEnvCache();
  await ensureJobQueueSchema();
  t = await crmCompany();
  dealId = (await t.as(t.seller).crm.createDeal({ title: "Документы", newClient: { kind: "person", name: "Пётр" } })).id;
});

describe("upload", () => {
  it("refuses forbidden types, empty and too large files, and keeps nothing", async () => {
    const s = acc(t.seller, "seller");
    await expect(uploadDocument({ ...s, dealId, fileName: "run.exe", data: Buffer.from("MZ") })).rejects.toThrow("Этот тип файла загружать нельзя");
    await expect(uploadDocument({ ...s, dealId, fileName: "a.pdf", data: Buffer.alloc(0) })).rejects.toThrow("Файл пуст");
    await expect(uploadDocument({ ...s, dealId, fileName: "big.pdf", data: Buffer.alloc(1024 * 1024 + 1) })).rejects.toThrow("Файл больше 1 МБ");
    await expect(uploadDocument({ ...s, dealId, fileName: "../..", data: Buffer.from("x") })).rejects.toThrow("Некорректное имя файла");
    expect(filesOnDisk()).toBe(0);
  });

  it("stores a path-trick name as a plain name under a generated key", async () => {
    const doc = await uploadDocument({ ...acc(t.seller, "seller"), dealId, fileName: "../../../etc/договор.pdf", data: Buffer.from("%PDF") });
    expect(doc.name).toBe("договор.pdf");
    const row = await withTenant(t.company.id, (tx) => tx.crmDocument.findFirstOrThrow({ where: { id: doc.id } }));
    expect(row.storageKey).toBe(`${t.company.id}/${dealId}/${doc.id}`);
    expect(row.uploadedByName).toBe("Сергей Продавец");
    expect(filesOnDisk()).toBe(1);
  });

  it("a seller cannot upload into someone else's deal, and the bytes are not kept", async () => {
    const before = filesOnDisk();
    await expect(uploadDocument({ ...acc(t.seller2, "seller"), dealId, fileName: "x.pdf", data: Buffer.from("x") })).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(filesOnDisk()).toBe(before);
  });
});

describe("download, rename, delete", () => {
  it("links are per user, and access is checked again at download time", async () => {
    const doc = await uploadDocument({ ...acc(t.seller, "seller"), dealId, fileName: "полис.pdf", data: Buffer.from("POLICY") });
    const link = await t.as(t.seller).crm.downloadLink({ documentId: doc.id });
    const token = new URL(link.url, "http://x").searchParams.get("token")!;
    expect((await openDocumentForDownload({ ...acc(t.seller, "seller"), documentId: doc.id, token })).data.toString()).toBe("POLICY");
    // Someone else with the same link: refused.
    await expect(openDocumentForDownload({ ...acc(t.owner, "owner"), documentId: doc.id, token })).rejects.toThrow("Ссылка выдана для другого файла или пользователя");
    // Non-participants cannot even get a link.
    await expect(t.as(t.executor).crm.downloadLink({ documentId: doc.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    // An executor who was a participant and is removed loses access at once, even with a fresh link.
    await t.as(t.seller).crm.createTask({ dealId, type: "other", title: "Проверить", assigneeId: t.executor.user.id });
    const exLink = await t.as(t.executor).crm.downloadLink({ documentId: doc.id });
    const exToken = new URL(exLink.url, "http://x").searchParams.get("token")!;
    await withSystem((tx) => tx.crmDealParticipant.deleteMany({ where: { dealId, userId: t.executor.user.id } }));
    await expect(openDocumentForDownload({ ...acc(t.executor, "executor"), documentId: doc.id, token: exToken })).rejects.toMatchObject({ code: "NOT_FOUND" });
    const downloads = await withSystem((tx) => tx.auditLog.count({ where: { companyId: t.company.id, action: "crm.document.downloaded", entityId: doc.id } }));
    expect(downloads).toBe(1);
  });

  it("renames keep the extension; delete removes the record and the bytes", async () => {
    const doc = await uploadDocument({ ...acc(t.seller, "seller"), dealId, fileName: "скан.png", data: Buffer.from("PNG") });
    const r = await t.as(t.seller).crm.renameDocument({ documentId: doc.id, name: "../Паспорт клиента" });
    expect(r.name).toBe("Паспорт клиента.png");
    const before = filesOnDisk();
    await t.as(t.seller).crm.deleteDocument({ documentId: doc.id });
    expect(filesOnDisk()).toBe(before - 1);
    await expect(t.as(t.seller).crm.renameDocument({ documentId: doc.id, name: "x" })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
