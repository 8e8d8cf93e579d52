import { randomUUID } from "node:crypto";
import { withTenant } from "../db";
import { getEnv } from "../env";
import { writeAudit } from "../audit/write-audit";
import { AppError } from "../errors";
import { logger } from "../logger";
import { getFileStorage } from "../storage/file-storage";
import { allowedMimeType, sanitizeFileName } from "../storage/file-names";
import { loadEditableDeal, type TCrmAccess } from "./access";

/**
 * Puts a file into the deal's folder. Checked: access to the deal, size, type (by extension, from an allow
 * list), a safe display name. The bytes are written first under a generated key; if the database part fails
 * the file is removed again, so nothing is half-saved.
 */
export async function uploadDocument(opts: TCrmAccess & { dealId: string; fileName: string; data: Buffer }) {
  const maxBytes = getEnv().CRM_MAX_UPLOAD_MB * 1024 * 1024;
  const name = sanitizeFileName(opts.fileName);
  if (!name) throw new AppError("BAD_REQUEST", "Некорректное имя файла");
  const mimeType = allowedMimeType(name);
  if (!mimeType) throw new AppError("BAD_REQUEST", "Этот тип файла загружать нельзя. Разрешены PDF, изображения, документы Word/Excel/OpenDocument, TXT, CSV, ZIP.");
  if (opts.data.length === 0) throw new AppError("BAD_REQUEST", "Файл пуст");
  if (opts.data.length > maxBytes) throw new AppError("BAD_REQUEST", `Файл больше ${getEnv().CRM_MAX_UPLOAD_MB} МБ`);

  // Access first (cheap), before touching the disk.
  await withTenant(opts.companyId, (tx) => loadEditableDeal(tx, opts, opts.dealId));
  const id = randomUUID();
  const storageKey = `${opts.companyId}/${opts.dealId}/${id}`;
  const storage = getFileStorage();
  await storage.put(storageKey, opts.data);
  try {
    return await withTenant(opts.companyId, async (tx) => {
      await loadEditableDeal(tx, opts, opts.dealId);
      const doc = await tx.crmDocument.create({
        data: {
          id, companyId: opts.companyId, dealId: opts.dealId, name, storageKey, size: opts.data.length, mimeType,
          uploadedById: opts.actor.userId, uploadedByName: opts.actor.name,
        },
      });
      await tx.crmDeal.update({ where: { id: opts.dealId }, data: { updatedAt: new Date() } });
      await writeAudit(tx, opts.companyId, opts.actor, { action: "crm.document.uploaded", entity: "CrmDocument", entityId: doc.id, changes: { dealId: opts.dealId, name, size: doc.size } });
      return { id: doc.id, name: doc.name, size: doc.size };
    });
  } catch (err) {
    await storage.delete(storageKey).catch((e) => logger.warn({ err: e, storageKey }, "could not remove an orphaned upload"));
    throw err;
  }
}
