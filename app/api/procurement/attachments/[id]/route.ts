import { downloadResponse } from "@/server/procurement/download-response";
import { getAttachment } from "@/server/procurement/get-download";

export const dynamic = "force-dynamic";

export async function GET(_req: Request, ctx: { params: Promise<{ id: string }> }) {
  const { id } = await ctx.params;
  return downloadResponse(id, (companyId, attachmentId) => getAttachment({ companyId, attachmentId }));
}
