import "../zod-locale";
import { withTenant, Prisma } from "../db";
import { AppError } from "../errors";
import { writeAudit } from "../audit/write-audit";
import { diffRecords } from "../audit/mask-secrets";
import { decryptSecret, encryptSecret } from "../secrets/cipher";
import type { TActor } from "../tenancy/roles";
import { getProvider, type TIntegrationKind } from "./catalog";

export function secretContext(companyId: string, kind: TIntegrationKind): string {
  return `integration:${companyId}:${kind}`;
}

export function readSecrets(row: { companyId: string; kind: TIntegrationKind; secretCipher: string | null }): Record<string, string> {
  if (!row.secretCipher) return {};
  return JSON.parse(decryptSecret(row.secretCipher, secretContext(row.companyId, row.kind))) as Record<string, string>;
}

/**
 * Saves an integration's settings. Secret fields are write-only: an empty value keeps the stored one.
 * The whole configuration (settings + secrets) is validated before anything is written.
 */
export async function saveIntegration(opts: {
  companyId: string; actor: TActor; kind: TIntegrationKind;
  settings: Record<string, unknown>; secrets: Record<string, string | undefined>;
}) {
  const provider = getProvider(opts.kind);
  return withTenant(opts.companyId, async (tx) => {
    const existing = await tx.integrationConfig.findUnique({ where: { companyId_kind: { companyId: opts.companyId, kind: opts.kind } } });
    const storedSecrets = existing ? readSecrets(existing) : {};
    const secrets: Record<string, string> = { ...storedSecrets };
    for (const f of provider.secretFields) {
      const v = opts.secrets[f]?.trim();
      if (v) secrets[f] = v;
    }
    const input: Record<string, unknown> = { ...opts.settings, ...secrets };
    const parsed = provider.configSchema.safeParse(input);
    if (!parsed.success) {
      const fieldErrors: Record<string, string> = {};
      for (const issue of parsed.error.issues) {
        const name = String(issue.path[0] ?? "");
        fieldErrors[name] ??= input[name] === undefined || input[name] === "" ? "обязательное поле" : issue.message;
      }
      const [name, message] = Object.entries(fieldErrors)[0]!;
      const label = provider.fields.find((f) => f.name === name)?.label;
      throw new AppError("BAD_REQUEST", label && !message.startsWith(label) ? `${label}: ${message}` : message, { fieldErrors });
    }
    const full = parsed.data as Record<string, unknown>;
    const settings = Object.fromEntries(Object.entries(full).filter(([k]) => !provider.secretFields.includes(k)));
    const enc = Object.keys(secrets).length ? encryptSecret(JSON.stringify(secrets), secretContext(opts.companyId, opts.kind)) : null;
    const data = {
      settings: settings as Prisma.InputJsonValue,
      secretCipher: enc?.cipher ?? null,
      secretKeyId: enc?.keyId ?? null,
      secretFields: Object.keys(secrets),
      status: "unchecked" as const,
      statusSummary: null,
      lastError: null,
    };
    const row = await tx.integrationConfig.upsert({
      where: { companyId_kind: { companyId: opts.companyId, kind: opts.kind } },
      create: { companyId: opts.companyId, kind: opts.kind, ...data },
      update: data,
    });
    const changedSecrets = provider.secretFields.filter((f) => opts.secrets[f]?.trim());
    await writeAudit(tx, opts.companyId, opts.actor, {
      action: existing ? "integration.updated" : "integration.created",
      entity: "IntegrationConfig",
      entityId: row.id,
      changes: {
        kind: opts.kind,
        ...diffRecords((existing?.settings as Record<string, unknown>) ?? null, settings),
        ...(changedSecrets.length ? { changedWriteOnlyFields: changedSecrets } : {}),
      },
    });
    return { id: row.id };
  });
}
