import type { TMoyskladDatasetConfig } from "./catalog";
import type { TMoyskladCounters, TMoyskladFault, TMoyskladSimState } from "./server";
import type { TMoyskladWebhook, TMoyskladWebhookDelivery } from "./webhooks";
import { adminCaller } from "../lib/admin-client";

/**
 * Typed client of the MoySklad simulator's admin API (`/__sandbox/...`), for tests, the demo and the
 * benchmark. `simUrl` is the simulator's root (`sim.url`, e.g. `http://127.0.0.1:4101`).
 */

export type TDatasetSummary = {
  config: TMoyskladDatasetConfig;
  types: Record<string, { generated: number; live: number; changed: number }>;
};

export type TModifyResult = { modified: Array<{ type: string; ids: string[] }>; total: number };

export function createMoyskladAdmin(simUrl: string) {
  const call = adminCaller(simUrl, "MoySklad sandbox admin");
  return {
    /** Replaces the dataset (defaults + `config`); runtime changes are dropped. */
    configure: (config: Partial<TMoyskladDatasetConfig>) => call<TDatasetSummary>("POST", "/__sandbox/dataset", config),
    dataset: () => call<TDatasetSummary>("GET", "/__sandbox/dataset"),
    /**
     * Changes `percent`% (or `count`) of the live records of each type (default: every document
     * type): `updated` moves past everything else, money changes.
     */
    modify: (input: { type?: string; types?: string[]; percent?: number; count?: number }) =>
      call<TModifyResult>("POST", "/__sandbox/modify", input),
    /** Creates an entity from API-shaped JSON (references as `{ meta: { href } }`), bypassing limits. */
    create: (type: string, body: Record<string, unknown>) => call<Record<string, unknown>>("POST", `/__sandbox/entities/${type}`, body),
    remove: (type: string, id: string) => call<{ ok: true }>("DELETE", `/__sandbox/entities/${type}/${id}`),
    counters: () => call<TMoyskladCounters>("GET", "/__sandbox/counters"),
    resetCounters: () => call<{ ok: true }>("DELETE", "/__sandbox/counters"),
    /** Merges into the simulator state: `timeScale`, `rateLimit`, `parallelLimit`, `latencyMs`, `faults`, … */
    seed: (input: Partial<TMoyskladSimState>) => call<{ ok: true }>("POST", "/__sandbox/seed", input),
    setTimeScale: (timeScale: number) => call<{ ok: true }>("POST", "/__sandbox/seed", { timeScale }),
    injectFaults: (faults: TMoyskladFault[]) => call<{ ok: true }>("POST", "/__sandbox/seed", { faults }),
    reset: () => call<{ ok: true }>("POST", "/__sandbox/reset"),
    /** Webhook subscriptions and deliveries (see webhooks.ts). */
    webhooks: () => call<TMoyskladWebhook[]>("GET", "/__sandbox/webhooks"),
    webhookDeliveries: () => call<TMoyskladWebhookDelivery[]>("GET", "/__sandbox/webhook-deliveries"),
    /** Sends a delivery's body once more (a duplicate delivery, like a retried webhook). */
    repeatWebhookDelivery: (id: string) => call<TMoyskladWebhookDelivery>("POST", `/__sandbox/webhook-deliveries/${id}/repeat`),
    /** Waits until every delivery in flight is delivered or dropped; returns all deliveries. */
    settleWebhooks: () => call<TMoyskladWebhookDelivery[]>("POST", "/__sandbox/webhook-deliveries/settle"),
  };
}

export type TMoyskladAdmin = ReturnType<typeof createMoyskladAdmin>;
