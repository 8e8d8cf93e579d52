import { gzip, gzipSync } from "node:zlib";
import { promisify } from "node:util";
import type { THeaders } from "../lib/http";
import { Router, type TRequestContext } from "../lib/router";
import { TYPE_BY_NAME, type TRecord } from "./catalog";
import { MoyskladApiError, parseFilter, parseOrder, type Engine } from "./engine";
import {
  collectionMeta,
  MEDIA_TYPE,
  parseExpand,
  recordJson,
  renderRecord,
  rowJson,
  stockJson,
  type TExpandTree,
  type TRenderContext,
} from "./render";

/**
 * The entity part of the MoySklad JSON API 1.2 (paths relative to `/api/remap/1.2`):
 *
 *   GET    /entity/<type>                         list: limit (1…1000, default 1000) / offset, filter, order, search, expand (only with limit ≤ 100)
 *   GET    /entity/assortment                     products, services, variants and bundles with stock figures
 *   POST   /entity/<type>                         create (object or array; `syncId` makes it idempotent)
 *   GET    /entity/<type>/<id>                    one entity (expand always applies)
 *   PUT    /entity/<type>/<id>                    update
 *   DELETE /entity/<type>/<id>                    delete
 *   GET    /entity/<type>/<id>/<collection>       positions / productionrows / products / materials / components, paged
 *   GET    /entity/<type>/<id>/<collection>/<id>  one row
 *   GET    /entity/<type>/metadata                states[] and the attributes MetaArray
 *   GET    /entity/<type>/metadata/attributes     custom attributes
 *   GET    /entity/<type>/metadata/attributes/<id>, /entity/<type>/metadata/states/<id>
 */

const gzipAsync = promisify(gzip);

export type TApiContext = Omit<TRequestContext, "params"> & { params: Record<string, string> };

export type TApiDeps = {
  engine(): Engine;
  prefix: string;
};

const LARGE_PAYLOAD = 64 * 1024;

/**
 * Sends JSON gzipped (the API always compresses). Small bodies are compressed synchronously; large
 * pages off the main thread with a fast level (so paging 100k documents is bounded by the limits).
 */
export async function sendApiJson(ctx: Omit<TRequestContext, "params">, status: number, body: unknown, headers: THeaders = {}): Promise<void> {
  return sendApiText(ctx, status, JSON.stringify(body), headers);
}

/** Like `sendApiJson` for an already serialised body (a string, or UTF-8 chunks). */
export async function sendApiText(ctx: Omit<TRequestContext, "params">, status: number, json: string | Buffer[], headers: THeaders = {}): Promise<void> {
  const payload = typeof json === "string" ? Buffer.from(json, "utf8") : Buffer.concat(json);
  const compressed = payload.length > LARGE_PAYLOAD ? await gzipAsync(payload, { level: 1 }) : gzipSync(payload);
  if (ctx.res.headersSent || ctx.res.destroyed) return;
  ctx.res.writeHead(status, {
    "Content-Type": "application/json;charset=utf-8",
    ...headers,
    "Content-Encoding": "gzip",
    Vary: "Accept-Encoding",
    "Content-Length": compressed.length,
  });
  ctx.res.end(compressed);
}

function intParam(ctx: TApiContext, name: string, fallback: number, min: number, max: number): number {
  const raw = ctx.query.get(name);
  if (raw === null || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new MoyskladApiError(400, 1040, `Неверно заданы параметры запроса: значение параметра '${name}' должно быть целым числом от ${min} до ${max}`, name);
  }
  return value;
}

function pageHrefs(ctx: TApiContext, offset: number, limit: number, size: number) {
  const self = new URL(`${ctx.origin}${ctx.url.pathname}${ctx.url.search}`);
  const at = (o: number) => {
    const url = new URL(self);
    url.searchParams.set("offset", String(o));
    url.searchParams.set("limit", String(limit));
    return url.toString();
  };
  return {
    href: self.toString(),
    ...(offset + limit < size ? { nextHref: at(offset + limit) } : {}),
    ...(offset > 0 ? { previousHref: at(Math.max(0, offset - limit)) } : {}),
  };
}

export function apiRouter(deps: TApiDeps): Router {
  const router = new Router();
  const renderContext = (ctx: TApiContext): TRenderContext => ({ engine: deps.engine(), base: `${ctx.origin}${deps.prefix}` });
  const contextBlock = (base: string) => ({
    employee: { meta: { href: `${base}/context/employee`, metadataHref: `${base}/entity/employee/metadata`, type: "employee", mediaType: MEDIA_TYPE } },
  });
  const knownType = (type: string) => {
    if (type !== "assortment" && !deps.engine().hasType(type)) throw new MoyskladApiError(404, 1005, `Неизвестный тип: ${type}`);
  };
  /** expand applies to lists only with limit ≤ 100 (otherwise it is silently ignored, like the API). */
  const listExpand = (ctx: TApiContext, limit: number): TExpandTree | undefined =>
    limit <= 100 ? parseExpand(ctx.query.get("expand")) : undefined;

  router.get("/entity/:type/metadata", (ctx) => {
    knownType(ctx.params.type);
    const rc = renderContext(ctx);
    const { type } = ctx.params;
    const engine = rc.engine;
    const def = TYPE_BY_NAME.get(type);
    const attributes = engine.ds.attributeDefs(type);
    const states = engine.ds.states(type).map((s) => renderRecord(s, rc));
    return sendApiJson(ctx, 200, {
      meta: { href: `${rc.base}/entity/${type}/metadata`, mediaType: MEDIA_TYPE },
      attributes: {
        meta: { href: `${rc.base}/entity/${type}/metadata/attributes`, type: "attributemetadata", mediaType: MEDIA_TYPE, size: attributes.length, limit: 1000, offset: 0 },
      },
      ...(def?.states ? { states } : {}),
      createShared: false,
    });
  });

  const attributeRows = (rc: TRenderContext, type: string) => {
    const ds = rc.engine.ds;
    const metaType = TYPE_BY_NAME.get(type)?.metadataType ?? type;
    const ids = ds.attributeIds(metaType);
    return ds.attributeDefs(type).map((attr, k) => ({
      meta: { href: `${rc.base}/entity/${metaType}/metadata/attributes/${ids[k]}`, type: "attributemetadata", mediaType: MEDIA_TYPE },
      id: ids[k],
      name: attr.name,
      type: attr.type,
      required: attr.required ?? false,
      show: true,
      ...(attr.description ? { description: attr.description } : {}),
    }));
  };

  router.get("/entity/:type/metadata/attributes", (ctx) => {
    knownType(ctx.params.type);
    const rc = renderContext(ctx);
    const rows = attributeRows(rc, ctx.params.type);
    return sendApiJson(ctx, 200, {
      meta: { href: `${rc.base}/entity/${ctx.params.type}/metadata/attributes`, type: "attributemetadata", mediaType: MEDIA_TYPE, size: rows.length, limit: 1000, offset: 0 },
      rows,
    });
  });

  router.get("/entity/:type/metadata/attributes/:id", (ctx) => {
    knownType(ctx.params.type);
    const row = attributeRows(renderContext(ctx), ctx.params.type).find((r) => r.id === ctx.params.id);
    if (!row) throw new MoyskladApiError(404, 1021, `Объект с типом 'attributemetadata' и идентификатором '${ctx.params.id}' не найден`);
    return sendApiJson(ctx, 200, row);
  });

  router.get("/entity/:type/metadata/states/:id", (ctx) => {
    knownType(ctx.params.type);
    const rc = renderContext(ctx);
    const state = rc.engine.ds.states(ctx.params.type).find((s) => s.id === ctx.params.id);
    if (!state) throw new MoyskladApiError(404, 1021, `Объект с типом 'state' и идентификатором '${ctx.params.id}' не найден`);
    return sendApiJson(ctx, 200, renderRecord(state, rc));
  });

  router.get("/entity/:type", (ctx) => {
    const { type } = ctx.params;
    knownType(type);
    const limit = intParam(ctx, "limit", 1000, 1, 1000);
    const offset = intParam(ctx, "offset", 0, 0, Number.MAX_SAFE_INTEGER);
    const rc = renderContext(ctx);
    const expand = listExpand(ctx, limit);
    const sequence = rc.engine.select(type, {
      conditions: parseFilter(ctx.query.get("filter")),
      order: parseOrder(ctx.query.get("order")),
      search: ctx.query.get("search") ?? undefined,
    });
    const meta = { ...pageHrefs(ctx, offset, limit, sequence.size), type, mediaType: MEDIA_TYPE, size: sequence.size, limit, offset };
    // Rows are encoded in small batches as they are rendered, so nothing of a 1000-row page lives long.
    const chunks: Buffer[] = [Buffer.from(`{"context":${JSON.stringify(contextBlock(rc.base))},"meta":${JSON.stringify(meta)},"rows":[`)];
    let batch = "";
    let count = 0;
    for (const record of sequence.slice(offset, limit)) {
      const json = recordJson(record, rc, expand);
      batch += (count ? "," : "") + (type === "assortment" ? json.slice(0, -1) + stockJson(record) + "}" : json);
      if (++count % 50 === 0) {
        chunks.push(Buffer.from(batch));
        batch = "";
      }
    }
    chunks.push(Buffer.from(batch + "]}"));
    return sendApiText(ctx, 200, chunks);
  });

  const createOne = (engine: Engine, type: string, body: unknown): TRecord => {
    if (!body || typeof body !== "object" || Array.isArray(body)) throw new MoyskladApiError(400, 1027, "Запрос не содержит объектов");
    const input = body as Record<string, unknown>;
    const store = engine.store(type);
    if (typeof input.syncId === "string") {
      const existing = store.findBySyncId(input.syncId);
      if (existing) return existing;
    }
    const ref = engine.refFromJson(input);
    if (ref && ref.$ref === type) return engine.ingest(type, input, engine.require(type, ref.id));
    return engine.ingest(type, input);
  };

  router.post("/entity/:type", (ctx) => {
    const { type } = ctx.params;
    if (type === "assortment") throw new MoyskladApiError(405, 1039, "Операция POST не поддерживается для данного ресурса");
    knownType(type);
    const rc = renderContext(ctx);
    let body: unknown;
    try {
      body = ctx.json();
    } catch {
      throw new MoyskladApiError(400, 2014, "Ошибка формата: неверный JSON");
    }
    const expand = parseExpand(ctx.query.get("expand"));
    if (Array.isArray(body)) {
      if (body.length > 1000) throw new MoyskladApiError(413, 1044, "Превышен максимальный размер запроса: не более 1000 объектов");
      return sendApiJson(ctx, 200, body.map((item) => renderRecord(createOne(rc.engine, type, item), rc, expand)));
    }
    return sendApiJson(ctx, 200, renderRecord(createOne(rc.engine, type, body), rc, expand));
  });

  router.get("/entity/:type/:id", (ctx) => {
    knownType(ctx.params.type);
    const rc = renderContext(ctx);
    const record = rc.engine.require(ctx.params.type, ctx.params.id);
    return sendApiText(ctx, 200, recordJson(record, rc, parseExpand(ctx.query.get("expand"))));
  });

  router.on("PUT", "/entity/:type/:id", (ctx) => {
    knownType(ctx.params.type);
    const rc = renderContext(ctx);
    const existing = rc.engine.require(ctx.params.type, ctx.params.id);
    let body: unknown;
    try {
      body = ctx.json();
    } catch {
      throw new MoyskladApiError(400, 2014, "Ошибка формата: неверный JSON");
    }
    if (!body || typeof body !== "object" || Array.isArray(body)) throw new MoyskladApiError(400, 1027, "Запрос не содержит объектов");
    const updated = rc.engine.ingest(ctx.params.type, body as Record<string, unknown>, existing);
    return sendApiJson(ctx, 200, renderRecord(updated, rc, parseExpand(ctx.query.get("expand"))));
  });

  router.on("DELETE", "/entity/:type/:id", (ctx) => {
    knownType(ctx.params.type);
    deps.engine().remove(ctx.params.type, ctx.params.id);
    ctx.res.writeHead(200, { "Content-Length": 0 });
    ctx.res.end();
  });

  const collectionOf = (type: string, path: string) => {
    const collection = TYPE_BY_NAME.get(type)?.collections.find((c) => c.path === path);
    if (!collection) throw new MoyskladApiError(404, 1002, `Неопознанный путь: /entity/${type}/…/${path}`);
    return collection;
  };

  router.get("/entity/:type/:id/:collection", (ctx) => {
    const { type, id } = ctx.params;
    knownType(type);
    const collection = collectionOf(type, ctx.params.collection);
    const limit = intParam(ctx, "limit", 1000, 1, 1000);
    const offset = intParam(ctx, "offset", 0, 0, Number.MAX_SAFE_INTEGER);
    const rc = renderContext(ctx);
    const owner = rc.engine.require(type, id);
    const rows = (owner[collection.field] as TRecord[] | undefined) ?? [];
    const expand = listExpand(ctx, limit);
    const meta = { ...collectionMeta(owner, collection.field, rc.base, rows.length, limit, offset), ...pageHrefs(ctx, offset, limit, rows.length) };
    const json = rows.slice(offset, offset + limit).map((row) => rowJson(owner, collection.field, row, rc, expand, 1)).join(",");
    return sendApiText(ctx, 200, `{"context":${JSON.stringify(contextBlock(rc.base))},"meta":${JSON.stringify(meta)},"rows":[${json}]}`);
  });

  router.get("/entity/:type/:id/:collection/:rowId", (ctx) => {
    const { type, id, rowId } = ctx.params;
    knownType(type);
    const collection = collectionOf(type, ctx.params.collection);
    const rc = renderContext(ctx);
    const owner = rc.engine.require(type, id);
    const row = ((owner[collection.field] as TRecord[] | undefined) ?? []).find((r) => r.id === rowId);
    if (!row) throw new MoyskladApiError(404, 1021, `Объект с типом '${collection.itemType}' и идентификатором '${rowId}' не найден`);
    return sendApiText(ctx, 200, rowJson(owner, collection.field, row, rc, parseExpand(ctx.query.get("expand")), 1));
  });

  return router;
}
