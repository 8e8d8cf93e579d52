import { getEnv } from "@/server/env";
import { AppError } from "@/server/errors";
import { UUID_RE } from "@/server/db";
import { errorResponse, resolveRouteAccess } from "@/server/crm/resolve-route-access";
import { uploadDocument } from "@/server/crm/upload-document";

export const dynamic = "force-dynamic";

/** Upload one file into a deal's folder (multipart/form-data, field "file"). */
export async function POST(req: Request, ctx: { params: Promise<{ id: string }> }) {
  try {
    const { id } = await ctx.params;
    if (!UUID_RE.test(id)) throw new AppError("NOT_FOUND", "Сделка не найдена");
    const access = await resolveRouteAccess(req.headers);
    const declared = Number(req.headers.get("content-length") ?? 0);
    const max = getEnv().CRM_MAX_UPLOAD_MB * 1024 * 1024;
    if (declared > max + 64 * 1024) throw new AppError("BAD_REQUEST", `Файл больше ${getEnv().CRM_MAX_UPLOAD_MB} МБ`);
    const form = await req.formData().catch(() => null);
    const file = form?.get("file");
    if (!file || typeof file === "string") throw new AppError("BAD_REQUEST", "Выберите файл");
    const doc = await uploadDocument({ ...access, dealId: id, fileName: file.name, data: Buffer.from(await file.arrayBuffer()) });
    return Response.json(doc, { status: 201 });
  } catch (err) {
    return errorResponse(err);
  }
}
