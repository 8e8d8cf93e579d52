import { z } from "zod";
import { withTenant } from "../db";
import { getEnv } from "../env";
import { writeAudit } from "../audit/write-audit";
import { AppError } from "../errors";
import { logger } from "../logger";
import { getFileStorage } from "../storage/file-storage";
import { extensionOf, sanitizeFileName } from "../storage/file-names";
import { signDownloadToken, verifyDownloadToken } from "../storage/signed-link";
import { actorId, loadEditableDeal, loadVisibleDeal, type TCrmAccess } from "./access";

async function loadDocument(companyId: string, documentId: string) {
  return withTenant(companyId, async (tx) => {
    const doc = await tx.crmDocument.findFirst({ where: { id: documentId } });
    if (!doc) throw new AppError("NOT_FOUND", "Файл не найден");
    return doc;
  });
}

export const ZRenameDocumentInput = z.object({ documentId: z.string().uuid(), name: z.string().trim().min(1, "Укажите имя файла").max(180, "Слишком длинное имя") });

/** Renames a file (the extension is kept: the type was checked at upload). */
export async function renameDocument(opts: TCrmAccess & z.infer<typeof ZRenameDocumentInput>) {
  return withTenant(opts.companyId, async (tx) => {
    const doc = await tx.crmDocument.findFirst({ where: { id: opts.documentId } });
    if (!doc) throw new AppError("NOT_FOUND", "Файл не найден");
    await loadEditableDeal(tx, opts, doc.dealId);
    let name = sanitizeFileName(opts.name);
    if (!name) throw new AppError("BAD_REQUEST", "Некорректное имя файла", { fieldErrors: { name: "Некорректное имя" } });
    const ext = extensionOf(doc.name);
    if (ext && extensionOf(name) !== ext) name = `${name}.${ext}`;
    await tx.crmDocument.update({ where: { id: doc.id }, data: { name } });
    await writeAudit(tx, opts.companyId, opts.actor, { action: "crm.document.renamed", entity: "CrmDocument", entityId: doc.id, changes: { name: { from: doc.name, to: name } } });
    return { id: doc.id, name };
  });
}

/** Deletes a file's record, then its bytes (after the commit). */
export async function deleteDocument(opts: TCrmAccess & { documentId: string }) {
  const removed = await withTenant(opts.companyId, async (tx) => {
    const doc = await tx.crmDocument.findFirst({ where: { id: opts.documentId } });
    if (!doc) throw new AppError("NOT_FOUND", "Файл не найден");
    await loadEditableDeal(tx, opts, doc.dealId);
    await tx.crmDocument.delete({ where: { id: doc.id } });
    await writeAudit(tx, opts.companyId, opts.actor, { action: "crm.document.deleted", entity: "CrmDocument", entityId: doc.id, changes: { dealId: doc.dealId, name: doc.name, size: doc.size } });
    return doc;
  });
  await getFileStorage().delete(removed.storageKey).catch((err) => logger.warn({ err, documentId: removed.id }, "document bytes not removed"));
  return { id: removed.id };
}

/** A short-lived link for one user to download one file (only for members who may see the deal). */
export async function createDownloadLink(opts: TCrmAccess & { documentId: string }) {
  const doc = await loadDocument(opts.companyId, opts.documentId);
  await withTenant(opts.companyId, (tx) => loadVisibleDeal(tx, opts, doc.dealId));
  const { token, expiresAt } = signDownloadToken(getEnv().AUTH_SECRET, {
    documentId: doc.id, userId: actorId(opts), companyId: opts.companyId, ttlSeconds: getEnv().CRM_DOWNLOAD_LINK_TTL_SECONDS,
  });
  return { url: `/api/crm/documents/${doc.id}?token=${encodeURIComponent(token)}`, expiresAt };
}

/**
 * The download itself: the token must be valid, unexpired, for this document and for the signed-in user;
 * the user's access to the deal is checked again now (a removed participant loses access at once).
 */
export async function openDocumentForDownload(opts: TCrmAccess & { documentId: string; token: string }) {
  const v = verifyDownloadToken(getEnv().AUTH_SECRET, opts.token);
  if (!v.ok) throw new AppError("FORBIDDEN", v.reason === "expired" ? "Ссылка на файл устарела: откройте файл из сделки ещё раз" : "Недействительная ссылка на файл");
  if (v.payload.d !== opts.documentId || v.payload.u !== opts.actor.userId || v.payload.c !== opts.companyId) {
    throw new AppError("FORBIDDEN", "Ссылка выдана для другого файла или пользователя");
  }
  const doc = await loadDocument(opts.companyId, opts.documentId);
  await withTenant(opts.companyId, async (tx) => {
    await loadVisibleDeal(tx, opts, doc.dealId);
    await writeAudit(tx, opts.companyId, opts.actor, { action: "crm.document.downloaded", entity: "CrmDocument", entityId: doc.id, changes: { dealId: doc.dealId, name: doc.name } });
  });
  const data = await getFileStorage().get(doc.storageKey);
  return { name: doc.name, mimeType: doc.mimeType, data };
}
