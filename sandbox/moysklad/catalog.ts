import {
  BRANDS,
  CATALOG,
  CITIES,
  COMPANY_FORMS,
  COMPANY_WORDS_A,
  COMPANY_WORDS_B,
  COUNTRIES,
  DOC_DESCRIPTIONS,
  FEMALE_FIRST,
  MALE_FIRST,
  MALE_LAST,
  PATRONYMIC_BASE,
  PAYMENT_PURPOSES_IN,
  PAYMENT_PURPOSES_OUT,
  SEGMENTS,
  SERVICES,
  SOURCES,
  STREETS,
} from "./names";
import { hashFloat, hashInts, hashString, makeId, makeInn, parseMsk, Rng } from "./random";

/**
 * The MoySklad entity types the simulator serves and the deterministic generator of their records.
 * Entity `i` of type `t` is a pure function of (seed, t, i): nothing is stored until it changes, so a
 * 100k-document dataset costs no memory. `updated` grows with `i` (documents were created in sequence),
 * which lets `updated>=…` filters and `order=updated` work by binary search.
 *
 * Records are the simulator's internal form: plain JSON-like objects whose references are
 * `{ $ref: type, id }` and whose DateTime fields are epoch milliseconds; `render.ts` turns them into the
 * API's JSON (meta/href, Moscow-time strings, expand).
 */

export type TRef = { $ref: string; id: string; of?: string; $extra?: Record<string, unknown> };
export type TRecord = { $type: string; $index: number; id: string } & Record<string, unknown>;

export type TAttributeType = "string" | "text" | "boolean" | "time" | "double" | "long" | "employee" | "link";
export type TAttributeDef = { name: string; type: TAttributeType; values?: readonly string[]; required?: boolean; description?: string };

export type TCollectionDef = {
  /** Field on the record / in the JSON (`positions`, `products`, …). */
  field: string;
  /** Sub-resource path: `/entity/<type>/<id>/<path>`. */
  path: string;
  /** `meta.type` of the rows. */
  itemType: string;
};

export type TTypeKind = "document" | "dictionary" | "directory";

export type TTypeDef = {
  type: string;
  code: number;
  kind: TTypeKind;
  title: string;
  collections: TCollectionDef[];
  states?: readonly string[];
  attributes?: readonly TAttributeDef[];
  /** Where the custom attributes are described (services and bundles use the product's). */
  metadataType?: string;
  doc?: TDocSpec;
};

type TPositionMode = "sale" | "purchase" | "cost" | "commission";

type TDocSpec = {
  agent?: "counterparty" | "employee";
  store?: boolean;
  stores?: "move" | "production";
  project?: boolean;
  positions?: TPositionMode;
  sums?: Array<"payedSum" | "shippedSum" | "invoicedSum" | "reservedSum" | "waitSum">;
  payment?: { direction: "in" | "out"; targets: string[]; incoming?: boolean };
  link?: { field: string; type: string };
  planned?: "deliveryPlannedMoment" | "paymentPlannedMoment";
  incoming?: boolean;
  shipment?: boolean;
  retail?: boolean;
  commission?: boolean;
  production?: boolean;
};

const positions = (type: string): TCollectionDef => ({ field: "positions", path: "positions", itemType: `${type}position` });

const DOC_STATES = ["Новый", "В работе", "Выполнен", "Отменён"] as const;
const ORDER_STATES = ["Новый", "Подтверждён", "Собран", "Отгружен", "Доставлен", "Возврат", "Отменён"] as const;
const PAYMENT_STATES = ["Не проведён", "Проведён", "Отклонён"] as const;

const DOC_ATTRIBUTES: readonly TAttributeDef[] = [
  { name: "Источник", type: "string", values: SOURCES },
  { name: "Приоритетный", type: "boolean" },
  { name: "Ответственный", type: "employee" },
];
const ORDER_ATTRIBUTES: readonly TAttributeDef[] = [
  ...DOC_ATTRIBUTES,
  { name: "Дата доставки", type: "time" },
  { name: "Номер заказа маркетплейса", type: "string" },
];

function docType(type: string, code: number, title: string, doc: TDocSpec, extra: Partial<TTypeDef> = {}): TTypeDef {
  return {
    type,
    code,
    kind: "document",
    title,
    collections: doc.positions ? [positions(type)] : [],
    states: DOC_STATES,
    attributes: DOC_ATTRIBUTES,
    doc,
    ...extra,
  };
}

export const TYPE_DEFS: readonly TTypeDef[] = [
  docType("customerorder", 1, "Заказ покупателя", {
    agent: "counterparty", store: true, project: true, positions: "sale",
    sums: ["payedSum", "shippedSum", "invoicedSum", "reservedSum"], planned: "deliveryPlannedMoment", shipment: true,
  }, { states: ORDER_STATES, attributes: ORDER_ATTRIBUTES }),
  docType("demand", 2, "Отгрузка", {
    agent: "counterparty", store: true, project: true, positions: "sale", sums: ["payedSum"], shipment: true,
    link: { field: "customerOrder", type: "customerorder" },
  }),
  docType("invoiceout", 3, "Счёт покупателю", {
    agent: "counterparty", store: true, project: true, positions: "sale", sums: ["payedSum", "shippedSum"],
    planned: "paymentPlannedMoment", link: { field: "customerOrder", type: "customerorder" },
  }),
  docType("paymentin", 4, "Входящий платёж", {
    agent: "counterparty", project: true, payment: { direction: "in", targets: ["customerorder", "demand", "invoiceout"], incoming: true },
  }, { states: PAYMENT_STATES }),
  docType("paymentout", 5, "Исходящий платёж", {
    agent: "counterparty", project: true, payment: { direction: "out", targets: ["purchaseorder", "supply", "invoicein"] },
  }, { states: PAYMENT_STATES }),
  docType("cashin", 6, "Приходный ордер", {
    agent: "counterparty", project: true, payment: { direction: "in", targets: ["customerorder", "demand", "invoiceout"] },
  }, { states: PAYMENT_STATES }),
  docType("cashout", 7, "Расходный ордер", {
    agent: "counterparty", project: true, payment: { direction: "out", targets: ["purchaseorder", "supply", "invoicein"] },
  }, { states: PAYMENT_STATES }),
  docType("purchaseorder", 8, "Заказ поставщику", {
    agent: "counterparty", store: true, project: true, positions: "purchase",
    sums: ["payedSum", "shippedSum", "invoicedSum", "waitSum"], planned: "deliveryPlannedMoment",
  }),
  docType("invoicein", 9, "Счёт поставщика", {
    agent: "counterparty", store: true, project: true, positions: "purchase", sums: ["payedSum", "shippedSum"],
    planned: "paymentPlannedMoment", incoming: true, link: { field: "purchaseOrder", type: "purchaseorder" },
  }),
  docType("supply", 10, "Приёмка", {
    agent: "counterparty", store: true, project: true, positions: "purchase", sums: ["payedSum"], incoming: true,
    link: { field: "purchaseOrder", type: "purchaseorder" },
  }),
  docType("salesreturn", 11, "Возврат покупателя", {
    agent: "counterparty", store: true, positions: "sale", sums: ["payedSum"], link: { field: "demand", type: "demand" },
  }),
  docType("purchasereturn", 12, "Возврат поставщику", {
    agent: "counterparty", store: true, positions: "purchase", sums: ["payedSum"], link: { field: "supply", type: "supply" },
  }),
  docType("move", 13, "Перемещение", { stores: "move", project: true, positions: "cost" }),
  docType("loss", 14, "Списание", { store: true, project: true, positions: "cost" }),
  docType("enter", 15, "Оприходование", { store: true, project: true, positions: "cost" }),
  docType("productiontask", 16, "Производственное задание", { stores: "production", production: true, planned: "deliveryPlannedMoment" }, {
    collections: [
      { field: "productionRows", path: "productionrows", itemType: "productionrow" },
      { field: "products", path: "products", itemType: "productiontaskresult" },
    ],
  }),
  docType("commissionreportin", 17, "Полученный отчёт комиссионера", {
    agent: "counterparty", project: true, positions: "commission", sums: ["payedSum"], commission: true,
  }),
  docType("retaildrawercashout", 18, "Выплата денег", { agent: "employee", retail: true }),
  docType("retaildrawercashin", 19, "Внесение денег", { agent: "employee", retail: true }),

  { type: "counterparty", code: 40, kind: "dictionary", title: "Контрагент", collections: [],
    states: ["Новый", "Постоянный клиент", "Неактивный"],
    attributes: [
      { name: "Сегмент", type: "string", values: SEGMENTS },
      { name: "Менеджер", type: "employee" },
      { name: "Дата первой сделки", type: "time" },
    ] },
  { type: "product", code: 41, kind: "dictionary", title: "Товар", collections: [],
    attributes: [
      { name: "Бренд", type: "string", values: BRANDS },
      { name: "Страна производства", type: "string", values: COUNTRIES },
      { name: "Гарантия, мес", type: "long" },
    ] },
  { type: "service", code: 42, kind: "dictionary", title: "Услуга", collections: [], metadataType: "product" },
  { type: "variant", code: 43, kind: "dictionary", title: "Модификация", collections: [] },
  { type: "bundle", code: 44, kind: "dictionary", title: "Комплект", collections: [
    { field: "components", path: "components", itemType: "bundlecomponent" },
  ], metadataType: "product" },
  { type: "processingplan", code: 45, kind: "dictionary", title: "Техкарта", collections: [
    { field: "materials", path: "materials", itemType: "processingplanmaterial" },
    { field: "products", path: "products", itemType: "processingplanresult" },
  ] },

  { type: "organization", code: 60, kind: "directory", title: "Юрлицо", collections: [] },
  { type: "store", code: 61, kind: "directory", title: "Склад", collections: [] },
  { type: "project", code: 62, kind: "directory", title: "Проект", collections: [] },
  { type: "employee", code: 63, kind: "directory", title: "Сотрудник", collections: [] },
  { type: "currency", code: 64, kind: "directory", title: "Валюта", collections: [] },
  { type: "group", code: 65, kind: "directory", title: "Отдел", collections: [] },
  { type: "uom", code: 66, kind: "directory", title: "Единица измерения", collections: [] },
  { type: "productfolder", code: 67, kind: "directory", title: "Группа товаров", collections: [] },
];

/** Types listed together by `GET /entity/assortment`. */
export const ASSORTMENT_TYPES = ["product", "service", "variant", "bundle"] as const;

/** Referenced but not served (links stay as meta). */
export const UNRESOLVED_TYPE_CODES: Record<string, number> = { retailshift: 90, expenseitem: 91, pricetype: 92, characteristic: 93 };

export const TYPE_BY_NAME: ReadonlyMap<string, TTypeDef> = new Map(TYPE_DEFS.map((d) => [d.type, d]));
export const TYPE_BY_CODE: ReadonlyMap<number, TTypeDef> = new Map(TYPE_DEFS.map((d) => [d.code, d]));
export const DOCUMENT_TYPES: readonly string[] = TYPE_DEFS.filter((d) => d.kind === "document").map((d) => d.type);

/** Fields printed as DateTime (records hold epoch ms). */
export const DATE_FIELDS: ReadonlySet<string> = new Set([
  "moment", "created", "updated", "deleted", "deliveryPlannedMoment", "paymentPlannedMoment", "incomingDate",
  "commissionPeriodStart", "commissionPeriodEnd", "productionStart", "productionEnd",
]);

export type TMoyskladDatasetConfig = {
  /** Same seed → same data. */
  seed: string | number;
  /** Documents per document type (default 50). */
  documents: number;
  /** Overrides per type, including dictionaries: `{ customerorder: 100000, counterparty: 10000 }`. */
  perType?: Record<string, number>;
  /** Counterparties (default 40), products (default 60), techmaps (default 10). */
  counterparties?: number;
  products?: number;
  techmaps?: number;
  /** Average positions per document (default 5). */
  positionsPerDocument?: number;
  /** Span of `moment` / `updated`, Moscow dates `YYYY-MM-DD` (default 2026-01-01 … 2026-10-01). */
  from?: string;
  to?: string;
};

export const DEFAULT_DATASET: TMoyskladDatasetConfig = { seed: "pult", documents: 50 };

const DIRECTORY_SIZES: Record<string, number> = {
  organization: 2, store: 3, project: 4, employee: 6, currency: 2, group: 1, uom: 5, productfolder: CATALOG.length + 1,
};

export type TDatasetIdentity = { accountId: string; employeeId: string; employeeUid: string };

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

function pad5(n: number): string {
  return String(n).padStart(5, "0");
}

export class Dataset {
  readonly config: TMoyskladDatasetConfig;
  readonly seedHash: number;
  readonly fromMs: number;
  readonly toMs: number;
  readonly identity: TDatasetIdentity;
  private readonly counts = new Map<string, number>();
  private readonly stateCache = new Map<string, TRecord[]>();
  private readonly attributeIdCache = new Map<string, string[]>();
  /** Ids of the types small enough to keep (directories, assortment, techmaps). */
  private readonly idCache = new Map<string, string[]>();

  constructor(config: TMoyskladDatasetConfig, identity: TDatasetIdentity) {
    this.config = config;
    this.identity = identity;
    this.seedHash = typeof config.seed === "number" ? hashInts(config.seed) : hashString(String(config.seed));
    this.fromMs = parseMsk(config.from ?? "2026-01-01") ?? Date.UTC(2025, 11, 31, 21);
    this.toMs = parseMsk(config.to ?? "2026-10-01") ?? Date.UTC(2026, 8, 30, 21);
    if (this.toMs <= this.fromMs) throw new Error("dataset: `to` must be after `from`");
    const products = Math.max(1, config.products ?? 60);
    const defaults: Record<string, number> = {
      counterparty: Math.max(1, config.counterparties ?? 40),
      product: products,
      service: Math.max(1, Math.ceil(products / 8)),
      variant: Math.max(1, Math.ceil(products / 3)),
      bundle: Math.max(1, Math.ceil(products / 15)),
      processingplan: Math.max(1, config.techmaps ?? 10),
      ...DIRECTORY_SIZES,
    };
    for (const def of TYPE_DEFS) {
      const base = def.kind === "document" ? config.documents : defaults[def.type];
      const count = def.kind === "directory" ? DIRECTORY_SIZES[def.type] : config.perType?.[def.type] ?? base;
      this.counts.set(def.type, Math.max(0, Math.floor(count)));
    }
  }

  /** Number of generated (base) records of a type. */
  baseCount(type: string): number {
    return this.counts.get(type) ?? 0;
  }

  idOf(type: string, index: number): string {
    if (type === "employee" && index === 0) return this.identity.employeeId;
    const cached = this.idCache.get(type);
    if (cached && index < cached.length) return cached[index];
    const code = TYPE_BY_NAME.get(type)?.code ?? UNRESOLVED_TYPE_CODES[type] ?? 99;
    const count = this.baseCount(type);
    if (!cached && count > 0 && count <= 5000) {
      const ids = Array.from({ length: count }, (_, i) => (type === "employee" && i === 0 ? this.identity.employeeId : makeId(this.seedHash, code, i)));
      this.idCache.set(type, ids);
      if (index < count) return ids[index];
    }
    return makeId(this.seedHash, code, index);
  }

  /** A reference record; treat as immutable (records share them). */
  ref(type: string, index: number): TRef {
    return { $ref: type, id: this.idOf(type, index) };
  }

  /**
   * `updated` of base record `index`: strictly increasing in `index` for every type, spread over
   * [from, to) for documents and dictionaries; directories were last edited before `from`.
   */
  updatedOf(type: string, index: number): number {
    const def = TYPE_BY_NAME.get(type)!;
    const count = this.baseCount(type);
    if (def.kind === "directory") return this.fromMs - (count - index) * DAY;
    const step = (this.toMs - this.fromMs) / Math.max(1, count);
    return this.fromMs + Math.floor((index + 0.5 + 0.45 * hashFloat(this.seedHash, def.code, index, 7)) * step);
  }

  /** Binary search: first base index whose `updated` satisfies `pred` (monotone false…true). */
  firstIndexWhere(type: string, pred: (updatedMs: number) => boolean): number {
    let lo = 0;
    let hi = this.baseCount(type);
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (pred(this.updatedOf(type, mid))) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  private stepOf(type: string): number {
    return (this.toMs - this.fromMs) / Math.max(1, this.baseCount(type));
  }

  /** The first moment a record changed at runtime may carry (all generated ones are earlier). */
  get epochEndMs(): number {
    return this.toMs;
  }

  // ---------- directory-level metadata ----------

  states(type: string): TRecord[] {
    const cached = this.stateCache.get(type);
    if (cached) return cached;
    const def = TYPE_BY_NAME.get(type);
    const colors = [15106326, 10667543, 8767198, 34617, 10774205, 255, 69446];
    const states = (def?.states ?? []).map((name, k) => {
      const last = k === (def?.states?.length ?? 0) - 1;
      return {
        $type: "state",
        $index: k,
        id: makeId(this.seedHash, def!.code, k, 2),
        accountId: this.identity.accountId,
        name,
        color: colors[k % colors.length],
        stateType: /Отмен|Возврат|Отклон|Неактив/.test(name) ? "Unsuccessful" : last || /Выполн|Доставлен|Проведён/.test(name) ? "Successful" : "Regular",
        entityType: type,
      } satisfies TRecord;
    });
    this.stateCache.set(type, states);
    return states;
  }

  attributeDefs(type: string): readonly TAttributeDef[] {
    const def = TYPE_BY_NAME.get(type);
    const metaType = def?.metadataType ?? type;
    return TYPE_BY_NAME.get(metaType)?.attributes ?? [];
  }

  attributeIds(metaType: string): string[] {
    const cached = this.attributeIdCache.get(metaType);
    if (cached) return cached;
    const def = TYPE_BY_NAME.get(metaType);
    const ids = (def?.attributes ?? []).map((_, k) => makeId(this.seedHash, def!.code, k, 3));
    this.attributeIdCache.set(metaType, ids);
    return ids;
  }

  // ---------- prices of assortment (pure functions of the index, no generation) ----------

  productGroup(index: number) {
    return CATALOG[index % CATALOG.length];
  }

  /** Sale price of an assortment item in kopecks. */
  priceOf(type: string, index: number): number {
    if (type === "product") {
      const [min, max] = this.productGroup(index).price;
      const rub = min + Math.floor(hashFloat(this.seedHash, 41, index, 11) * (max - min));
      return rub * 100;
    }
    if (type === "variant") {
      const base = this.priceOf("product", this.variantProductIndex(index));
      return Math.round((base * (100 + (index % 3) * 5)) / 100 / 100) * 100;
    }
    if (type === "service") return (500 + Math.floor(hashFloat(this.seedHash, 42, index, 11) * 14_500)) * 100;
    if (type === "bundle") return (2_000 + Math.floor(hashFloat(this.seedHash, 44, index, 11) * 30_000)) * 100;
    return 0;
  }

  variantProductIndex(variantIndex: number): number {
    return (variantIndex * 3 + 1) % this.baseCount("product");
  }

  // ---------- generation ----------

  /** The base record `index` of `type` (undefined when out of range). */
  generate(type: string, index: number): TRecord | undefined {
    const def = TYPE_BY_NAME.get(type);
    if (!def || index < 0 || index >= this.baseCount(type)) return undefined;
    const rng = new Rng(hashInts(this.seedHash, def.code, index, 1));
    switch (def.kind) {
      case "document":
        return this.generateDocument(def, index, rng);
      case "dictionary":
        return this.generateDictionary(def, index, rng);
      default:
        return this.generateDirectory(def, index, rng);
    }
  }

  private header(def: TTypeDef, index: number, rng: Rng): TRecord {
    const updated = this.updatedOf(def.type, index);
    const step = this.stepOf(def.type);
    const lag = Math.floor(rng.next() * Math.min(step * 0.4, 6 * HOUR));
    const moment = Math.floor((updated - lag) / MINUTE) * MINUTE;
    return {
      $type: def.type,
      $index: index,
      id: this.idOf(def.type, index),
      accountId: this.identity.accountId,
      owner: this.ref("employee", rng.int(this.baseCount("employee"))),
      shared: false,
      group: this.ref("group", 0),
      updated,
      name: pad5(index + 1),
      ...(rng.chance(0.3) ? { description: rng.pick(DOC_DESCRIPTIONS) } : {}),
      externalCode: rng.externalCode(),
      moment,
      applicable: rng.chance(0.93),
      rate: { currency: this.ref("currency", 0) },
      created: moment + Math.floor((updated - moment) * 0.3),
      printed: rng.chance(0.2),
      published: false,
    };
  }

  /** A referenced document of another type, near the same position in time. */
  private nearIndex(rng: Rng, ownType: string, ownIndex: number, targetType: string): number | undefined {
    const target = this.baseCount(targetType);
    if (target === 0) return undefined;
    const own = Math.max(1, this.baseCount(ownType));
    const centre = Math.floor((ownIndex * target) / own);
    return Math.min(target - 1, Math.max(0, centre - rng.int(3)));
  }

  private pickAssortment(rng: Rng, mode: TPositionMode): { type: string; index: number } {
    const roll = rng.next();
    if (mode === "sale" && roll < 0.08) return { type: "service", index: rng.int(this.baseCount("service")) };
    if (mode === "sale" && roll < 0.11) return { type: "bundle", index: rng.int(this.baseCount("bundle")) };
    if (roll > 0.85) return { type: "variant", index: rng.int(this.baseCount("variant")) };
    return { type: "product", index: rng.int(this.baseCount("product")) };
  }

  private positionsFor(def: TTypeDef, docIndex: number, rng: Rng, mode: TPositionMode): TRecord[] {
    const avg = Math.max(1, this.config.positionsPerDocument ?? 5);
    const count = 1 + rng.int(Math.max(1, Math.round(2 * avg - 1)));
    const rows: TRecord[] = [];
    for (let p = 0; p < count; p++) {
      const item = this.pickAssortment(rng, mode);
      const base = this.priceOf(item.type, item.index);
      const price = mode === "purchase" || mode === "cost" ? Math.round((base * 0.62) / 100) * 100 : base;
      const quantity = item.type === "service" ? 1 : rng.range(1, 24);
      const discount = mode === "sale" && rng.chance(0.25) ? rng.pick([3, 5, 7, 10, 15]) : 0;
      const vat = rng.weighted([20, 10, 0], [8, 1, 1]);
      const row: TRecord = {
        $type: def.collections[0].itemType,
        $index: p,
        id: makeId(this.seedHash, def.code, docIndex, 1, p),
        accountId: this.identity.accountId,
        quantity,
        price,
        discount,
        vat,
        vatEnabled: vat > 0 || rng.chance(0.5),
        assortment: this.ref(item.type, item.index),
      };
      if (def.type === "customerorder") {
        row.shipped = rng.chance(0.6) ? quantity : rng.int(quantity + 1);
        row.reserve = rng.int(quantity + 1);
      } else if (def.type === "demand" || def.type === "supply") {
        row.overhead = 0;
      } else if (mode === "commission") {
        row.reward = 0;
      }
      rows.push(row);
    }
    return rows;
  }

  private generateDocument(def: TTypeDef, index: number, rng: Rng): TRecord {
    const spec = def.doc!;
    const rec = this.header(def, index, rng);
    const moment = rec.moment as number;
    const employees = this.baseCount("employee");
    if (spec.agent === "counterparty") rec.agent = this.ref("counterparty", rng.int(this.baseCount("counterparty")));
    if (spec.agent === "employee") rec.agent = this.ref("employee", rng.int(employees));
    rec.organization = this.ref("organization", rng.chance(0.8) ? 0 : 1);
    const stores = this.baseCount("store");
    if (spec.store) rec.store = this.ref("store", rng.int(stores));
    if (spec.stores === "move") {
      const source = rng.int(stores);
      rec.sourceStore = this.ref("store", source);
      rec.targetStore = this.ref("store", (source + 1 + rng.int(stores - 1)) % stores);
    }
    if (spec.stores === "production") {
      rec.materialsStore = this.ref("store", 0);
      rec.productsStore = this.ref("store", rng.int(stores));
    }
    if (spec.project && rng.chance(0.6)) rec.project = this.ref("project", rng.int(this.baseCount("project")));
    const states = this.states(def.type);
    if (states.length) {
      const weights = states.map((_, k) => (k === 0 ? 3 : k >= states.length - 2 ? 1 : 2));
      const state = rng.weighted(states, weights);
      rec.state = { $ref: "state", id: state.id, of: def.type };
    }
    if (spec.link) {
      const target = this.nearIndex(rng, def.type, index, spec.link.type);
      if (target !== undefined && rng.chance(0.85)) rec[spec.link.field] = this.ref(spec.link.type, target);
    }
    if (spec.incoming) {
      rec.incomingNumber = `${rng.range(1, 9999)}`;
      rec.incomingDate = moment - rng.int(5) * DAY;
    }
    if (spec.planned) rec[spec.planned] = Math.floor((moment + rng.range(1, 14) * DAY) / HOUR) * HOUR;
    if (spec.shipment) {
      rec.shipmentAddress = `г. ${rng.pick(CITIES)}, ${rng.pick(STREETS)}, д. ${rng.range(1, 120)}`;
    }
    if (spec.commission) {
      const start = new Date(moment + 3 * HOUR);
      rec.commissionPeriodStart = Date.UTC(start.getUTCFullYear(), start.getUTCMonth(), 1) - 3 * HOUR;
      rec.commissionPeriodEnd = Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 0, 23, 59) - 3 * HOUR;
      rec.rewardType = "PercentOfSales";
      rec.rewardPercent = rng.pick([5, 7, 10, 12]);
    }
    if (spec.retail) {
      rec.retailShift = this.ref("retailshift", Math.floor(index / 3));
      rec.description ??= def.type === "retaildrawercashout" ? rng.pick(["Инкассация", "Выплата зарплаты", "Хозяйственные расходы"]) : rng.pick(["Размен", "Внесение на начало смены"]);
      rec.sum = rng.range(5, 500) * 10_000;
    }
    if (spec.payment) {
      this.fillPayment(def, index, rng, rec, spec.payment);
    }
    if (spec.production) this.fillProductionTask(def, index, rng, rec);
    if (spec.positions) {
      rec.vatEnabled = true;
      rec.vatIncluded = true;
      rec.positions = this.positionsFor(def, index, rng, spec.positions);
      recomputeSums(rec);
      const sum = rec.sum as number;
      for (const field of spec.sums ?? []) {
        const roll = rng.next();
        rec[field] = field === "reservedSum" || field === "waitSum"
          ? (roll < 0.5 ? 0 : Math.round(sum * rng.next()))
          : roll < 0.35 ? 0 : roll < 0.55 ? Math.round((sum * rng.range(10, 90)) / 100) : sum;
      }
      if (spec.commission) {
        const percent = rec.rewardPercent as number;
        let reward = 0;
        for (const row of rec.positions as TRecord[]) {
          row.reward = Math.round((lineSum(row) * percent) / 100);
          reward += row.reward as number;
        }
        rec.commitentSum = sum - reward;
      }
    }
    this.fillAttributes(def.type, rng, rec);
    return rec;
  }

  private fillPayment(def: TTypeDef, index: number, rng: Rng, rec: TRecord, payment: NonNullable<TDocSpec["payment"]>): void {
    const sum = rng.range(10, 5_000) * 10_000;
    rec.sum = sum;
    rec.vatSum = Math.round((sum * 20) / 120);
    rec.paymentPurpose = rng.pick(payment.direction === "in" ? PAYMENT_PURPOSES_IN : PAYMENT_PURPOSES_OUT);
    if (payment.incoming) {
      rec.incomingNumber = `${rng.range(100, 99_999)}`;
      rec.incomingDate = (rec.moment as number) - rng.int(3) * DAY;
    }
    if (payment.direction === "out") rec.expenseItem = this.ref("expenseitem", rng.int(3));
    const operations: TRef[] = [];
    const linked = rng.chance(0.9);
    if (linked) {
      const n = rng.chance(0.8) ? 1 : 2;
      let left = rng.chance(0.85) ? sum : Math.round((sum * rng.range(40, 95)) / 100);
      for (let k = 0; k < n; k++) {
        const targetType = rng.pick(payment.targets);
        const target = this.nearIndex(rng, def.type, index, targetType);
        if (target === undefined) continue;
        const linkedSum = k === n - 1 ? left : Math.round(left * (0.3 + rng.next() * 0.4));
        left -= linkedSum;
        operations.push({ ...this.ref(targetType, target), $extra: { linkedSum } });
      }
    }
    rec.operations = operations;
  }

  private fillProductionTask(def: TTypeDef, index: number, rng: Rng, rec: TRecord): void {
    const plans = this.baseCount("processingplan");
    const rows: TRecord[] = [];
    const products: TRecord[] = [];
    const n = 1 + rng.int(3);
    for (let k = 0; k < n; k++) {
      const planIndex = rng.int(plans);
      const volume = rng.range(1, 50);
      const rowId = makeId(this.seedHash, def.code, index, 4, k);
      rows.push({
        $type: "productionrow",
        $index: k,
        id: rowId,
        accountId: this.identity.accountId,
        name: pad5(k + 1),
        externalCode: rng.externalCode(),
        processingPlan: this.ref("processingplan", planIndex),
        productionVolume: volume,
        updated: rec.updated,
      });
      products.push({
        $type: "productiontaskresult",
        $index: k,
        id: makeId(this.seedHash, def.code, index, 5, k),
        accountId: this.identity.accountId,
        assortment: this.ref("product", this.planProductIndex(planIndex)),
        planQuantity: volume,
        productionRow: { $ref: "productionrow", id: rowId, of: rec.id },
      });
    }
    rec.productionRows = rows;
    rec.products = products;
    rec.awaiting = rng.chance(0.2);
    rec.reserve = rng.chance(0.5);
    if (rng.chance(0.7)) rec.productionStart = (rec.moment as number) + rng.range(1, 48) * HOUR;
    if (rec.productionStart && rng.chance(0.6)) rec.productionEnd = (rec.productionStart as number) + rng.range(2, 72) * HOUR;
  }

  planProductIndex(planIndex: number): number {
    return (planIndex * 7 + 3) % this.baseCount("product");
  }

  private fillAttributes(type: string, rng: Rng, rec: TRecord): void {
    const defs = this.attributeDefs(type);
    if (!defs.length) return;
    const values: Array<{ k: number; value: unknown }> = [];
    defs.forEach((attr, k) => {
      if (!rng.chance(0.5)) return;
      values.push({ k, value: this.attributeValue(attr, rng, rec) });
    });
    rec.attributes = values;
  }

  private attributeValue(attr: TAttributeDef, rng: Rng, rec: TRecord): unknown {
    switch (attr.type) {
      case "boolean":
        return rng.chance(0.3);
      case "time":
        return Math.floor(((rec.moment as number | undefined) ?? (rec.updated as number)) / HOUR) * HOUR + rng.range(24, 240) * HOUR;
      case "double":
        return Math.round(rng.next() * 50_000) / 100;
      case "long":
        return rng.pick([6, 12, 24, 36]);
      case "employee":
        return this.ref("employee", rng.int(this.baseCount("employee")));
      default:
        return attr.values ? rng.pick(attr.values) : `MP-${rng.digits(8)}`;
    }
  }

  private person(rng: Rng): { last: string; first: string; middle: string; female: boolean } {
    const female = rng.chance(0.45);
    const last = rng.pick(MALE_LAST);
    const first = rng.pick(female ? FEMALE_FIRST : MALE_FIRST);
    const base = rng.pick(PATRONYMIC_BASE);
    return {
      last: female ? (last.endsWith("ий") ? `${last.slice(0, -2)}ая` : `${last}а`) : last,
      first,
      middle: female ? `${base}на` : `${base}ич`,
      female,
    };
  }

  private phone(rng: Rng): string {
    return `+7 (9${rng.digits(2)}) ${rng.digits(3)}-${rng.digits(2)}-${rng.digits(2)}`;
  }

  private dictionaryHeader(def: TTypeDef, index: number, rng: Rng): TRecord {
    const updated = this.updatedOf(def.type, index);
    return {
      $type: def.type,
      $index: index,
      id: this.idOf(def.type, index),
      accountId: this.identity.accountId,
      owner: this.ref("employee", rng.int(this.baseCount("employee"))),
      shared: true,
      group: this.ref("group", 0),
      updated,
    };
  }

  private salePrices(value: number): Array<Record<string, unknown>> {
    return [
      {
        value,
        currency: this.ref("currency", 0),
        priceType: { $ref: "pricetype", id: makeId(this.seedHash, 92, 0), $extra: { id: makeId(this.seedHash, 92, 0), name: "Цена продажи", externalCode: "cbcf493b-55bc-11d9-848a-00112f43529a" } },
      },
    ];
  }

  private generateDictionary(def: TTypeDef, index: number, rng: Rng): TRecord {
    const rec = this.dictionaryHeader(def, index, rng);
    const created = (rec.updated as number) - rng.range(0, 30) * DAY;
    switch (def.type) {
      case "counterparty": {
        const roll = rng.next();
        const city = rng.pick(CITIES);
        const address = `г. ${city}, ${rng.pick(STREETS)}, д. ${rng.range(1, 150)}`;
        if (roll < 0.75) {
          const form = rng.pick(COMPANY_FORMS);
          const title = `${rng.pick(COMPANY_WORDS_A)}${rng.pick(COMPANY_WORDS_B).toLowerCase()}`;
          const inn = makeInn(rng, 10);
          const formTitle = form === "ООО" ? "Общество с ограниченной ответственностью" : form === "АО" ? "Акционерное общество" : "Публичное акционерное общество";
          Object.assign(rec, {
            name: `${form} «${title}»`,
            code: `К-${String(index + 1).padStart(6, "0")}`,
            externalCode: rng.externalCode(),
            archived: false,
            created,
            companyType: "legal",
            legalTitle: `${formTitle} «${title}»`,
            legalAddress: address,
            actualAddress: address,
            inn,
            kpp: `${inn.slice(0, 4)}01001`,
            ogrn: `1${rng.digits(12)}`,
          });
        } else {
          const p = this.person(rng);
          const entrepreneur = roll < 0.95;
          Object.assign(rec, {
            name: entrepreneur ? `ИП ${p.last} ${p.first[0]}.${p.middle[0]}.` : `${p.last} ${p.first} ${p.middle}`,
            code: `К-${String(index + 1).padStart(6, "0")}`,
            externalCode: rng.externalCode(),
            archived: false,
            created,
            companyType: entrepreneur ? "entrepreneur" : "individual",
            ...(entrepreneur ? { legalTitle: `Индивидуальный предприниматель ${p.last} ${p.first} ${p.middle}`, ogrnip: `3${rng.digits(14)}` } : {}),
            legalAddress: address,
            actualAddress: address,
            inn: makeInn(rng, 12),
          });
        }
        rec.email = `client${index + 1}@example.ru`;
        rec.phone = this.phone(rng);
        rec.tags = [rng.chance(0.7) ? "покупатели" : "поставщики"];
        rec.salesAmount = rng.chance(0.4) ? 0 : rng.range(1, 20_000) * 10_000;
        const states = this.states(def.type);
        rec.state = { $ref: "state", id: rng.pick(states).id, of: def.type };
        this.fillAttributes(def.type, rng, rec);
        return rec;
      }
      case "product": {
        const group = this.productGroup(index);
        const item = group.items[Math.floor(index / CATALOG.length) % group.items.length];
        const price = this.priceOf("product", index);
        Object.assign(rec, {
          name: `${item} ${rng.pick(BRANDS)}`,
          code: String(10_000 + index),
          externalCode: rng.externalCode(),
          archived: false,
          created,
          pathName: group.folder,
          productFolder: this.ref("productfolder", CATALOG.indexOf(group)),
          uom: this.ref("uom", ["шт", "упак", "кг", "пар", "л"].indexOf(group.uom)),
          article: `${group.folder.slice(0, 2).toUpperCase()}-${String(index + 1).padStart(5, "0")}`,
          vat: 20,
          vatEnabled: true,
          effectiveVat: 20,
          salePrices: this.salePrices(price),
          buyPrice: { value: Math.round((price * 0.62) / 100) * 100, currency: this.ref("currency", 0) },
          barcodes: [{ ean13: `46${rng.digits(11)}` }],
          paymentItemType: "GOOD",
          weight: Math.round(rng.next() * 2000) / 100,
          volume: 0,
          variantsCount: 0,
          isSerialTrackable: false,
          trackingType: "NOT_TRACKED",
        });
        this.fillAttributes(def.type, rng, rec);
        return rec;
      }
      case "service": {
        Object.assign(rec, {
          name: SERVICES[index % SERVICES.length] + (index >= SERVICES.length ? ` ${Math.floor(index / SERVICES.length) + 1}` : ""),
          code: String(90_000 + index),
          externalCode: rng.externalCode(),
          archived: false,
          created,
          pathName: "Услуги",
          productFolder: this.ref("productfolder", CATALOG.length),
          uom: this.ref("uom", 0),
          vat: 20,
          vatEnabled: true,
          salePrices: this.salePrices(this.priceOf("service", index)),
          paymentItemType: "SERVICE",
        });
        return rec;
      }
      case "variant": {
        const productIndex = this.variantProductIndex(index);
        const group = this.productGroup(productIndex);
        const value = group.variants[index % group.variants.length];
        const item = group.items[Math.floor(productIndex / CATALOG.length) % group.items.length];
        const characteristicId = makeId(this.seedHash, 93, CATALOG.indexOf(group));
        Object.assign(rec, {
          name: `${item} (${value})`,
          code: `${10_000 + productIndex}-${(index % group.variants.length) + 1}`,
          externalCode: rng.externalCode(),
          archived: false,
          characteristics: [{ $ref: "characteristic", id: characteristicId, $extra: { id: characteristicId, name: "Вариант", value } }],
          salePrices: this.salePrices(this.priceOf("variant", index)),
          buyPrice: { value: Math.round((this.priceOf("variant", index) * 0.62) / 100) * 100, currency: this.ref("currency", 0) },
          product: this.ref("product", productIndex),
        });
        return rec;
      }
      case "bundle": {
        const n = 2 + rng.int(3);
        const components: TRecord[] = [];
        for (let k = 0; k < n; k++) {
          components.push({
            $type: "bundlecomponent",
            $index: k,
            id: makeId(this.seedHash, def.code, index, 4, k),
            accountId: this.identity.accountId,
            assortment: this.ref("product", rng.int(this.baseCount("product"))),
            quantity: rng.range(1, 5),
          });
        }
        Object.assign(rec, {
          name: `Комплект «${rng.pick(COMPANY_WORDS_A)}» №${index + 1}`,
          code: String(80_000 + index),
          externalCode: rng.externalCode(),
          archived: false,
          created,
          pathName: "",
          uom: this.ref("uom", 0),
          vat: 20,
          vatEnabled: true,
          salePrices: this.salePrices(this.priceOf("bundle", index)),
          paymentItemType: "GOOD",
          components,
        });
        return rec;
      }
      case "processingplan": {
        const productIndex = this.planProductIndex(index);
        const group = this.productGroup(productIndex);
        const item = group.items[Math.floor(productIndex / CATALOG.length) % group.items.length];
        const materials: TRecord[] = [];
        const n = 2 + rng.int(4);
        for (let k = 0; k < n; k++) {
          const m = rng.int(this.baseCount("product"));
          materials.push({
            $type: "processingplanmaterial",
            $index: k,
            id: makeId(this.seedHash, def.code, index, 4, k),
            accountId: this.identity.accountId,
            assortment: this.ref("product", m),
            product: this.ref("product", m),
            quantity: rng.range(1, 10),
          });
        }
        Object.assign(rec, {
          name: `Техкарта: ${item}`,
          code: `ТК-${String(index + 1).padStart(4, "0")}`,
          externalCode: rng.externalCode(),
          archived: false,
          pathName: "",
          cost: rng.range(5, 300) * 10_000,
          costDistributionType: "BY_PRICE",
          materials,
          products: [
            {
              $type: "processingplanresult",
              $index: 0,
              id: makeId(this.seedHash, def.code, index, 5, 0),
              accountId: this.identity.accountId,
              assortment: this.ref("product", productIndex),
              product: this.ref("product", productIndex),
              quantity: 1,
            },
          ],
        });
        return rec;
      }
      default:
        return rec;
    }
  }

  private generateDirectory(def: TTypeDef, index: number, rng: Rng): TRecord {
    const updated = this.updatedOf(def.type, index);
    const rec: TRecord = { $type: def.type, $index: index, id: this.idOf(def.type, index), accountId: this.identity.accountId };
    const common = (fields: Record<string, unknown>) =>
      Object.assign(rec, { owner: this.ref("employee", 0), shared: true, group: this.ref("group", 0), updated }, fields, {
        externalCode: rng.externalCode(),
        archived: false,
        created: updated - 30 * DAY,
      });
    switch (def.type) {
      case "organization": {
        const inn = makeInn(rng, 10);
        return index === 0
          ? common({ name: "ООО «Пульт Трейд»", companyType: "legal", legalTitle: "Общество с ограниченной ответственностью «Пульт Трейд»", legalAddress: "г. Москва, ул. Строителей, д. 11", inn, kpp: `${inn.slice(0, 4)}01001`, ogrn: `1${rng.digits(12)}`, email: "office@pult-trade.example.ru", phone: this.phone(rng), payerVat: true })
          : common({ name: "ИП Смирнова А. В.", companyType: "entrepreneur", legalTitle: "Индивидуальный предприниматель Смирнова Анна Викторовна", legalAddress: "г. Казань, ул. Баумана, д. 5", inn: makeInn(rng, 12), ogrnip: `3${rng.digits(14)}`, payerVat: false });
      }
      case "store": {
        const names = ["Основной склад", "Склад «Север»", "Розничный магазин"];
        return common({ name: names[index] ?? `Склад ${index + 1}`, code: String(index + 1), address: `г. Москва, ${STREETS[index % STREETS.length]}, д. ${10 + index}`, pathName: "" });
      }
      case "project": {
        const names = ["Оптовые продажи", "Маркетплейсы", "Розница", "Тендеры"];
        return common({ name: names[index] ?? `Проект ${index + 1}`, code: `P-${index + 1}`, description: "" });
      }
      case "employee": {
        if (index === 0) {
          return common({ name: "Иванов Иван", uid: this.identity.employeeUid, email: "admin@pult.local", firstName: "Иван", middleName: "Петрович", lastName: "Иванов", fullName: "Иван Петрович Иванов", shortFio: "Иванов И.П.", position: "Администратор" });
        }
        const p = this.person(rng);
        return common({
          name: `${p.last} ${p.first}`,
          uid: `user${index}@pult-demo`,
          email: `user${index}@pult.local`,
          phone: this.phone(rng),
          firstName: p.first,
          middleName: p.middle,
          lastName: p.last,
          fullName: `${p.first} ${p.middle} ${p.last}`,
          shortFio: `${p.last} ${p.first[0]}.${p.middle[0]}.`,
          position: rng.pick(["Менеджер по продажам", "Кладовщик", "Бухгалтер", "Закупщик", "Кассир"]),
        });
      }
      case "currency":
        return index === 0
          ? Object.assign(rec, { system: true, name: "руб", fullName: "Российский рубль", rate: 1, multiplicity: 1, indirect: false, rateUpdateType: "manual", code: "643", isoCode: "RUB", archived: false, default: true })
          : Object.assign(rec, { system: false, name: "USD", fullName: "Доллар США", rate: 92.5, multiplicity: 1, indirect: false, rateUpdateType: "manual", code: "840", isoCode: "USD", archived: false, default: false });
      case "group":
        return Object.assign(rec, { name: "Основной", index: 0 });
      case "uom": {
        const uoms = [["шт", "Штука", "796"], ["упак", "Упаковка", "778"], ["кг", "Килограмм", "166"], ["пар", "Пара", "715"], ["л", "Литр", "112"]];
        const [name, description, code] = uoms[index];
        return Object.assign(rec, { owner: this.ref("employee", 0), shared: true, group: this.ref("group", 0), updated, name, description, code, externalCode: code });
      }
      case "productfolder": {
        const name = index < CATALOG.length ? CATALOG[index].folder : "Услуги";
        return common({ name, code: `F-${index + 1}`, pathName: "", vat: 20, vatEnabled: true, useParentVat: true });
      }
      default:
        return rec;
    }
  }
}

export function lineSum(row: Record<string, unknown>): number {
  const price = Number(row.price ?? 0);
  const quantity = Number(row.quantity ?? 0);
  const discount = Number(row.discount ?? 0);
  return Math.round(price * quantity * (1 - discount / 100));
}

/** sum / vatSum of a document from its positions (prices include VAT). */
export function recomputeSums(rec: TRecord): void {
  const rows = rec.positions as Array<Record<string, unknown>> | undefined;
  if (!rows) return;
  let sum = 0;
  let vatSum = 0;
  for (const row of rows) {
    const line = lineSum(row);
    sum += line;
    const vat = row.vatEnabled === false ? 0 : Number(row.vat ?? 0);
    vatSum += Math.round((line * vat) / (100 + vat));
  }
  rec.sum = sum;
  rec.vatSum = vatSum;
}
