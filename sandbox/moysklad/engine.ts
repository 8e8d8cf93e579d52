import {
  ASSORTMENT_TYPES,
  Dataset,
  DATE_FIELDS,
  DOCUMENT_TYPES,
  recomputeSums,
  TYPE_BY_CODE,
  TYPE_BY_NAME,
  type TDatasetIdentity,
  type TMoyskladDatasetConfig,
  type TRecord,
  type TRef,
} from "./catalog";
import { decodeId, hashInts, hashString, makeId, parseMsk, Rng } from "./random";

/**
 * The simulator's data engine: one store per entity type over the lazily generated dataset, plus an
 * overlay of records changed, created or deleted at runtime. Lists are served as "sequences" (size +
 * slice), so paging through 100k documents never materialises them:
 *
 * - canonical order = `updated` ascending: generated records in index order (their `updated` grows
 *   with the index) minus the overlaid ones, then the overlay in change order (every change takes a
 *   later `updated` from a monotonic clock);
 * - fast path: filters only on `updated` (ranges) and/or `id=` with no order or `order=updated` →
 *   binary search + O(page) walking;
 * - anything else (other fields, other orders, search) → one scan, cached per (query, version).
 */

export class MoyskladApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
    readonly parameter?: string,
  ) {
    super(message);
  }
}

export type TCondition = { field: string; op: string; value: string };
export type TOrder = { field: string; desc: boolean };
export type TQuery = { conditions: TCondition[]; order: TOrder[]; search?: string };

export type TSequence = {
  size: number;
  /** Records [offset, offset + limit), produced one at a time (generated ones are never kept). */
  slice(offset: number, limit: number): Iterable<TRecord>;
};

const OPS = [">=", "<=", "!=", "~=", "=~", "=", ">", "<", "~"] as const;

/** Parses `filter=a=1;b>=2` (`\;` escapes a semicolon). */
export function parseFilter(filter: string | null): TCondition[] {
  if (!filter) return [];
  const parts: string[] = [];
  let current = "";
  for (let i = 0; i < filter.length; i++) {
    const ch = filter[i];
    if (ch === "\\" && filter[i + 1] === ";") {
      current += ";";
      i++;
    } else if (ch === ";") {
      parts.push(current);
      current = "";
    } else {
      current += ch;
    }
  }
  parts.push(current);
  const conditions: TCondition[] = [];
  for (const part of parts) {
    if (!part.trim()) continue;
    let found: TCondition | undefined;
    for (let i = 1; i < part.length && !found; i++) {
      for (const op of OPS) {
        if (part.startsWith(op, i)) {
          found = { field: part.slice(0, i).trim(), op, value: part.slice(i + op.length) };
          break;
        }
      }
    }
    if (!found || !found.field) {
      throw new MoyskladApiError(400, 1034, `Ошибка фильтрации: неверное условие '${part}'`, "filter");
    }
    conditions.push(found);
  }
  return conditions;
}

const ORDER_FIELDS = new Set(["updated", "moment", "created", "name", "code", "sum", "id", "externalCode", "description"]);

export function parseOrder(order: string | null): TOrder[] {
  if (!order) return [];
  return order
    .split(";")
    .filter((p) => p.trim())
    .map((part) => {
      const [field, direction = "asc"] = part.split(",").map((s) => s.trim());
      if (!ORDER_FIELDS.has(field)) {
        throw new MoyskladApiError(400, 1063, `Ошибка сортировки: неизвестное поле '${field}' или сортировка для данного поля не поддерживается`, "order");
      }
      if (direction !== "asc" && direction !== "desc") {
        throw new MoyskladApiError(400, 1042, `Неверное значение '${direction}' параметра сортировки '${field}', допустимые значения: 'asc, desc'`, "order");
      }
      return { field, desc: direction === "desc" };
    });
}

function dateValue(condition: TCondition): number {
  const ms = parseMsk(condition.value);
  if (ms === undefined) {
    throw new MoyskladApiError(400, 1035, `Ошибка фильтрации: неверный формат даты параметра фильтрации '${condition.field}'`, "filter");
  }
  return ms;
}

function isRef(value: unknown): value is TRef {
  return typeof value === "object" && value !== null && "$ref" in value;
}

function lastSegment(href: string): string {
  const clean = href.split("?")[0].replace(/\/+$/, "");
  return clean.slice(clean.lastIndexOf("/") + 1);
}

/** Upper-bound / lower-bound pair for the fast path (inclusive flags). */
type TRange = { lo: number; loInclusive: boolean; hi: number; hiInclusive: boolean };

function rangeOf(conditions: TCondition[]): TRange {
  const range: TRange = { lo: -Infinity, loInclusive: true, hi: Infinity, hiInclusive: true };
  // The API uses the first of several identical comparison operators.
  const seen = new Set<string>();
  for (const c of conditions) {
    if (seen.has(c.op)) continue;
    seen.add(c.op);
    const ms = dateValue(c);
    if ((c.op === ">=" || c.op === ">") && ms > range.lo) {
      range.lo = ms;
      range.loInclusive = c.op === ">=";
    } else if ((c.op === "<=" || c.op === "<") && ms < range.hi) {
      range.hi = ms;
      range.hiInclusive = c.op === "<=";
    } else if (c.op === "=") {
      range.lo = Math.max(range.lo, ms);
      range.hi = Math.min(range.hi, ms);
    }
  }
  return range;
}

function inRange(range: TRange, value: number): boolean {
  const aboveLo = range.loInclusive ? value >= range.lo : value > range.lo;
  const belowHi = range.hiInclusive ? value <= range.hi : value < range.hi;
  return aboveLo && belowHi;
}

function lowerBound(sorted: number[], value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function arraySequence(records: TRecord[]): TSequence {
  return { size: records.length, slice: (offset, limit) => records.slice(offset, offset + limit) };
}

export class TypeStore {
  /** index → changed record, or null for a deleted one; Map order = `updated` order of the changes. */
  private readonly overlay = new Map<number, TRecord | null>();
  /** Sorted base indices present in the overlay (excluded from the generated part). */
  private excluded: number[] = [];
  private created = 0;
  private readonly syncIds = new Map<string, number>();
  private scanCache = new Map<string, TRecord[]>();
  /** Records looked up by id (references being expanded or named), dropped on every change. */
  private lookupCache = new Map<string, TRecord>();
  version = 0;

  constructor(
    readonly engine: Engine,
    readonly type: string,
  ) {}

  get ds(): Dataset {
    return this.engine.ds;
  }

  get baseCount(): number {
    return this.ds.baseCount(this.type);
  }

  /** Live records (generated + created − deleted). */
  get size(): number {
    let deleted = 0;
    for (const value of this.overlay.values()) if (value === null) deleted++;
    return this.baseCount + this.created - deleted;
  }

  get changedCount(): number {
    return this.overlay.size;
  }

  get(index: number): TRecord | undefined {
    if (this.overlay.has(index)) return this.overlay.get(index) ?? undefined;
    return this.ds.generate(this.type, index);
  }

  getById(id: string): TRecord | undefined {
    if (this.type === "employee" && id === this.ds.identity.employeeId) return this.get(0);
    const decoded = decodeId(this.ds.seedHash, id);
    const def = TYPE_BY_NAME.get(this.type)!;
    if (!decoded || decoded.salt !== 0 || decoded.sub !== 0 || decoded.typeCode !== def.code) return undefined;
    return this.get(decoded.index);
  }

  /** `getById` with a bounded cache, for resolving references while rendering. */
  lookup(id: string): TRecord | undefined {
    const hit = this.lookupCache.get(id);
    if (hit) return hit;
    const record = this.getById(id);
    if (record) {
      if (this.lookupCache.size >= 20_000) this.lookupCache.clear();
      this.lookupCache.set(id, record);
    }
    return record;
  }

  findBySyncId(syncId: string): TRecord | undefined {
    const index = this.syncIds.get(syncId);
    return index === undefined ? undefined : this.get(index);
  }

  nextIndex(): number {
    return this.baseCount + this.created;
  }

  /** Stores a changed or new record (its `updated` must come from the engine clock). */
  put(record: TRecord): void {
    const index = record.$index;
    if (index >= this.baseCount + this.created) this.created = index - this.baseCount + 1;
    if (index < this.baseCount && !this.overlay.has(index)) this.excluded.splice(lowerBound(this.excluded, index), 0, index);
    this.overlay.delete(index);
    this.overlay.set(index, record);
    if (typeof record.syncId === "string") this.syncIds.set(record.syncId, index);
    this.touch();
  }

  remove(index: number): boolean {
    if (!this.get(index)) return false;
    if (index < this.baseCount && !this.overlay.has(index)) this.excluded.splice(lowerBound(this.excluded, index), 0, index);
    this.overlay.delete(index);
    this.overlay.set(index, null);
    this.touch();
    return true;
  }

  private touch(): void {
    this.version++;
    this.engine.version++;
    this.scanCache = new Map();
    this.lookupCache = new Map();
  }

  /** Every live record index, in canonical order (updated asc). */
  private *liveIndices(): Generator<number> {
    let e = 0;
    for (let i = 0; i < this.baseCount; i++) {
      if (e < this.excluded.length && this.excluded[e] === i) {
        e++;
        continue;
      }
      yield i;
    }
    for (const [index, record] of this.overlay) if (record) yield index;
  }

  select(query: TQuery): TSequence {
    const fast = query.search === undefined && query.conditions.every(
      (c) => (c.field === "updated" && c.op !== "!=" && !c.op.includes("~")) || (c.field === "id" && c.op === "="),
    ) && (query.order.length === 0 || (query.order.length === 1 && query.order[0].field === "updated"));
    if (!fast) return this.scan(query);

    const byId = query.conditions.filter((c) => c.field === "id");
    if (byId.length) {
      const predicate = this.engine.predicate(query.conditions);
      const records = byId.map((c) => this.getById(c.value)).filter((r): r is TRecord => !!r && predicate(r));
      return arraySequence(records);
    }
    const range = rangeOf(query.conditions);
    const ds = this.ds;
    const baseLo = ds.firstIndexWhere(this.type, (u) => (range.loInclusive ? u >= range.lo : u > range.lo));
    const baseHi = Math.max(baseLo, ds.firstIndexWhere(this.type, (u) => (range.hiInclusive ? u > range.hi : u >= range.hi)));
    const excludedLo = lowerBound(this.excluded, baseLo);
    const excludedHi = lowerBound(this.excluded, baseHi);
    const baseSize = baseHi - baseLo - (excludedHi - excludedLo);
    const tail: TRecord[] = [];
    for (const record of this.overlay.values()) {
      if (record && inRange(range, record.updated as number)) tail.push(record);
    }
    const size = baseSize + tail.length;
    const desc = query.order[0]?.desc ?? false;
    /** k-th (0-based) non-excluded base index in [baseLo, baseHi). */
    const kth = (k: number): number => {
      let lo = baseLo + k;
      let hi = baseHi - 1;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        const live = mid - baseLo + 1 - (lowerBound(this.excluded, mid + 1) - excludedLo);
        if (live >= k + 1) hi = mid;
        else lo = mid + 1;
      }
      return lo;
    };
    const excluded = this.excluded;
    const type = this.type;
    /** Base indices (as numbers) or overlay records for positions [from, to) of the ascending order. */
    const ascItems = (from: number, to: number): Array<number | TRecord> => {
      const out: Array<number | TRecord> = [];
      if (from < baseSize) {
        let index = kth(from);
        let e = lowerBound(excluded, index);
        let k = from;
        while (k < Math.min(to, baseSize) && index < baseHi) {
          if (e < excluded.length && excluded[e] === index) {
            e++;
            index++;
            continue;
          }
          out.push(index);
          index++;
          k++;
        }
      }
      for (let k = Math.max(from, baseSize); k < to; k++) out.push(tail[k - baseSize]);
      return out;
    };
    function* materialise(items: Array<number | TRecord>): Generator<TRecord> {
      for (const item of items) yield typeof item === "number" ? ds.generate(type, item)! : item;
    }
    return {
      size,
      slice: (offset, limit) => {
        if (offset >= size || limit <= 0) return [];
        if (!desc) return materialise(ascItems(offset, Math.min(size, offset + limit)));
        const to = size - offset;
        const from = Math.max(0, to - limit);
        return materialise(ascItems(from, to).reverse());
      },
    };
  }

  private scan(query: TQuery): TSequence {
    const key = JSON.stringify(query);
    let records = this.scanCache.get(key);
    if (!records) {
      const predicate = this.engine.predicate(query.conditions, query.search);
      records = [];
      for (const index of this.liveIndices()) {
        const record = this.get(index)!;
        if (predicate(record)) records.push(record);
      }
      if (query.order.length) {
        const order = query.order;
        const keyed = records.map((record, position) => ({ record, position }));
        keyed.sort((a, b) => {
          for (const o of order) {
            const av = a.record[o.field];
            const bv = b.record[o.field];
            const cmp = compareValues(av, bv);
            if (cmp !== 0) return o.desc ? -cmp : cmp;
          }
          return a.position - b.position;
        });
        records = keyed.map((k) => k.record);
      }
      if (this.scanCache.size > 8) this.scanCache.clear();
      this.scanCache.set(key, records);
    }
    return arraySequence(records);
  }
}

function compareOp(diff: number, op: string): boolean {
  switch (op) {
    case "=":
      return diff === 0;
    case "!=":
      return diff !== 0;
    case ">":
      return diff > 0;
    case ">=":
      return diff >= 0;
    case "<":
      return diff < 0;
    case "<=":
      return diff <= 0;
    default:
      throw new MoyskladApiError(400, 1034, `Ошибка фильтрации: оператор '${op}' не поддерживается для этого поля`, "filter");
  }
}

function compareValues(a: unknown, b: unknown): number {
  if (a === b) return 0;
  if (a === undefined || a === null) return -1;
  if (b === undefined || b === null) return 1;
  if (typeof a === "number" && typeof b === "number") return a - b;
  return String(a).localeCompare(String(b), "ru");
}

/** A monotonic clock for runtime changes: never earlier than the generated data, strictly increasing. */
class ChangeClock {
  private last: number;
  constructor(floor: number) {
    this.last = floor;
  }
  next(): number {
    this.last = Math.max(Date.now(), this.last + 1);
    return this.last;
  }
}

export type TModifyResult = { type: string; ids: string[] };

export class Engine {
  readonly ds: Dataset;
  /** Bumped by every change to any store (render caches check it). */
  version = 0;
  private readonly stores = new Map<string, TypeStore>();
  readonly clock: ChangeClock;
  private modifyRounds = 0;

  constructor(config: TMoyskladDatasetConfig, identity: TDatasetIdentity) {
    this.ds = new Dataset(config, identity);
    this.clock = new ChangeClock(this.ds.epochEndMs);
  }

  hasType(type: string): boolean {
    return TYPE_BY_NAME.has(type);
  }

  store(type: string): TypeStore {
    let store = this.stores.get(type);
    if (!store) {
      if (!TYPE_BY_NAME.has(type)) throw new MoyskladApiError(404, 1005, `Неизвестный тип: ${type}`);
      store = new TypeStore(this, type);
      this.stores.set(type, store);
    }
    return store;
  }

  /** Any entity by id (type inferred from the id), used to resolve references. */
  resolve(ref: TRef): TRecord | undefined {
    if (ref.$ref === "state") return ref.of ? this.ds.states(ref.of).find((s) => s.id === ref.id) : undefined;
    if (!TYPE_BY_NAME.has(ref.$ref)) return undefined;
    return this.store(ref.$ref).lookup(ref.id);
  }

  /** The live record with `id` of `type`, or throws the API's 404. */
  require(type: string, id: string): TRecord {
    const record = this.store(type).getById(id);
    if (!record) throw new MoyskladApiError(404, 1021, `Объект с типом '${type}' и идентификатором '${id}' не найден`);
    return record;
  }

  select(type: string, query: TQuery): TSequence {
    if (type === "assortment") {
      const parts = ASSORTMENT_TYPES.map((t) => this.store(t).select(query));
      const size = parts.reduce((sum, p) => sum + p.size, 0);
      return {
        size,
        *slice(offset, limit) {
          let skip = offset;
          let left = limit;
          for (const part of parts) {
            if (left <= 0) break;
            if (skip >= part.size) {
              skip -= part.size;
              continue;
            }
            const take = Math.min(left, part.size - skip);
            yield* part.slice(skip, take);
            left -= take;
            skip = 0;
          }
        },
      };
    }
    return this.store(type).select(query);
  }

  /** Compiles filter conditions (and `search`) into a predicate over records. */
  predicate(conditions: TCondition[], search?: string): (record: TRecord) => boolean {
    const byField = new Map<string, TCondition[]>();
    for (const c of conditions) byField.set(c.field, [...(byField.get(c.field) ?? []), c]);
    const tests: Array<(record: TRecord) => boolean> = [];
    for (const [field, list] of byField) {
      const equals = list.filter((c) => c.op === "=");
      const others = list.filter((c) => c.op !== "=");
      if (equals.length) tests.push((r) => equals.some((c) => this.test(r, c)));
      for (const c of others) tests.push((r) => this.test(r, c));
      void field;
    }
    if (search) {
      const needle = search.toLowerCase();
      tests.push((r) => ["name", "code", "description", "externalCode", "article"].some((f) => typeof r[f] === "string" && (r[f] as string).toLowerCase().includes(needle)));
    }
    return (record) => tests.every((t) => t(record));
  }

  private fieldValue(record: TRecord, field: string): unknown {
    if (field === "state.name") {
      const state = record.state;
      return isRef(state) ? this.resolve(state)?.name : undefined;
    }
    if (field.includes("/metadata/attributes/")) {
      const attrId = lastSegment(field);
      const ids = this.ds.attributeIds(TYPE_BY_NAME.get(record.$type)?.metadataType ?? record.$type);
      const k = ids.indexOf(attrId);
      const value = (record.attributes as Array<{ k: number; value: unknown }> | undefined)?.find((a) => a.k === k)?.value;
      return isRef(value) ? value.id : value;
    }
    if (field === "isDeleted") return false;
    if (field === "archived") return record.archived ?? false;
    return record[field];
  }

  private test(record: TRecord, c: TCondition): boolean {
    const raw = this.fieldValue(record, c.field);
    const isDate = DATE_FIELDS.has(c.field) || (typeof raw === "number" && c.field.includes("/metadata/attributes/") && /^\d{4}-/.test(c.value));
    if (c.value === "" && (c.op === "=" || c.op === "!=")) {
      const empty = raw === undefined || raw === null || raw === "";
      return c.op === "=" ? empty : !empty;
    }
    if (isRef(raw) || (raw === undefined && /^https?:\/\//.test(c.value))) {
      const id = isRef(raw) ? raw.id : undefined;
      const wanted = lastSegment(c.value);
      if (c.op === "=") return id === wanted;
      if (c.op === "!=") return id !== wanted;
      throw new MoyskladApiError(400, 1034, `Ошибка фильтрации: оператор '${c.op}' не поддерживается для поля '${c.field}'`, "filter");
    }
    if (isDate) {
      const wanted = dateValue(c);
      const value = typeof raw === "number" ? raw : undefined;
      if (value === undefined) return c.op === "!=";
      return compareOp(value - wanted, c.op);
    }
    if (typeof raw === "boolean") {
      const wanted = c.value === "true";
      if (c.op === "=") return raw === wanted;
      if (c.op === "!=") return raw !== wanted;
      return false;
    }
    if (typeof raw === "number") {
      const wanted = Number(c.value);
      if (Number.isNaN(wanted)) {
        throw new MoyskladApiError(400, 1014, `Неверное значение '${c.value}' параметра фильтрации '${c.field}'`, "filter");
      }
      return compareOp(raw - wanted, c.op);
    }
    const text = raw === undefined || raw === null ? "" : String(raw);
    const lower = text.toLowerCase();
    const wanted = c.value.toLowerCase();
    switch (c.op) {
      case "~":
        return lower.includes(wanted);
      case "~=":
        return lower.startsWith(wanted);
      case "=~":
        return lower.endsWith(wanted);
      default:
        return compareOp(text.localeCompare(c.value, "ru"), c.op);
    }
  }

  // ---------- mutations (admin API and POST/PUT/DELETE) ----------

  /**
   * Changes `count` (or `percent`%) live records of each type: bumps `updated`, and changes money
   * (a position quantity for documents with positions, the sum of payments) or a contact field.
   * The choice is deterministic per (seed, type, round).
   */
  modify(types: readonly string[], amount: { percent?: number; count?: number }): TModifyResult[] {
    const round = ++this.modifyRounds;
    return types.map((type) => {
      const store = this.store(type);
      const live = store.size;
      const count = Math.min(live, amount.count ?? Math.round((live * (amount.percent ?? 1)) / 100));
      const rng = new Rng(hashInts(this.ds.seedHash, hashString(type), round, 77));
      const universe = store.nextIndex();
      const swaps = new Map<number, number>();
      const ids: string[] = [];
      // Partial Fisher–Yates over [0, universe) with a sparse swap map, skipping deleted records.
      for (let i = 0; ids.length < count && i < universe; i++) {
        const j = i + rng.int(universe - i);
        const pick = swaps.get(j) ?? j;
        swaps.set(j, swaps.get(i) ?? i);
        const current = store.get(pick);
        if (!current) continue;
        const changed = structuredClone(current);
        this.change(changed, rng);
        changed.updated = this.clock.next();
        store.put(changed);
        ids.push(changed.id);
      }
      return { type, ids };
    });
  }

  private change(record: TRecord, rng: Rng): void {
    const rows = record.positions as TRecord[] | undefined;
    if (rows?.length) {
      const row = rows[rng.int(rows.length)];
      row.quantity = Number(row.quantity) + 1 + rng.int(3);
      recomputeSums(record);
      return;
    }
    if (typeof record.sum === "number") {
      record.sum = record.sum + (1 + rng.int(50)) * 100;
      return;
    }
    if (record.$type === "counterparty") {
      record.phone = `+7 (9${rng.digits(2)}) ${rng.digits(3)}-${rng.digits(2)}-${rng.digits(2)}`;
      return;
    }
    record.description = `Изменено ${new Date().toISOString().slice(0, 10)}`;
  }

  /** Parses `{ meta: { href } }` into a reference record. */
  refFromJson(value: unknown): TRef | undefined {
    const meta = (value as { meta?: { href?: unknown; type?: unknown } } | null)?.meta;
    if (!meta || typeof meta.href !== "string") return undefined;
    const href = meta.href.split("?")[0];
    const id = lastSegment(href);
    const stateMatch = /\/entity\/([^/]+)\/metadata\/states\/[^/]+$/.exec(href);
    if (stateMatch) return { $ref: "state", id, of: stateMatch[1] };
    const entityMatch = /\/entity\/([^/]+)\/[^/]+$/.exec(href);
    const type = typeof meta.type === "string" ? meta.type : entityMatch?.[1];
    if (!type) return undefined;
    return { $ref: type, id };
  }

  /**
   * Creates (no `existing`) or updates a record from the API's JSON: references given as meta,
   * DateTime strings, positions. Read-only fields are ignored; sums are recomputed from positions.
   */
  ingest(type: string, body: Record<string, unknown>, existing?: TRecord): TRecord {
    const def = TYPE_BY_NAME.get(type)!;
    const store = this.store(type);
    const ds = this.ds;
    const now = this.clock.next();
    let record: TRecord;
    if (existing) {
      record = structuredClone(existing);
    } else {
      const index = store.nextIndex();
      record = {
        $type: type,
        $index: index,
        id: makeId(ds.seedHash, def.code, index),
        accountId: ds.identity.accountId,
        owner: ds.ref("employee", 0),
        shared: false,
        group: ds.ref("group", 0),
        updated: now,
      };
      if (def.kind === "document") {
        Object.assign(record, {
          name: String(index + 1).padStart(5, "0"),
          externalCode: new Rng(hashInts(ds.seedHash, def.code, index, 9)).externalCode(),
          moment: now,
          applicable: true,
          rate: { currency: ds.ref("currency", 0) },
          created: now,
          printed: false,
          published: false,
        });
      } else {
        Object.assign(record, { externalCode: new Rng(hashInts(ds.seedHash, def.code, index, 9)).externalCode(), archived: false, created: now });
      }
    }
    const readOnly = new Set(["id", "meta", "accountId", "updated", "created", "sum", "vatSum", "$type", "$index"]);
    for (const [key, value] of Object.entries(body)) {
      if (readOnly.has(key)) continue;
      const collection = def.collections.find((c) => c.field === key);
      if (collection) {
        const rows = Array.isArray(value) ? value : ((value as { rows?: unknown[] } | null)?.rows ?? []);
        if (rows.length > 1000) {
          throw new MoyskladApiError(413, 3005, `Ошибка сохранения объекта: превышено максимальное количество позиций (1000)`, key);
        }
        record[key] = rows.map((row, p) => this.ingestRow(def.code, record.$index, collection.itemType, row as Record<string, unknown>, p));
        continue;
      }
      if (key === "attributes" && Array.isArray(value)) {
        const ids = ds.attributeIds(def.metadataType ?? type);
        const attrs = ds.attributeDefs(type);
        const current = new Map(((record.attributes as Array<{ k: number; value: unknown }>) ?? []).map((a) => [a.k, a.value]));
        for (const item of value as Array<Record<string, unknown>>) {
          const ref = this.refFromJson(item);
          const k = ids.indexOf(ref?.id ?? String(item.id ?? ""));
          if (k < 0) continue;
          const attr = attrs[k];
          const v = item.value;
          if (v === null) current.delete(k);
          else current.set(k, attr.type === "time" && typeof v === "string" ? parseMsk(v) : attr.type === "employee" ? this.refFromJson(v) : v);
        }
        record.attributes = [...current].sort((a, b) => a[0] - b[0]).map(([k, v]) => ({ k, value: v }));
        continue;
      }
      if (key === "operations" && Array.isArray(value)) {
        record.operations = (value as Array<Record<string, unknown>>).flatMap((op) => {
          const ref = this.refFromJson(op);
          return ref ? [{ ...ref, $extra: { linkedSum: Number(op.linkedSum ?? 0) } }] : [];
        });
        continue;
      }
      if (DATE_FIELDS.has(key) && typeof value === "string") {
        const ms = parseMsk(value);
        if (ms === undefined) throw new MoyskladApiError(400, 2016, `Ошибка формата: значение поля '${key}' не соответствует типу DateTime`, key);
        record[key] = ms;
        continue;
      }
      const ref = this.refFromJson(value);
      record[key] = ref ?? (value === null ? undefined : value);
      if (value === null) delete record[key];
    }
    if (!existing && def.kind === "document") {
      const required = ["organization", ...(def.doc?.agent ? ["agent"] : [])];
      for (const field of required) {
        if (!record[field]) throw new MoyskladApiError(412, 3000, `Ошибка сохранения объекта: поле '${field}' не может быть пустым`, field);
      }
    }
    if (def.collections.some((c) => c.field === "positions")) recomputeSums(record);
    record.updated = now;
    store.put(record);
    return record;
  }

  private ingestRow(code: number, docIndex: number, itemType: string, row: Record<string, unknown>, p: number): TRecord {
    const existingId = typeof row.id === "string" ? row.id : undefined;
    const out: TRecord = {
      $type: itemType,
      $index: p,
      id: existingId ?? makeId(this.ds.seedHash, code, docIndex, itemType.endsWith("position") ? 1 : 4, p),
      accountId: this.ds.identity.accountId,
    };
    for (const [key, value] of Object.entries(row)) {
      if (key === "id" || key === "meta" || key === "accountId") continue;
      const ref = this.refFromJson(value);
      out[key] = ref ?? value;
    }
    if (itemType.endsWith("position")) {
      out.quantity = Number(out.quantity ?? 1);
      out.price = Number(out.price ?? 0);
      out.discount = Number(out.discount ?? 0);
      out.vat = Number(out.vat ?? 0);
      out.vatEnabled = out.vatEnabled ?? Number(out.vat) > 0;
    }
    return out;
  }

  remove(type: string, id: string): void {
    const record = this.require(type, id);
    this.store(type).remove(record.$index);
  }

  /** Counts per type, for the admin API. */
  summary(): Record<string, { generated: number; live: number; changed: number }> {
    const out: Record<string, { generated: number; live: number; changed: number }> = {};
    for (const code of [...TYPE_BY_CODE.keys()].sort((a, b) => a - b)) {
      const type = TYPE_BY_CODE.get(code)!.type;
      const store = this.store(type);
      out[type] = { generated: store.baseCount, live: store.size, changed: store.changedCount };
    }
    return out;
  }
}

export { DOCUMENT_TYPES };
