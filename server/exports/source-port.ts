/** The export engine's MoySklad port, on the real client (server/integrations/moysklad). */
import { createMoyskladClient, type TMoyskladClientOptions } from "../integrations/moysklad/client";
import type { TMoyskladConfig } from "../integrations/moysklad/schemas";
import type { TSourcePort } from "./ports";

/** The collection the documents' references point to; `states:<type>` are the statuses of a document type. */
const DIRECTORY_ENTITIES = new Set(["organization", "store", "project", "employee", "counterparty"]);

export function createSourcePort(config: TMoyskladConfig, options: TMoyskladClientOptions = {}, pageSize?: number): TSourcePort {
  const client = createMoyskladClient(config, options);
  const page: TSourcePort["page"] = async (entity, opts) => {
    const pages = client.listPages({
      entity,
      limit: pageSize,
      offset: opts.offset,
      updatedFrom: opts.updatedFrom ?? undefined,
      // expand caps the page at 100 documents (the API ignores expand above): the positions come inline.
      expand: opts.positions ? "positions.assortment" : undefined,
    });
    const first = await pages.next();
    await pages.return(undefined);
    if (first.done) return { rows: [], total: 0, nextOffset: null };
    const rows = first.value.rows;
    if (opts.positions) {
      // An expanded collection is inlined only up to its first rows: a longer one is read on its own.
      await Promise.all(rows.map(async (doc) => {
        const positions = doc.positions as { meta?: { size?: number }; rows?: unknown[] } | undefined;
        if (!positions || typeof doc.id !== "string" || (positions.meta?.size ?? 0) <= (positions.rows?.length ?? 0)) return;
        positions.rows = await client.listPositions(entity, doc.id, { expand: "assortment" });
      }));
    }
    return { rows, total: first.value.meta.size ?? rows.length, nextOffset: first.value.nextOffset, limit: first.value.meta.limit };
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
        } else if (DIRECTORY_ENTITIES.has(e)) {
          const add = (rows: { id?: string; name?: unknown }[]) => { for (const row of rows) if (row.id) names.set(row.id, String(row.name ?? "")); };
          const first = await page(e, { offset: 0, updatedFrom: null, positions: false });
          add(first.rows);
          const step = first.limit ?? first.rows.length;
          if (first.nextOffset === null || step <= 0) return;
          const offsets: number[] = [];
          for (let o = first.nextOffset; o < first.total; o += step) offsets.push(o);
          await Promise.all(offsets.map(async (o) => add((await page(e, { offset: o, updatedFrom: null, positions: false })).rows)));
        }
      }));
      return (ref: unknown) => {
        const href = (ref as { meta?: { href?: string } } | null)?.meta?.href;
        if (!href) return null;
        const id = href.split("?")[0]!.split("/").pop()!;
        return names.get(id) ?? null;
      };
    },
    page,
    requestCount: () => client.stats().requests,
  };
}
