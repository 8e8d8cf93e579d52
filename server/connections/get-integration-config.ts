import { withTenant } from "../db";
import { AppError } from "../errors";
import { getProvider, type TIntegrationKind } from "./catalog";
import { readSecrets } from "./save-integration";

/**
 * The full configuration of one integration (settings + decrypted secrets), parsed by its provider schema.
 * For server-side use by jobs only: never send it to the browser or a log.
 */
export async function getIntegrationConfig<T = Record<string, unknown>>(companyId: string, kind: TIntegrationKind): Promise<T> {
  const provider = getProvider(kind);
  const row = await withTenant(companyId, (tx) => tx.integrationConfig.findUnique({ where: { companyId_kind: { companyId, kind } } }));
  if (!row) throw new AppError("PRECONDITION_FAILED", `Интеграция «${provider.title}» не настроена: откройте «Настройки → Интеграции»`);
  const parsed = provider.configSchema.safeParse({ ...(row.settings as object), ...readSecrets(row) });
  if (!parsed.success) throw new AppError("PRECONDITION_FAILED", `Настройки интеграции «${provider.title}» неполные: проверьте их в «Настройки → Интеграции»`);
  return parsed.data as T;
}
