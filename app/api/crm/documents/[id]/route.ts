import { AppError } from "@/server/errors";
import { UUID_RE } from "@/server/db";
import { errorResponse, resolveRouteAccess } from "@/server/crm/resolve-route-access";
import { openDocumentForDownload } from "@/server/crm/manage-documents";

export const dynamic = "force-dynamic";

/** Download through a short-lived signed link; access to the deal is checked again on every download. */
export async function GET(req: Request, ctx: { params: Promise<{ id: string }> }) {
  try {
    const { id } = await ctx.params;
    if (!UUID_RE.test(id)) throw new AppError("NOT_FOUND", "Файл не найден");
    const token = new URL(req.url).searchParams.get("token");
    if (!token) throw new AppError("FORBIDDEN", "Недействительная ссылка на файл");
    const access = await resolveRouteAccess(req.headers);
    const file = await openDocumentForDownload({ ...access, documentId: id, token });
    const ascii = file.name.replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "_");
    return new Response(new Uint8Array(file.data), {
      headers: {
        "content-type": file.mimeType,
        "content-length": String(file.data.length),
        "content-disposition": `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(file.name)}`,
        "cache-control": "private, no-store",
        "x-content-type-options": "nosniff",
      },
    });
  } catch (err) {
    return errorResponse(err);
  }
}
