import { withTenant } from "../db";
import { UpstreamError } from "../integrations/errors";
import { logger } from "../logger";
import { getProvider, type TIntegrationKind } from "./catalog";
import { readSecrets } from "./save-integration";

/**
 * Checks one integration through its real client and records status, summary, last error and time.
 * Called by the background function `integration-check`. Returns the outcome; a failed check is a
 * result, not an exception (the job succeeds in checking, the integration is in error).
 */
export async function runIntegrationCheck(opts: { companyId: string; kind: TIntegrationKind }) {
  const provider = getProvider(opts.kind);
  const row = await withTenant(opts.companyId, (tx) => tx.integrationConfig.findUnique({
    where: { companyId_kind: { companyId: opts.companyId, kind: opts.kind } },
  }));
  if (!row) return { ok: false as const, error: "Интеграция не настроена" };

  let outcome: { ok: true; summary: string } | { ok: false; error: string };
  try {
    const config = provider.configSchema.parse({ ...(row.settings as object), ...readSecrets(row) });
    const res = await provider.check(config as never);
    outcome = { ok: true, summary: res.summary };
  } catch (err) {
    if (err instanceof UpstreamError) outcome = { ok: false, error: err.userMessage };
    else {
      logger.error({ err, companyId: opts.companyId, kind: opts.kind }, "integration check crashed");
      outcome = { ok: false, error: "Проверка не удалась из-за внутренней ошибки. Подробности — в журнале сервера." };
    }
  }
  await withTenant(opts.companyId, (tx) => tx.integrationConfig.update({
    where: { id: row.id },
    data: outcome.ok
      ? { status: "ok", statusSummary: outcome.summary, lastError: null, lastCheckedAt: new Date() }
      : { status: "error", lastError: outcome.error, lastCheckedAt: new Date() },
  }));
  return outcome;
}
