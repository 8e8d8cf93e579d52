import { ingestMoyskladWebhook } from "@/server/automations/ingest-webhook";
import { isAppError } from "@/server/errors";
import { logger } from "@/server/logger";

export const dynamic = "force-dynamic";

const STATUS = { UNAUTHORIZED: 401, NOT_FOUND: 404, BAD_REQUEST: 400 } as Record<string, number>;

/** MoySklad webhook deliveries of one company (the secret in the path is verified; answered at once). */
export async function POST(request: Request, { params }: { params: Promise<{ companyId: string; secret: string }> }) {
  const { companyId, secret } = await params;
  let body: unknown;
  try {
    body = await request.json();
  } catch {
    return Response.json({ error: "invalid json" }, { status: 400 });
  }
  try {
    const result = await ingestMoyskladWebhook({ companyId, secret, body });
    return Response.json({ stored: result.stored.length, duplicates: result.duplicates });
  } catch (error) {
    if (isAppError(error) && STATUS[error.code]) return Response.json({ error: error.userMessage }, { status: STATUS[error.code] });
    logger.error({ companyId, err: String(error) }, "automations: webhook ingest failed");
    return Response.json({ error: "internal error" }, { status: 500 });
  }
}
