/** The export engine's MoySklad port, on the real client (server/integrations/moysklad). */
import { createMoyskladClient, type TMoyskladClientOptions } from "../integrations/moysklad/client";
import type { TMoyskladConfig } from "../integrations/moysklad/schemas";
import type { TMsRow } from "./columns";
import type { TSourcePort } from "./ports";

/** The collection the documents' references point to; `states:<type>` are the statuses of a document type. */
const DIRECTORY_ENTITIES = new Set(["organization", "store", "project", "employee", "counterparty"]);

export function createSourcePort(config: TMoyskladConfig, options: TMoyskladClientOptions = {}, pageSize?: number): TSourcePort {
  const client = createMoyskladClient(config, options);
  /**
   * Positions come with `expand=positions` (the collection inline, still ≤ 100 documents per page) and their
   * products/services/variants/bundles from one catalog read once per run (`GET /entity/assortment`, 1000 per
   * page): `expand=positions.assortment` would repeat the whole product in every row (~3× the bytes to
   * transfer, decompress and parse). Rows get `assortment` = the catalog entry's scalar fields (name, code,
   * article…), the same shape the engine reads from an expanded row.
   */
  let catalog: Promise<Map<string, TMsRow>> | null = null;
  const compact = (o: TMsRow): TMsRow => {
    const out: TMsRow = {};
    for (const [k, v] of Object.entries(o)) if (v === null || ["string", "number", "boolean"].includes(typeof v)) out[k] = v;
    const meta = o.meta as { href?: string; type?: string } | undefined;
    if (meta) out.meta = { href: meta.href, type: meta.type };
    return out;
  };
  const readAll = async (entity: string, add: (rows: TMsRow[]) => void) => {
    const first = await page(entity, { offset: 0, updatedFrom: null, positions: false });
    add(first.rows);
    const step = first.limit ?? first.rows.length;
    if (first.nextOffset === null || step <= 0) return;
    const offsets: number[] = [];
    for (let o = first.nextOffset; o < first.total; o += step) offsets.push(o);
    await Promise.all(offsets.map(async (o) => add((await page(entity, { offset: o, updatedFrom: null, positions: false })).rows)));
  };
  const assortmentCatalog = () => {
    catalog ??= (async () => {
      const map = new Map<string, TMsRow>();
      await readAll("assortment", (rows) => { for (const row of rows) if (typeof row.id === "string") map.set(row.id, compact(row)); });
      return map;
    })();
    catalog.catch(() => { catalog = null; });
    return catalog;
  };
  /** Replaces each row's `assortment` reference by its catalog entry (one that appeared since is read by id). */
  const attachAssortment = async (rows: TMsRow[]) => {
    const map = await assortmentCatalog();
    await Promise.all(rows.map(async (row) => {
      const ref = row.assortment as { meta?: { href?: string; type?: string } } | undefined;
      const href = ref?.meta?.href;
      if (!href || !ref.meta?.type) return;
      const id = href.split("?")[0]!.split("/").pop()!;
      let entry = map.get(id);
      if (!entry) {
        entry = compact(await client.getById(ref.meta.type, id));
        map.set(id, entry);
      }
      row.assortment = entry;
    }));
  };

  const page: TSourcePort["page"] = async (entity, opts) => {
    const pages = client.listPages({
      entity,
      limit: pageSize,
      offset: opts.offset,
      updatedFrom: opts.updatedFrom ?? undefined,
      // The engine pages by `updated` (page-reader.ts): changed documents move to the end, none is skipped.
      order: "updated",
      // expand caps the page at 100 documents (the API ignores expand above).
      expand: opts.positions ? "positions" : undefined,
    });
    const first = await pages.next();
    await pages.return(undefined);
    if (first.done) return { rows: [], total: 0, nextOffset: null };
    const rows = first.value.rows;
    if (opts.positions) {
      await Promise.all(rows.map(async (doc) => {
        const positions = doc.positions as { meta?: { size?: number }; rows?: TMsRow[] } | undefined;
        if (!positions) return;
        // An expanded collection is inlined only up to its first rows: a longer one is read on its own.
        if (typeof doc.id === "string" && (positions.meta?.size ?? 0) > (positions.rows?.length ?? 0)) positions.rows = await client.listPositions(entity, doc.id);
        await attachAssortment(positions.rows ?? []);
      }));
    }
    return { rows, total: first.value.meta.size ?? rows.length, nextOffset: first.value.nextOffset, limit: first.value.meta.limit, bytes: first.value.bytes };
  };

  return {
    async attributes(entity) {
      const attrs = await client.getAttributesMetadata(entity);
      return attrs.map((a) => ({ id: a.id, name: a.name, type: a.type }));
    },
    async loadDirectory(entities) {
      const names = new Map<string, string>();
      // Directories load concurrently (the limiter paces them); a long one reads its pages concurrently too.
      await Promise.all(entities.map(async (e) => {
        if (e.startsWith("states:")) {
          for (const s of await client.getStates(e.slice(7))) if (s.id) names.set(s.id, s.name);
        } else if (e === "assortment") {
          for (const [id, row] of await assortmentCatalog()) names.set(id, String(row.name ?? ""));
        } else if (DIRECTORY_ENTITIES.has(e)) {
          await readAll(e, (rows) => { for (const row of rows) if (typeof row.id === "string") names.set(row.id, String(row.name ?? "")); });
        }
      }));
      return (ref: unknown) => {
        const href = (ref as { meta?: { href?: string } } | null)?.meta?.href;
        if (!href) return null;
        // The last path segment before any query (per referenced cell: no split arrays).
        const q = href.indexOf("?");
        const end = q < 0 ? href.length : q;
        const id = href.slice(href.lastIndexOf("/", end - 1) + 1, end);
        return names.get(id) ?? null;
      };
    },
    page,
    requestCount: () => client.stats().requests,
    stats: () => {
      const s = client.stats();
      return { requests: s.requests, retries: s.retries, rateLimited: s.rateLimited, byPath: s.byPath };
    },
  };
}
