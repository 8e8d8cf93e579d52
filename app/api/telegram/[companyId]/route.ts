import { verifyTelegramUpdate } from "@/server/dealers/verify-telegram-update";
import { handleDealerBotUpdate } from "@/server/dealers/handle-bot-update";
import { logger } from "@/server/logger";

export const dynamic = "force-dynamic";

/**
 * Updates of a company's Telegram bot (setWebhook with a secret token): the `X-Telegram-Bot-Api-Secret-Token`
 * header is verified, then the update goes to the dealers' bot handler. Always 200 once verified, so
 * Telegram does not re-deliver an update our handler failed on (the failure is logged).
 */
export async function POST(request: Request, { params }: { params: Promise<{ companyId: string }> }) {
  const { companyId } = await params;
  const ok = await verifyTelegramUpdate(companyId, request.headers.get("x-telegram-bot-api-secret-token"));
  if (!ok) return Response.json({ error: "unauthorized" }, { status: 401 });
  let update: unknown;
  try {
    update = await request.json();
  } catch {
    return Response.json({ error: "invalid json" }, { status: 400 });
  }
  try {
    await handleDealerBotUpdate({ companyId, update });
  } catch (error) {
    logger.error({ companyId, err: String(error) }, "telegram: update handling failed");
  }
  return Response.json({ ok: true });
}
