/**
 * MoySklad access of one company for automations and dealers: its configured account
 * (server/connections/get-integration-config.ts) through the real client. Tests may tune the client options.
 */
import { getIntegrationConfig } from "../connections/get-integration-config";
import { createMoyskladClient, type TMoyskladClient, type TMoyskladClientOptions } from "../integrations/moysklad/client";
import type { TMoyskladConfig } from "../integrations/moysklad/schemas";
import { createMoyskladWebhooks } from "../integrations/moysklad/webhooks";
import type { TLookupResolver } from "./mapping";

let clientOptions: TMoyskladClientOptions = {};

/** Tests and the benchmark: limiter / backoff settings of every client created here. */
export function setAutomationsClientOptions(options: TMoyskladClientOptions): void {
  clientOptions = options;
}

export type TCompanyMoysklad = {
  config: TMoyskladConfig;
  client: TMoyskladClient;
  webhooks: ReturnType<typeof createMoyskladWebhooks>;
};

export async function moyskladFor(companyId: string): Promise<TCompanyMoysklad> {
  const config = await getIntegrationConfig<TMoyskladConfig>(companyId, "moysklad");
  const client = createMoyskladClient(config, clientOptions);
  return { config, client, webhooks: createMoyskladWebhooks(config, client) };
}

const LOOKUP_FIELDS = new Set(["code", "name", "article", "inn", "externalCode", "id"]);

type TFound = { meta: Record<string, unknown> } | null;

/** Found references per account, shared by all jobs of the process for a minute (not-found is never cached). */
const LOOKUP_TTL_MS = 60_000;
const lookupCache = new Map<string, { at: number; value: Promise<TFound> }>();

/** Lookups in the target's account (read-only); hits are cached per account for a minute. */
export function targetResolver(client: TMoyskladClient): TLookupResolver {
  const once = (key: string, fn: () => Promise<TFound>) => {
    const full = `${client.limiterKey}|${key}`;
    const now = Date.now();
    const hit = lookupCache.get(full);
    if (hit && now - hit.at < LOOKUP_TTL_MS) return hit.value;
    const value = fn();
    lookupCache.set(full, { at: now, value });
    void value.then((v) => { if (!v) lookupCache.delete(full); }, () => lookupCache.delete(full));
    if (lookupCache.size > 20_000) for (const [k, v] of lookupCache) if (now - v.at >= LOOKUP_TTL_MS) lookupCache.delete(k);
    return value;
  };
  return {
    lookup: (type, by, value) =>
      once(`${type}|${by}|${value}`, async () => {
        if (!LOOKUP_FIELDS.has(by)) return null;
        const escaped = value.replace(/;/g, "\\;");
        const page = await client.listPages({ entity: type, limit: 1, filter: `${by}=${escaped}` }).next();
        const row = page.value?.rows[0];
        return row ? { meta: row.meta as Record<string, unknown> } : null;
      }),
    first: (type) =>
      once(`${type}|first`, async () => {
        const page = await client.listPages({ entity: type, limit: 1 }).next();
        const row = page.value?.rows[0];
        return row ? { meta: row.meta as Record<string, unknown> } : null;
      }),
  };
}

/**
 * The source document as read by the event processing, kept ten minutes (≤ 2000 documents) for the rule runs that follow in the
 * same process (saves one request per run against the source account's 45 / 3 s budget; another process
 * simply reads it again).
 */
const SOURCE_TTL_MS = 10 * 60_000;
const sourceDocs = new Map<string, { at: number; doc: Record<string, unknown> }>();

export function rememberSourceDocument(companyId: string, href: string, doc: Record<string, unknown>): void {
  const now = Date.now();
  sourceDocs.set(`${companyId}|${href}`, { at: now, doc });
  // Oldest first (insertion order): at most 2000 documents are kept.
  for (const [k, v] of sourceDocs) {
    if (sourceDocs.size <= 2_000 && now - v.at < SOURCE_TTL_MS) break;
    sourceDocs.delete(k);
  }
}

export function recallSourceDocument(companyId: string, href: string): Record<string, unknown> | null {
  const hit = sourceDocs.get(`${companyId}|${href}`);
  return hit && Date.now() - hit.at < SOURCE_TTL_MS ? hit.doc : null;
}
