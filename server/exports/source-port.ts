/** The export engine's MoySklad port, on the real client (server/integrations/moysklad). */
import { createMoyskladClient, type TMoyskladClientOptions } from "../integrations/moysklad/client";
import type { TMoyskladConfig } from "../integrations/moysklad/schemas";
import type { TSourcePort } from "./ports";

/** The collection the documents' references point to; `states:<type>` are the statuses of a document type. */
const DIRECTORY_ENTITIES = new Set(["organization", "store", "project", "employee", "counterparty"]);

export function createSourcePort(config: TMoyskladConfig, options: TMoyskladClientOptions = {}, pageSize?: number): TSourcePort {
  const client = createMoyskladClient(config, options);
  return {
    async attributes(entity) {
      const attrs = await client.getAttributesMetadata(entity);
      return attrs.map((a) => ({ id: a.id, name: a.name, type: a.type }));
    },
    async loadDirectory(entities) {
      const names = new Map<string, string>();
      for (const e of entities) {
        if (e.startsWith("states:")) {
          for (const s of await client.getStates(e.slice(7))) if (s.id) names.set(s.id, s.name);
        } else if (DIRECTORY_ENTITIES.has(e)) {
          for await (const page of client.listPages({ entity: e })) {
            for (const row of page.rows) if (row.id) names.set(row.id, String(row.name ?? ""));
          }
        }
      }
      return (ref: unknown) => {
        const href = (ref as { meta?: { href?: string } } | null)?.meta?.href;
        if (!href) return null;
        const id = href.split("?")[0]!.split("/").pop()!;
        return names.get(id) ?? null;
      };
    },
    async page(entity, opts) {
      const pages = client.listPages({
        entity,
        limit: pageSize,
        offset: opts.offset,
        updatedFrom: opts.updatedFrom ?? undefined,
        expand: opts.positions ? "positions.assortment" : undefined,
      });
      const first = await pages.next();
      await pages.return(undefined);
      if (first.done) return { rows: [], total: 0, nextOffset: null };
      return { rows: first.value.rows, total: first.value.meta.size ?? first.value.rows.length, nextOffset: first.value.nextOffset };
    },
    requestCount: () => client.stats().requests,
  };
}
