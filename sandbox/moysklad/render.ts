import { DATE_FIELDS, TYPE_BY_NAME, type TRecord, type TRef } from "./catalog";
import type { Engine } from "./engine";
import { formatMsk } from "./random";

/**
 * Records → the API's JSON: `meta` objects with absolute hrefs (built from the address the client
 * used), Moscow-time DateTime strings, MetaArray collections, attribute values, and `expand`
 * (references replaced by the full objects, nested up to 3 levels, e.g. `positions.assortment`).
 *
 * The renderer writes JSON text directly (no intermediate objects): a page of 1000 documents is a few
 * MB, and building then stringifying objects made the simulator, not the rate limit, the bottleneck.
 * `renderRecord` parses the text back for the few callers that want an object.
 */

export const MEDIA_TYPE = "application/json";
/** The API never inlines more rows of a collection than this; the rest via the sub-resource. */
export const INLINE_ROWS_CAP = 1000;

export type TExpandTree = Map<string, TExpandTree>;

/** `agent,positions.assortment` → tree; depth capped at 3 like the API. */
export function parseExpand(expand: string | null): TExpandTree | undefined {
  if (!expand) return undefined;
  const root: TExpandTree = new Map();
  for (const path of expand.split(",").map((s) => s.trim()).filter(Boolean)) {
    let node = root;
    for (const part of path.split(".").slice(0, 3)) {
      let next = node.get(part);
      if (!next) {
        next = new Map();
        node.set(part, next);
      }
      node = next;
    }
  }
  return root;
}

export type TRenderContext = {
  engine: Engine;
  /** `http://host:port/api/remap/1.2` */
  base: string;
  /** Filled on first use (one lookup per request, not per reference). */
  cache?: TFragmentCache;
};

/**
 * JSON of references, keyed by base + type + id. Most references point to a handful of entities
 * (owner, organization, store, state, currency, …): reusing their text avoids rebuilding it for every
 * row (V8 then only links the cached strings), which is most of the cost of a page.
 */
type TFragmentCache = {
  refs: Map<string, string>;
  attributes: Map<string, string>;
  /** Depend on entity contents: dropped when the engine changes. */
  named: Map<string, string>;
  expanded: Map<string, string>;
  version: number;
};
const fragmentCaches = new WeakMap<Engine, Map<string, TFragmentCache>>();
const REF_CACHE_MAX = 50_000;

/**
 * Per engine and base URL; ids are unique across types (the type is encoded in them), so they are
 * the keys. Content-dependent fragments are dropped whenever the engine's data changes.
 */
function fragments(ctx: TRenderContext): TFragmentCache {
  const known = ctx.cache;
  if (known && known.version === ctx.engine.version) return known;
  let byBase = fragmentCaches.get(ctx.engine);
  if (!byBase) {
    byBase = new Map();
    fragmentCaches.set(ctx.engine, byBase);
  }
  let cache = byBase.get(ctx.base);
  if (!cache) {
    if (byBase.size > 16) byBase.clear();
    cache = { refs: new Map(), attributes: new Map(), named: new Map(), expanded: new Map(), version: ctx.engine.version };
    byBase.set(ctx.base, cache);
  }
  if (cache.version !== ctx.engine.version) {
    cache.named = new Map();
    cache.expanded = new Map();
    cache.version = ctx.engine.version;
  }
  ctx.cache = cache;
  return cache;
}

function cachedRefJson(ref: TRef, ctx: TRenderContext): string {
  const base = ctx.base;
  const refs = fragments(ctx).refs;
  let json = refs.get(ref.id);
  if (json === undefined) {
    json = `{"meta":${refMetaJson(ref, base)}}`;
    if (refs.size >= REF_CACHE_MAX) refs.clear();
    refs.set(ref.id, json);
  }
  return json;
}

const q = JSON.stringify;

/** field → collection, per type (looked up for every key of every record). */
const COLLECTIONS = new Map(
  [...TYPE_BY_NAME.values()].map((def) => [def.type, new Map(def.collections.map((c) => [c.field, c]))]),
);

function isRef(value: unknown): value is TRef {
  return typeof value === "object" && value !== null && "$ref" in value;
}

export function refMetaJson(ref: TRef, base: string): string {
  switch (ref.$ref) {
    case "state":
      return `{"href":"${base}/entity/${ref.of}/metadata/states/${ref.id}","metadataHref":"${base}/entity/${ref.of}/metadata","type":"state","mediaType":"${MEDIA_TYPE}"}`;
    case "productionrow":
      return `{"href":"${base}/entity/productiontask/${ref.of}/productionrows/${ref.id}","type":"productionrow","mediaType":"${MEDIA_TYPE}"}`;
    case "characteristic":
      return `{"href":"${base}/entity/variant/metadata/characteristics/${ref.id}","type":"attributemetadata","mediaType":"${MEDIA_TYPE}"}`;
    case "pricetype":
      return `{"href":"${base}/context/companysettings/pricetype/${ref.id}","type":"pricetype","mediaType":"${MEDIA_TYPE}"}`;
    default:
      // References carry href/type/mediaType (the API adds metadataHref on some; nothing here needs it).
      return `{"href":"${base}/entity/${ref.$ref}/${ref.id}","type":"${ref.$ref}","mediaType":"${MEDIA_TYPE}"}`;
  }
}

export function refMeta(ref: TRef, base: string): Record<string, unknown> {
  return JSON.parse(refMetaJson(ref, base)) as Record<string, unknown>;
}

function entityMetaJson(record: TRecord, base: string): string {
  if (record.$type === "state") return refMetaJson({ $ref: "state", id: record.id, of: record.entityType as string }, base);
  return `{"href":"${base}/entity/${record.$type}/${record.id}","metadataHref":"${base}/entity/${record.$type}/metadata","type":"${record.$type}","mediaType":"${MEDIA_TYPE}","uuidHref":"https://online.moysklad.ru/app/#${record.$type}/edit?id=${record.id}"}`;
}

export function collectionMeta(owner: TRecord, field: string, base: string, size: number, limit = INLINE_ROWS_CAP, offset = 0) {
  const def = TYPE_BY_NAME.get(owner.$type)!;
  const collection = def.collections.find((c) => c.field === field)!;
  return {
    href: `${base}/entity/${owner.$type}/${owner.id}/${collection.path}`,
    type: collection.itemType,
    mediaType: MEDIA_TYPE,
    size,
    limit,
    offset,
  };
}

function extrasJson(extra: Record<string, unknown> | undefined): string {
  if (!extra) return "";
  let out = "";
  for (const [k, v] of Object.entries(extra)) out += `,"${k}":${q(v)}`;
  return out;
}

function refJson(ref: TRef, ctx: TRenderContext, expand: TExpandTree | undefined, depth: number): string {
  if (expand && depth < 3) {
    // Leaf expansions (e.g. the assortment of every position) repeat the same few entities: cache them.
    const leaf = expand.size === 0;
    const cache = leaf ? fragments(ctx).expanded : undefined;
    let json = cache?.get(ref.id);
    if (json === undefined) {
      const target = ctx.engine.resolve(ref);
      if (target) {
        json = recordJson(target, ctx, leaf ? undefined : expand, depth + 1);
        if (cache) {
          if (cache.size >= REF_CACHE_MAX) cache.clear();
          cache.set(ref.id, json);
        }
      }
    }
    if (json !== undefined) return ref.$extra ? json.slice(0, -1) + extrasJson(ref.$extra) + "}" : json;
  }
  if (!ref.$extra) return cachedRefJson(ref, ctx);
  return `{"meta":${refMetaJson(ref, ctx.base)}${extrasJson(ref.$extra)}}`;
}

function valueJson(key: string, value: unknown, ctx: TRenderContext, expand: TExpandTree | undefined, depth: number): string {
  switch (typeof value) {
    case "number":
      return DATE_FIELDS.has(key) ? `"${formatMsk(value)}"` : Number.isFinite(value) ? String(value) : "null";
    case "string":
      return q(value);
    case "boolean":
      return value ? "true" : "false";
    case "undefined":
      return "null";
  }
  if (value === null) return "null";
  if (isRef(value)) return refJson(value, ctx, expand?.get(key), depth);
  if (Array.isArray(value)) {
    let out = "[";
    for (let i = 0; i < value.length; i++) out += (i ? "," : "") + valueJson(key, value[i], ctx, expand, depth);
    return out + "]";
  }
  const sub = expand?.get(key);
  const object = value as Record<string, unknown>;
  let out = "{";
  let first = true;
  for (const k in object) {
    const v = object[k];
    if (k.charCodeAt(0) === 36 /* $ */ || v === undefined) continue;
    out += `${first ? "" : ","}"${k}":${valueJson(k, v, ctx, sub, depth)}`;
    first = false;
  }
  return out + "}";
}

/** `{"meta":…,"id":…,"name":…,"type":…,"value":` of an attribute (cached). */
function attributeHeadJson(ctx: TRenderContext, metaType: string, id: string, name: string, type: string): string {
  const base = ctx.base;
  const attributes = fragments(ctx).attributes;
  let json = attributes.get(id);
  if (json === undefined) {
    json = `{"meta":{"href":"${base}/entity/${metaType}/metadata/attributes/${id}","type":"attributemetadata","mediaType":"${MEDIA_TYPE}"},"id":"${id}","name":${q(name)},"type":"${type}","value":`;
    attributes.set(id, json);
  }
  return json;
}

/** `{"meta":…,"name":…}` — a reference value of a dictionary-typed attribute (cached). */
function namedRefJson(ref: TRef, ctx: TRenderContext): string {
  const named = fragments(ctx).named;
  let json = named.get(ref.id);
  if (json === undefined) {
    json = `{"meta":${refMetaJson(ref, ctx.base)},"name":${q(ctx.engine.resolve(ref)?.name ?? null)}}`;
    if (named.size >= REF_CACHE_MAX) named.clear();
    named.set(ref.id, json);
  }
  return json;
}

function attributesJson(record: TRecord, ctx: TRenderContext): string {
  const ds = ctx.engine.ds;
  const metaType = TYPE_BY_NAME.get(record.$type)?.metadataType ?? record.$type;
  const defs = ds.attributeDefs(record.$type);
  const ids = ds.attributeIds(metaType);
  const items = (record.attributes as Array<{ k: number; value: unknown }>) ?? [];
  let out = "[";
  items.forEach(({ k, value }, i) => {
    const def = defs[k];
    let rendered: string;
    if (def.type === "time" && typeof value === "number") rendered = `"${formatMsk(value)}"`;
    else if (isRef(value)) rendered = namedRefJson(value, ctx);
    else rendered = q(value ?? null);
    out += (i ? "," : "") + attributeHeadJson(ctx, metaType, ids[k], def.name, def.type) + rendered + "}";
  });
  return out + "]";
}

/** One row of a collection (a position, a material, …) as JSON text. */
export function rowJson(owner: TRecord, field: string, row: TRecord, ctx: TRenderContext, expand: TExpandTree | undefined, depth: number): string {
  const meta = collectionMeta(owner, field, ctx.base, 0);
  let out = `{"meta":{"href":"${meta.href}/${row.id}","type":"${meta.type}","mediaType":"${MEDIA_TYPE}"}`;
  for (const key in row) {
    if (key.charCodeAt(0) === 36 || row[key] === undefined) continue;
    out += `,"${key}":${valueJson(key, row[key], ctx, expand, depth)}`;
  }
  return out + "}";
}

/** A full entity as JSON text; `expand` replaces references (and fills collections) for the listed fields. */
export function recordJson(record: TRecord, ctx: TRenderContext, expand?: TExpandTree, depth = 0): string {
  const collections = COLLECTIONS.get(record.$type);
  let out = `{"meta":${entityMetaJson(record, ctx.base)}`;
  for (const key in record) {
    const value = record[key];
    if (key.charCodeAt(0) === 36 || value === undefined) continue;
    const collection = collections?.get(key);
    if (collection) {
      const rows = value as TRecord[];
      const sub = expand?.get(key);
      const meta = q(collectionMeta(record, key, ctx.base, rows.length));
      if (sub && depth < 3) {
        let list = "";
        const n = Math.min(rows.length, INLINE_ROWS_CAP);
        for (let i = 0; i < n; i++) list += (i ? "," : "") + rowJson(record, key, rows[i], ctx, sub.size ? sub : undefined, depth + 1);
        out += `,"${key}":{"meta":${meta},"rows":[${list}]}`;
      } else {
        out += `,"${key}":{"meta":${meta}}`;
      }
      continue;
    }
    if (key === "attributes") {
      out += `,"attributes":${attributesJson(record, ctx)}`;
      continue;
    }
    out += `,"${key}":${valueJson(key, value, ctx, expand, depth)}`;
  }
  return out + "}";
}

export function renderRecord(record: TRecord, ctx: TRenderContext, expand?: TExpandTree): Record<string, unknown> {
  return JSON.parse(recordJson(record, ctx, expand)) as Record<string, unknown>;
}

export function renderRow(owner: TRecord, field: string, row: TRecord, ctx: TRenderContext, expand: TExpandTree | undefined): Record<string, unknown> {
  return JSON.parse(rowJson(owner, field, row, ctx, expand, 1)) as Record<string, unknown>;
}

/** Stock figures `GET /entity/assortment` adds to each row (JSON fragment to append). */
export function stockJson(record: TRecord): string {
  if (record.$type === "service") return "";
  const seed = (record.$index * 2654435761) >>> 0;
  const stock = seed % 300;
  const reserve = (seed >>> 9) % Math.max(1, Math.floor(stock / 4) + 1);
  const inTransit = (seed >>> 17) % 20;
  return `,"stock":${stock},"reserve":${reserve},"inTransit":${inTransit},"quantity":${stock - reserve}`;
}
