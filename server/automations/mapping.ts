/**
 * The field-mapping language of automation rules (JSON), rendered against a source event:
 *  - strings interpolate `{{path}}` (dot paths into the context: `source`, `event`, `sourceCompany`,
 *    `targetCompany`, `item` inside `$each`); a string that is exactly one `{{path}}` keeps the value's type;
 *  - `{ "$each": "source.positions.rows", "$item": {…} }` maps an array;
 *  - `{ "$lookup": "product", "by": "code", "value": "{{item.assortment.code}}" }` finds an entity in the
 *    TARGET's MoySklad and inserts its `{ meta }`;
 *  - `{ "$first": "organization" }` inserts the target's first entity of that type (its `{ meta }`).
 * Filters: `[{ "path": "source.sum", "op": "gt", "value": 100000 }]` (eq, ne, gt, gte, lt, lte, contains, exists).
 */

export type TLookupResolver = {
  lookup(type: string, by: string, value: string): Promise<{ meta: Record<string, unknown> } | null>;
  first(type: string): Promise<{ meta: Record<string, unknown> } | null>;
};

export type TMappingContext = Record<string, unknown>;

export class MappingError extends Error {
  readonly userMessage: string;
  readonly retryable = false;
  constructor(message: string) {
    super(message);
    this.name = "MappingError";
    this.userMessage = message;
  }
}

const ONE_PATH = /^\{\{\s*([\w.$[\]-]+)\s*\}\}$/;
const ANY_PATH = /\{\{\s*([\w.$[\]-]+)\s*\}\}/g;

export function getPath(ctx: unknown, path: string): unknown {
  let cur: unknown = ctx;
  for (const part of path.split(".")) {
    if (cur === null || cur === undefined) return undefined;
    if (Array.isArray(cur) && /^\d+$/.test(part)) cur = cur[Number(part)];
    else if (typeof cur === "object") cur = (cur as Record<string, unknown>)[part];
    else return undefined;
  }
  return cur;
}

export function interpolate(template: string, ctx: TMappingContext): unknown {
  const single = ONE_PATH.exec(template);
  if (single) return getPath(ctx, single[1]!);
  return template.replace(ANY_PATH, (_, path: string) => {
    const value = getPath(ctx, path);
    if (value === undefined || value === null) return "";
    return typeof value === "object" ? JSON.stringify(value) : String(value);
  });
}

/** Renders a mapping; lookups go to the resolver (target account). Records every lookup made. */
export async function renderMapping(
  mapping: unknown,
  ctx: TMappingContext,
  resolver: TLookupResolver,
  trace: string[] = [],
): Promise<unknown> {
  if (typeof mapping === "string") return interpolate(mapping, ctx);
  if (Array.isArray(mapping)) return Promise.all(mapping.map((m) => renderMapping(m, ctx, resolver, trace)));
  if (!mapping || typeof mapping !== "object") return mapping;
  const m = mapping as Record<string, unknown>;
  if (typeof m.$each === "string") {
    const list = getPath(ctx, m.$each);
    if (list !== undefined && !Array.isArray(list)) throw new MappingError(`«${m.$each}» — не список`);
    const out: unknown[] = [];
    for (const item of (list as unknown[] | undefined) ?? []) out.push(await renderMapping(m.$item ?? "{{item}}", { ...ctx, item }, resolver, trace));
    return out;
  }
  if (typeof m.$lookup === "string") {
    const by = typeof m.by === "string" ? m.by : "name";
    const value = interpolate(String(m.value ?? ""), ctx);
    const text = value === undefined || value === null ? "" : String(value);
    if (!text) throw new MappingError(`Пустое значение для поиска ${m.$lookup} по ${by}`);
    const found = await resolver.lookup(m.$lookup, by, text);
    trace.push(`${m.$lookup}: ${by}=${text} → ${found ? "найден" : "не найден"}`);
    if (!found) throw new MappingError(`У получателя в МойСклад не найден объект ${m.$lookup} с ${by}=${text}`);
    return { meta: found.meta };
  }
  if (typeof m.$first === "string") {
    const found = await resolver.first(m.$first);
    trace.push(`${m.$first}: первый в списке → ${found ? "найден" : "не найден"}`);
    if (!found) throw new MappingError(`У получателя в МойСклад нет ни одного объекта ${m.$first}`);
    return { meta: found.meta };
  }
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(m)) {
    const rendered = await renderMapping(value, ctx, resolver, trace);
    if (rendered !== undefined && rendered !== "") out[key] = rendered;
  }
  return out;
}

export type TFilter = { path: string; op: "eq" | "ne" | "gt" | "gte" | "lt" | "lte" | "contains" | "exists"; value?: unknown };

export function checkFilters(filters: TFilter[], ctx: TMappingContext): { passed: boolean; failed: TFilter[] } {
  const failed = filters.filter((f) => !checkOne(f, ctx));
  return { passed: failed.length === 0, failed };
}

function checkOne(f: TFilter, ctx: TMappingContext): boolean {
  const actual = getPath(ctx, f.path);
  const num = (v: unknown) => (typeof v === "number" ? v : Number(v));
  switch (f.op) {
    case "exists":
      return actual !== undefined && actual !== null && actual !== "";
    case "eq":
      return String(actual) === String(f.value);
    case "ne":
      return String(actual) !== String(f.value);
    case "gt":
      return num(actual) > num(f.value);
    case "gte":
      return num(actual) >= num(f.value);
    case "lt":
      return num(actual) < num(f.value);
    case "lte":
      return num(actual) <= num(f.value);
    case "contains":
      return String(actual ?? "").toLowerCase().includes(String(f.value ?? "").toLowerCase());
  }
}

/** The idempotency key of one rule run: the rule id + the rendered template (never empty). */
export function idempotencyKeyFor(ruleId: string, template: string, ctx: TMappingContext): string {
  const rendered = String(interpolate(template, ctx) ?? "").trim();
  return `${ruleId}:${rendered || String(getPath(ctx, "event.id"))}`.slice(0, 500);
}
