import { z } from "zod";
import { zRequiredString, zUrlWithDefault } from "../config";

/** MoySklad JSON API 1.2 payloads (https://dev.moysklad.ru/doc/api/remap/1.2/). */

export const MOYSKLAD_DEFAULT_BASE_URL = "https://api.moysklad.ru/api/remap/1.2";

export const ZMoyskladConfig = z.object({
  baseUrl: zUrlWithDefault(MOYSKLAD_DEFAULT_BASE_URL),
  token: zRequiredString(),
});
export type TMoyskladConfig = z.output<typeof ZMoyskladConfig>;
export type TMoyskladConfigInput = z.input<typeof ZMoyskladConfig>;

export const moyskladSecretFields = ["token"] as const;

export const ZMoyskladMeta = z
  .object({
    href: z.string(),
    metadataHref: z.string().optional(),
    type: z.string(),
    mediaType: z.string().optional(),
    uuidHref: z.string().optional(),
  })
  .loose();
export type TMoyskladMeta = z.infer<typeof ZMoyskladMeta>;

export const ZMoyskladEmployee = z
  .object({
    meta: ZMoyskladMeta,
    id: z.string(),
    accountId: z.string(),
    name: z.string(),
    /** `login@account` */
    uid: z.string().optional(),
    email: z.string().optional(),
    firstName: z.string().optional(),
    middleName: z.string().optional(),
    lastName: z.string().optional(),
    fullName: z.string().optional(),
    shortFio: z.string().optional(),
    position: z.string().optional(),
    archived: z.boolean().optional(),
  })
  .loose();
export type TMoyskladEmployee = z.infer<typeof ZMoyskladEmployee>;

export const ZMoyskladError = z.object({
  errors: z.array(
    z
      .object({
        error: z.string(),
        code: z.number().optional(),
        parameter: z.string().optional(),
        error_message: z.string().optional(),
        moreInfo: z.string().optional(),
      })
      .loose(),
  ),
});
export type TMoyskladError = z.infer<typeof ZMoyskladError>;

// ---------- lists, entities, positions, metadata (exports read these) ----------
//
// Hot-path schemas (a page holds 1000 rows) are plain zod objects, which zod compiles into fast
// validators. The client validates with them and then returns the ORIGINAL parsed JSON, so every
// field the API sends — listed here or not — reaches the caller; the `T…` types say so with an index
// signature. (Parsing with `.parse()` yourself would strip unlisted fields.)

/** Unlisted fields of an API object (kept by the client). */
type TMore = { [field: string]: unknown };

const ZMeta = z.object({
  href: z.string(),
  type: z.string(),
  mediaType: z.string().optional(),
  metadataHref: z.string().optional(),
  uuidHref: z.string().optional(),
});

/** `meta` of a list or of a MetaArray collection. */
export const ZMoyskladListMeta = z.object({
  href: z.string(),
  type: z.string().optional(),
  mediaType: z.string().optional(),
  size: z.number(),
  limit: z.number(),
  offset: z.number(),
  nextHref: z.string().optional(),
  previousHref: z.string().optional(),
});
export type TMoyskladListMeta = z.infer<typeof ZMoyskladListMeta>;

/**
 * A reference `{ meta }` — or, when expanded, the whole referenced object (`id`, `name` and every
 * other field).
 */
export const ZMoyskladRef = z.object({ meta: ZMeta, id: z.string().optional(), name: z.string().optional() });
export type TMoyskladRef = z.infer<typeof ZMoyskladRef> & TMore;

/** A custom attribute value on an entity. `value` depends on `type` (dictionary types: `{ meta, name }`). */
export const ZMoyskladAttributeValue = z.object({
  meta: ZMeta.optional(),
  id: z.string(),
  name: z.string(),
  type: z.string(),
  value: z.unknown().optional(),
});
export type TMoyskladAttributeValue = z.infer<typeof ZMoyskladAttributeValue> & TMore;

/** A document position (and the rows of other collections: materials, products, production rows). */
export const ZMoyskladPosition = z.object({
  meta: ZMeta.optional(),
  id: z.string(),
  quantity: z.number().optional(),
  /** Kopecks. */
  price: z.number().optional(),
  discount: z.number().optional(),
  vat: z.number().optional(),
  vatEnabled: z.boolean().optional(),
  assortment: ZMoyskladRef.optional(),
  shipped: z.number().optional(),
  reserve: z.number().optional(),
});
export type TMoyskladPosition = Omit<z.infer<typeof ZMoyskladPosition>, "assortment"> & { assortment?: TMoyskladRef } & TMore;

/** A MetaArray: always `meta` (with `size`); `rows` only when expanded. */
export const ZMoyskladCollection = z.object({ meta: ZMoyskladListMeta, rows: z.array(ZMoyskladPosition).optional() });
export type TMoyskladCollection = { meta: TMoyskladListMeta; rows?: TMoyskladPosition[] };

/** A payment's link to a paid document (`operations`), with the amount attributed to it (kopecks). */
export const ZMoyskladOperation = z.object({ meta: ZMeta, linkedSum: z.number().optional() });
export type TMoyskladOperation = z.infer<typeof ZMoyskladOperation> & TMore;

const zRef = ZMoyskladRef.optional();
const zMoney = z.number().optional();

type TRefField = "agent" | "organization" | "store" | "project" | "state" | "owner" | "group" | "contract" | "sourceStore" | "targetStore";

/**
 * Any entity or document row. The fields the exports use are checked; every other field passes
 * through (see above). DateTime fields are Moscow-time strings `YYYY-MM-DD HH:mm:ss.SSS`
 * (see `dates.ts`); money is in kopecks.
 */
export const ZMoyskladEntity = z.object({
  meta: ZMeta,
  id: z.string(),
  accountId: z.string().optional(),
  name: z.string().optional(),
  code: z.string().optional(),
  externalCode: z.string().optional(),
  description: z.string().optional(),
  moment: z.string().optional(),
  created: z.string().optional(),
  updated: z.string().optional(),
  deleted: z.string().optional(),
  applicable: z.boolean().optional(),
  archived: z.boolean().optional(),
  sum: zMoney,
  vatSum: zMoney,
  payedSum: zMoney,
  shippedSum: zMoney,
  invoicedSum: zMoney,
  reservedSum: zMoney,
  agent: zRef,
  organization: zRef,
  store: zRef,
  project: zRef,
  state: zRef,
  owner: zRef,
  group: zRef,
  contract: zRef,
  sourceStore: zRef,
  targetStore: zRef,
  attributes: z.array(ZMoyskladAttributeValue).optional(),
  positions: ZMoyskladCollection.optional(),
  operations: z.array(ZMoyskladOperation).optional(),
});
export type TMoyskladEntity = Omit<z.infer<typeof ZMoyskladEntity>, TRefField | "attributes" | "positions" | "operations"> & {
  [K in TRefField]?: TMoyskladRef;
} & {
  attributes?: TMoyskladAttributeValue[];
  positions?: TMoyskladCollection;
  operations?: TMoyskladOperation[];
} & TMore;

export function zMoyskladListPage<S extends z.ZodType>(row: S) {
  return z.object({ context: z.unknown().optional(), meta: ZMoyskladListMeta, rows: z.array(row) });
}

export const ZMoyskladEntityPage = zMoyskladListPage(ZMoyskladEntity);
export type TMoyskladEntityPage = { meta: TMoyskladListMeta; rows: TMoyskladEntity[] } & TMore;
export const ZMoyskladPositionPage = zMoyskladListPage(ZMoyskladPosition);
export type TMoyskladPositionPage = { meta: TMoyskladListMeta; rows: TMoyskladPosition[] } & TMore;

/** A custom attribute's description (`/entity/<type>/metadata/attributes`). */
export const ZMoyskladAttributeMetadata = z.object({
  meta: ZMeta,
  id: z.string(),
  name: z.string(),
  /** `string`, `long`, `double`, `boolean`, `time`, `text`, `link`, `file`, or a dictionary type. */
  type: z.string(),
  required: z.boolean().optional(),
  show: z.boolean().optional(),
  description: z.string().optional(),
});
export type TMoyskladAttributeMetadata = z.infer<typeof ZMoyskladAttributeMetadata> & TMore;
export const ZMoyskladAttributeMetadataPage = zMoyskladListPage(ZMoyskladAttributeMetadata);

export const ZMoyskladState = z.object({
  meta: ZMeta,
  id: z.string(),
  name: z.string(),
  color: z.number().optional(),
  /** `Regular`, `Successful`, `Unsuccessful`. */
  stateType: z.string().optional(),
  entityType: z.string().optional(),
});
export type TMoyskladState = z.infer<typeof ZMoyskladState> & TMore;

/** `/entity/<type>/metadata`: states and the attributes collection. */
export const ZMoyskladEntityMetadata = z.object({
  meta: z.object({ href: z.string() }),
  attributes: z.object({ meta: ZMoyskladListMeta }).optional(),
  states: z.array(ZMoyskladState).optional(),
  createShared: z.boolean().optional(),
});
export type TMoyskladEntityMetadata = { states?: TMoyskladState[]; attributes?: { meta: TMoyskladListMeta } } & TMore;
