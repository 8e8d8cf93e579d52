import { withTenant } from "../db";
import { AppError } from "../errors";

export type TDownload = { filename: string; contentType: string; content: Buffer };

/** The КП PDF of an offer of the company. */
export async function getOfferPdf(opts: { companyId: string; offerId: string }): Promise<TDownload> {
  const offer = await withTenant(opts.companyId, (tx) => tx.procOffer.findUnique({ where: { id: opts.offerId }, select: { number: true, pdf: true } }));
  if (!offer) throw new AppError("NOT_FOUND", "КП не найдено");
  return { filename: `${offer.number}.pdf`, contentType: "application/pdf", content: Buffer.from(offer.pdf) };
}

/** One stored email attachment of the company. */
export async function getAttachment(opts: { companyId: string; attachmentId: string }): Promise<TDownload> {
  const a = await withTenant(opts.companyId, (tx) => tx.procAttachment.findUnique({ where: { id: opts.attachmentId } }));
  if (!a || !a.content) throw new AppError("NOT_FOUND", a?.skippedReason ?? "Вложение не найдено");
  return { filename: a.filename, contentType: a.contentType || "application/octet-stream", content: Buffer.from(a.content) };
}
