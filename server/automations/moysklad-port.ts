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

/** Lookups in the target's account (read-only), cached for one rendering. */
export function targetResolver(client: TMoyskladClient): TLookupResolver {
  const cache = new Map<string, Promise<{ meta: Record<string, unknown> } | null>>();
  const once = (key: string, fn: () => Promise<{ meta: Record<string, unknown> } | null>) => {
    let p = cache.get(key);
    if (!p) {
      p = fn();
      cache.set(key, p);
    }
    return p;
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
