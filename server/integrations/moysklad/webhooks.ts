import { createHash } from "node:crypto";
import { z } from "zod";
import { fetchUpstream, joinUrl, statusError } from "../http";
import type { TMoyskladClient } from "./client";
import { ZMoyskladEntity, ZMoyskladMeta, type TMoyskladConfig, type TMoyskladEntity } from "./schemas";

/**
 * MoySklad webhooks (`/entity/webhook`) and idempotent document creation, on top of the client's
 * `request` (limiter, retries, error mapping). Kept apart from client.ts on purpose.
 *
 * Webhook payload (what MoySklad POSTs to us): `{"events":[{"meta":{"type","href"},"action","accountId"}]}`;
 * the endpoint must answer 2xx within 1500 ms, otherwise MoySklad retries 3 times and drops the event —
 * hence reconciliation by `updated` polling.
 */

export const MOYSKLAD_WEBHOOK_ACTIONS = ["CREATE", "UPDATE", "DELETE", "PROCESSED"] as const;
export type TMoyskladWebhookAction = (typeof MOYSKLAD_WEBHOOK_ACTIONS)[number];

export const ZMoyskladWebhook = z
  .object({
    meta: ZMoyskladMeta,
    id: z.string(),
    accountId: z.string().optional(),
    entityType: z.string(),
    url: z.string(),
    method: z.string().optional(),
    enabled: z.boolean(),
    action: z.enum(MOYSKLAD_WEBHOOK_ACTIONS),
    diffType: z.string().optional(),
  })
  .loose();
export type TMoyskladWebhook = z.infer<typeof ZMoyskladWebhook>;

const ZMoyskladWebhookList = z.object({ rows: z.array(ZMoyskladWebhook) }).loose();

/** One event of a webhook delivery. */
export const ZMoyskladWebhookEvent = z
  .object({
    meta: z.object({ type: z.string().min(1).max(64), href: z.string().url().max(1000) }).loose(),
    action: z.enum(MOYSKLAD_WEBHOOK_ACTIONS),
    accountId: z.string().max(64).optional(),
    updatedFields: z.array(z.string()).optional(),
  })
  .loose();
export type TMoyskladWebhookEvent = z.infer<typeof ZMoyskladWebhookEvent>;

/** The body MoySklad POSTs to a webhook url. */
export const ZMoyskladWebhookPayload = z
  .object({
    events: z.array(ZMoyskladWebhookEvent).min(1).max(1000),
    auditContext: z.object({ uid: z.string().optional(), moment: z.string().optional() }).loose().optional(),
  })
  .loose();
export type TMoyskladWebhookPayload = z.infer<typeof ZMoyskladWebhookPayload>;

/** The entity id at the end of a MoySklad href (`…/entity/demand/<id>`). */
export function entityIdFromHref(href: string): string {
  const path = href.split("?")[0]!.replace(/\/+$/, "");
  return path.slice(path.lastIndexOf("/") + 1);
}

/**
 * A stable `syncId` (uuid-shaped) for an idempotency key: MoySklad returns the existing object for a
 * known `syncId`, so repeating a POST with the same key never creates a second document.
 */
export function syncIdFor(key: string): string {
  const h = createHash("sha256").update(key).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h.slice(16, 18), 16) & 0x3f) | 0x80).toString(16)}${h.slice(18, 20)}-${h.slice(20, 32)}`;
}

export function createMoyskladWebhooks(config: TMoyskladConfig, client: TMoyskladClient, options: { timeoutMs?: number } = {}) {
  return {
    list: async (): Promise<TMoyskladWebhook[]> => (await client.request(ZMoyskladWebhookList, { path: "/entity/webhook" })).rows as TMoyskladWebhook[],

    create: (input: { url: string; action: TMoyskladWebhookAction; entityType: string; diffType?: "NONE" | "FIELDS" }) =>
      client.request<typeof ZMoyskladWebhook, TMoyskladWebhook>(ZMoyskladWebhook, { path: "/entity/webhook", method: "POST", json: { ...input, method: "POST", enabled: true } }),

    setEnabled: (id: string, enabled: boolean) =>
      client.request<typeof ZMoyskladWebhook, TMoyskladWebhook>(ZMoyskladWebhook, { path: `/entity/webhook/${id}`, method: "PUT", json: { enabled } }),

    /** `DELETE /entity/webhook/<id>` (the API answers 200 with an empty body; 404 counts as deleted). */
    async remove(id: string): Promise<void> {
      const response = await fetchUpstream({
        provider: "moysklad",
        url: joinUrl(config.baseUrl, `/entity/webhook/${id}`),
        method: "DELETE",
        headers: { Authorization: `Bearer ${config.token}`, "Accept-Encoding": "gzip", Accept: "application/json;charset=utf-8" },
        timeoutMs: options.timeoutMs,
      });
      if (response.ok || response.status === 404) return;
      throw statusError({ provider: "moysklad", status: response.status, secrets: [config.token] });
    },

    /**
     * Makes sure exactly these subscriptions exist for `url` (creates the missing ones, removes the others
     * pointing at `url`); returns `entityType:ACTION` → webhook id.
     */
    async sync(url: string, wanted: Array<{ entityType: string; action: TMoyskladWebhookAction }>): Promise<Record<string, string>> {
      const existing = (await this.list()).filter((w) => w.url === url);
      const out: Record<string, string> = {};
      for (const w of wanted) {
        const key = `${w.entityType}:${w.action}`;
        if (out[key]) continue;
        const found = existing.find((e) => e.entityType === w.entityType && e.action === w.action);
        if (found) {
          if (!found.enabled) await this.setEnabled(found.id, true);
          out[key] = found.id;
        } else {
          out[key] = (await this.create({ url, ...w })).id;
        }
      }
      for (const e of existing) {
        if (!out[`${e.entityType}:${e.action}`]) await this.remove(e.id);
      }
      return out;
    },
  };
}

/**
 * Creates a document (`POST /entity/<type>`) with a `syncId` derived from `idempotencyKey`: the same key
 * always yields the same document, however many times it is sent.
 */
export function createDocumentOnce(
  client: TMoyskladClient,
  entity: string,
  body: Record<string, unknown>,
  idempotencyKey: string,
): Promise<TMoyskladEntity> {
  return client.request<typeof ZMoyskladEntity, TMoyskladEntity>(ZMoyskladEntity, {
    path: `/entity/${entity}`,
    method: "POST",
    json: { ...body, syncId: syncIdFor(idempotencyKey) },
  });
}

/**
 * Creates several documents of one type in ONE request (`POST /entity/<type>` with an array: MoySklad's
 * mass creation), each with the `syncId` of its idempotency key. Returns the created (or already existing)
 * documents in request order.
 */
export function createDocumentsOnce(
  client: TMoyskladClient,
  entity: string,
  items: Array<{ body: Record<string, unknown>; idempotencyKey: string }>,
): Promise<Array<Record<string, unknown>>> {
  return client.request<typeof ZCreatedList, Array<Record<string, unknown>>>(ZCreatedList, {
    path: `/entity/${entity}`,
    method: "POST",
    json: items.map((i) => ({ ...i.body, syncId: syncIdFor(i.idempotencyKey) })),
  });
}

const ZCreatedList = z.array(z.record(z.string(), z.unknown()));

/** Reads one entity by its href (the href's host is ignored: requests always go to our configured base URL). */
export function getByHref(client: TMoyskladClient, href: string, opts: { expand?: string } = {}): Promise<TMoyskladEntity> {
  const match = /\/entity\/([^/?]+)\/([^/?]+)/.exec(href);
  if (!match) throw new Error(`not a MoySklad entity href: ${href}`);
  return client.getById(match[1]!, match[2]!, opts);
}
