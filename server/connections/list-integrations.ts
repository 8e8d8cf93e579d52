import { withTenant } from "../db";
import { PROVIDERS } from "./catalog";

/** Every provider card for the settings page. Secret values never leave the server: only which are set. */
export async function listIntegrations(opts: { companyId: string }) {
  const rows = await withTenant(opts.companyId, (tx) => tx.integrationConfig.findMany());
  return PROVIDERS.map((p) => {
    const row = rows.find((r) => r.kind === p.kind);
    return {
      kind: p.kind,
      title: p.title,
      description: p.description,
      fields: p.fields,
      configured: !!row,
      settings: (row?.settings ?? {}) as Record<string, unknown>,
      secretsSet: row?.secretFields ?? [],
      status: row?.status ?? ("unchecked" as const),
      statusSummary: row?.statusSummary ?? null,
      lastError: row?.lastError ?? null,
      lastCheckedAt: row?.lastCheckedAt ?? null,
    };
  });
}
