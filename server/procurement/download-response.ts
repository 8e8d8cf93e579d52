import { getCurrentUser } from "../auth/get-current-user";
import { AppError } from "../errors";
import { UUID_RE } from "../db";
import type { TDownload } from "./get-download";

/**
 * Route-handler glue for procurement downloads: the signed-in member of the active company with the module
 * on gets the file (as an attachment, never rendered inline by the browser).
 */
export async function downloadResponse(id: string, load: (companyId: string, id: string) => Promise<TDownload>): Promise<Response> {
  const me = await getCurrentUser();
  if (!me) return new Response("Требуется вход", { status: 401 });
  const company = me.active;
  if (!company || !company.enabledModules.includes("procurement")) return new Response("Нет доступа", { status: 403 });
  if (!UUID_RE.test(id)) return new Response("Не найдено", { status: 404 });
  try {
    const file = await load(company.companyId, id);
    return new Response(new Uint8Array(file.content), {
      headers: {
        "Content-Type": file.contentType,
        "Content-Disposition": `attachment; filename*=UTF-8''${encodeURIComponent(file.filename)}`,
        "Content-Length": String(file.content.length),
        "X-Content-Type-Options": "nosniff",
        "Cache-Control": "private, no-store",
      },
    });
  } catch (error) {
    if (error instanceof AppError && error.code === "NOT_FOUND") return new Response(error.userMessage, { status: 404 });
    throw error;
  }
}
