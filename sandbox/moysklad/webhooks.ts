import { randomUUID } from "node:crypto";
import { sendJson } from "../lib/http";
import type { Router, TRequestContext } from "../lib/router";
import type { TSimulatorContext } from "../lib/simulator";
import { sendApiJson } from "./api";
import { TYPE_BY_NAME, type TRecord } from "./catalog";
import { MoyskladApiError, type Engine } from "./engine";

/**
 * Webhooks of the MoySklad JSON API 1.2 simulator (`/entity/webhook`):
 *
 *   GET    /entity/webhook          list (`meta` + `rows`)
 *   POST   /entity/webhook          create `{ url, action: CREATE|UPDATE|DELETE|PROCESSED, entityType, diffType?, enabled? }`
 *   GET    /entity/webhook/<id>     one webhook
 *   PUT    /entity/webhook/<id>     change `url`, `enabled`, `action`, `diffType`
 *   DELETE /entity/webhook/<id>     delete
 *
 * Delivery: when an entity of a subscribed type is created / changed / deleted (through the API or the
 * admin routes), the simulator POSTs `{"events":[{"meta":{"type","href"},"action","accountId"}]}` (plus
 * `updatedFields` for UPDATE with `diffType: FIELDS`, and `auditContext`) to the webhook's url with
 * `?requestId=<uuid>`. An answer other than 2xx within `timeoutMs` (1500 ms like the API) counts as a
 * failure: the delivery is retried `retries` times (3) with `retryDelayMs` between attempts, then dropped.
 * Every delivery is kept in `webhookDeliveries` (admin: `GET /__sandbox/webhook-deliveries`,
 * `POST /__sandbox/webhook-deliveries/<id>/repeat` sends the same body once more — a duplicate delivery).
 * Wired into the simulator with `attachWebhooks` (engine changes) and `webhookRoutes` (API + admin).
 */

export type TMoyskladWebhookAction = "CREATE" | "UPDATE" | "DELETE" | "PROCESSED";

export type TMoyskladWebhook = {
  id: string;
  accountId: string;
  entityType: string;
  action: TMoyskladWebhookAction;
  url: string;
  method: "POST";
  enabled: boolean;
  diffType?: "NONE" | "FIELDS";
};

export type TMoyskladWebhookDelivery = {
  id: string;
  webhookId: string;
  url: string;
  body: unknown;
  attempts: number;
  status: "pending" | "delivered" | "dropped";
  lastStatus: number | null;
  lastError: string | null;
  at: string;
};

export type TMoyskladWebhookSettings = {
  /** The API waits this long for an answer (1500 ms). */
  timeoutMs: number;
  /** Retries after a failed delivery before the event is dropped (3). */
  retries: number;
  /** Pause between attempts, ms at timeScale 1. */
  retryDelayMs: number;
};

export const DEFAULT_WEBHOOK_SETTINGS: TMoyskladWebhookSettings = { timeoutMs: 1500, retries: 3, retryDelayMs: 5000 };

const ACTIONS = new Set<TMoyskladWebhookAction>(["CREATE", "UPDATE", "DELETE", "PROCESSED"]);
const MAX_DELIVERIES = 1000;
const MEDIA_TYPE = "application/json";

/** The part of the simulator state the webhooks use (optional keys of TMoyskladSimState). */
export type TWebhookState = {
  webhooks?: TMoyskladWebhook[];
  webhookDeliveries?: TMoyskladWebhookDelivery[];
  webhookSettings?: Partial<TMoyskladWebhookSettings>;
  timeScale: number;
  employees: Array<{ accountId: string; uid: string }>;
};

type TCtx = Omit<TRequestContext, "params"> & { params?: Record<string, string> };

type THub = {
  origin: string | null;
  pending: Set<Promise<void>>;
};

const hubs = new WeakMap<object, THub>();

function hubOf(sim: object): THub {
  let hub = hubs.get(sim);
  if (!hub) {
    hub = { origin: null, pending: new Set() };
    hubs.set(sim, hub);
  }
  return hub;
}

function settingsOf(state: TWebhookState): TMoyskladWebhookSettings {
  return { ...DEFAULT_WEBHOOK_SETTINGS, ...state.webhookSettings };
}

function render(hook: TMoyskladWebhook, base: string) {
  return {
    meta: { href: `${base}/entity/webhook/${hook.id}`, metadataHref: `${base}/entity/webhook/metadata`, type: "webhook", mediaType: MEDIA_TYPE },
    id: hook.id,
    accountId: hook.accountId,
    entityType: hook.entityType,
    url: hook.url,
    method: hook.method,
    enabled: hook.enabled,
    action: hook.action,
    ...(hook.diffType ? { diffType: hook.diffType } : {}),
  };
}

function validUrl(value: unknown): value is string {
  if (typeof value !== "string") return false;
  try {
    const url = new URL(value);
    return url.protocol === "http:" || url.protocol === "https:";
  } catch {
    return false;
  }
}

function applyFields(hook: TMoyskladWebhook, body: Record<string, unknown>): void {
  if (body.url !== undefined) {
    if (!validUrl(body.url)) throw new MoyskladApiError(400, 3002, "Ошибка сохранения объекта: неверное значение поля 'url'", "url");
    hook.url = body.url;
  }
  if (body.action !== undefined) {
    if (!ACTIONS.has(body.action as TMoyskladWebhookAction)) throw new MoyskladApiError(400, 3002, "Ошибка сохранения объекта: неверное значение поля 'action'", "action");
    hook.action = body.action as TMoyskladWebhookAction;
  }
  if (body.entityType !== undefined) {
    if (typeof body.entityType !== "string" || !TYPE_BY_NAME.has(body.entityType)) {
      throw new MoyskladApiError(400, 3002, "Ошибка сохранения объекта: неверное значение поля 'entityType'", "entityType");
    }
    hook.entityType = body.entityType;
  }
  if (body.enabled !== undefined) hook.enabled = body.enabled === true;
  if (body.diffType !== undefined) hook.diffType = body.diffType === "FIELDS" ? "FIELDS" : "NONE";
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function deliver(state: TWebhookState, delivery: TMoyskladWebhookDelivery): Promise<void> {
  const settings = settingsOf(state);
  const delay = state.timeScale > 0 ? settings.retryDelayMs * state.timeScale : 10;
  for (let attempt = 0; attempt <= settings.retries; attempt++) {
    if (attempt > 0) await sleep(delay);
    delivery.attempts++;
    try {
      const url = new URL(delivery.url);
      url.searchParams.set("requestId", randomUUID());
      const response = await fetch(url, {
        method: "POST",
        headers: { "Content-Type": "application/json", "User-Agent": "MoySklad-Webhook-Simulator" },
        body: JSON.stringify(delivery.body),
        signal: AbortSignal.timeout(settings.timeoutMs),
      });
      await response.arrayBuffer().catch(() => undefined);
      delivery.lastStatus = response.status;
      if (response.status >= 200 && response.status < 300) {
        delivery.status = "delivered";
        delivery.lastError = null;
        return;
      }
      delivery.lastError = `HTTP ${response.status}`;
    } catch (error) {
      delivery.lastStatus = null;
      delivery.lastError = error instanceof Error ? error.message : String(error);
    }
  }
  delivery.status = "dropped";
}

function track(hub: THub, promise: Promise<void>): void {
  hub.pending.add(promise);
  void promise.finally(() => hub.pending.delete(promise));
}

function startDelivery(sim: TSimulatorContext<TWebhookState>, hook: TMoyskladWebhook, body: unknown): TMoyskladWebhookDelivery {
  const state = sim.state;
  const delivery: TMoyskladWebhookDelivery = {
    id: randomUUID(),
    webhookId: hook.id,
    url: hook.url,
    body,
    attempts: 0,
    status: "pending",
    lastStatus: null,
    lastError: null,
    at: new Date().toISOString(),
  };
  state.webhookDeliveries ??= [];
  state.webhookDeliveries.push(delivery);
  if (state.webhookDeliveries.length > MAX_DELIVERIES) state.webhookDeliveries.splice(0, state.webhookDeliveries.length - MAX_DELIVERIES);
  track(hubOf(sim), deliver(state, delivery));
  return delivery;
}

/** Sends the event to every enabled webhook subscribed to it. */
export function notifyWebhooks(
  sim: TSimulatorContext<TWebhookState>,
  change: { type: string; id: string; action: TMoyskladWebhookAction; updatedFields?: string[] },
): number {
  const state = sim.state;
  const hooks = (state.webhooks ?? []).filter((h) => h.enabled && h.entityType === change.type && h.action === change.action);
  if (hooks.length === 0) return 0;
  const hub = hubOf(sim);
  const base = `${hub.origin ?? "http://127.0.0.1"}/api/remap/1.2`;
  const employee = state.employees[0];
  for (const hook of hooks) {
    const event = {
      meta: { type: change.type, href: `${base}/entity/${change.type}/${change.id}` },
      action: change.action,
      accountId: hook.accountId,
      ...(change.action === "UPDATE" && hook.diffType === "FIELDS" && change.updatedFields ? { updatedFields: change.updatedFields } : {}),
    };
    startDelivery(sim, hook, {
      auditContext: {
        meta: { type: "audit", href: `${base}/audit/${randomUUID()}` },
        uid: employee?.uid ?? "admin@sandbox",
        moment: new Date().toISOString().replace("T", " ").slice(0, 19),
      },
      events: [event],
    });
  }
  return hooks.length;
}

/**
 * Makes the engine report its changes: `ingest` (create / update through the API or the admin routes) and
 * `remove` notify the subscribed webhooks. Called for every engine the simulator builds.
 */
export function attachWebhooks(sim: TSimulatorContext<TWebhookState>, engine: Engine): void {
  const marked = engine as Engine & { __webhooks?: boolean };
  if (marked.__webhooks) return;
  marked.__webhooks = true;
  const ingest = engine.ingest.bind(engine);
  const remove = engine.remove.bind(engine);
  engine.ingest = (type: string, body: Record<string, unknown>, existing?: TRecord): TRecord => {
    const record = ingest(type, body, existing);
    notifyWebhooks(sim, {
      type,
      id: record.id,
      action: existing ? "UPDATE" : "CREATE",
      updatedFields: existing ? Object.keys(body).filter((k) => k !== "meta") : undefined,
    });
    return record;
  };
  engine.remove = (type: string, id: string): void => {
    remove(type, id);
    notifyWebhooks(sim, { type, id, action: "DELETE" });
  };
}

/**
 * API routes (`/entity/webhook…`, path relative to the API prefix; auth and limits already applied) —
 * returns true when the request was handled. Remembers the origin the client used, for event hrefs.
 */
export async function dispatchWebhookApi(sim: TSimulatorContext<TWebhookState>, ctx: TCtx & { path: string }, prefix: string): Promise<boolean> {
  const match = /^\/entity\/webhook(?:\/([^/]+))?\/?$/.exec(ctx.path);
  if (!match) return false;
  const hub = hubOf(sim);
  hub.origin = ctx.origin;
  const base = `${ctx.origin}${prefix}`;
  const state = sim.state;
  state.webhooks ??= [];
  const id = match[1];
  const accountId = state.employees[0]?.accountId ?? "";
  const body = (): Record<string, unknown> => {
    let value: unknown;
    try {
      value = ctx.json();
    } catch {
      throw new MoyskladApiError(400, 2014, "Ошибка формата: неверный JSON");
    }
    if (!value || typeof value !== "object" || Array.isArray(value)) throw new MoyskladApiError(400, 1027, "Запрос не содержит объектов");
    return value as Record<string, unknown>;
  };
  if (!id) {
    if (ctx.method === "GET") {
      const rows = state.webhooks.map((h) => render(h, base));
      await sendApiJson(ctx, 200, {
        context: { employee: { meta: { href: `${base}/context/employee`, type: "employee", mediaType: MEDIA_TYPE } } },
        meta: { href: `${base}/entity/webhook`, type: "webhook", mediaType: MEDIA_TYPE, size: rows.length, limit: 1000, offset: 0 },
        rows,
      });
      return true;
    }
    if (ctx.method === "POST") {
      const input = body();
      for (const field of ["url", "action", "entityType"]) {
        if (input[field] === undefined) throw new MoyskladApiError(412, 3000, `Ошибка сохранения объекта: поле '${field}' не может быть пустым или отсутствовать`, field);
      }
      const hook: TMoyskladWebhook = { id: randomUUID(), accountId, entityType: "", action: "CREATE", url: "", method: "POST", enabled: true };
      applyFields(hook, input);
      const duplicate = state.webhooks.find((h) => h.url === hook.url && h.entityType === hook.entityType && h.action === hook.action);
      if (duplicate) throw new MoyskladApiError(400, 30002, "Вебхук с такими параметрами уже существует");
      state.webhooks.push(hook);
      await sendApiJson(ctx, 200, render(hook, base));
      return true;
    }
    throw new MoyskladApiError(405, 1039, `Операция ${ctx.method} не поддерживается для данного ресурса`);
  }
  if (id === "metadata") return false;
  const hook = state.webhooks.find((h) => h.id === id);
  if (!hook) throw new MoyskladApiError(404, 1021, `Объект с типом 'webhook' и идентификатором '${id}' не найден`);
  if (ctx.method === "GET") {
    await sendApiJson(ctx, 200, render(hook, base));
  } else if (ctx.method === "PUT") {
    applyFields(hook, body());
    await sendApiJson(ctx, 200, render(hook, base));
  } else if (ctx.method === "DELETE") {
    state.webhooks = state.webhooks.filter((h) => h.id !== id);
    ctx.res.writeHead(200, { "Content-Length": 0 });
    ctx.res.end();
  } else {
    throw new MoyskladApiError(405, 1039, `Операция ${ctx.method} не поддерживается для данного ресурса`);
  }
  return true;
}

/** Admin routes: deliveries (list, repeat one = a duplicate delivery), settings, wait for pending ones. */
export function webhookAdminRoutes(router: Router, sim: TSimulatorContext<TWebhookState>): void {
  router
    .get("/__sandbox/webhook-deliveries", ({ res }) => sendJson(res, 200, sim.state.webhookDeliveries ?? []))
    .post("/__sandbox/webhook-deliveries/:id/repeat", (ctx) => {
      const original = (sim.state.webhookDeliveries ?? []).find((d) => d.id === ctx.params.id);
      const hook = original && (sim.state.webhooks ?? []).find((h) => h.id === original.webhookId);
      if (!original || !hook) return sendJson(ctx.res, 404, { error: "delivery not found" });
      sendJson(ctx.res, 200, startDelivery(sim, hook, original.body));
    })
    .post("/__sandbox/webhook-deliveries/settle", async ({ res }) => {
      const hub = hubOf(sim);
      while (hub.pending.size > 0) await Promise.allSettled([...hub.pending]);
      sendJson(res, 200, sim.state.webhookDeliveries ?? []);
    });
}

/** Waits until every delivery in flight has finished (delivered or dropped); `sim` is the simulator context. */
export async function settleWebhookDeliveries(sim: object): Promise<void> {
  const hub = hubOf(sim);
  while (hub.pending.size > 0) await Promise.allSettled([...hub.pending]);
}
