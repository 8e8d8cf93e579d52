import { describe, expect, it } from "vitest";
import { createPageReader } from "./page-reader";
import { indexKey } from "./run-export";
import type { TSourcePage } from "./ports";

/** A list of `size` numbered rows served in pages of `limit`, with request bookkeeping. */
function fakeSource(size: number, limit: number, opts: { delayMs?: number } = {}) {
  const requested: number[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const rows = Array.from({ length: size }, (_, i) => ({ id: `r${i}` }));
  const fetch = async (offset: number): Promise<TSourcePage> => {
    requested.push(offset);
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    await new Promise((r) => setTimeout(r, opts.delayMs ?? 5));
    inFlight--;
    const page = rows.slice(offset, offset + limit);
    return { rows: page, total: rows.length, limit, nextOffset: offset + limit < rows.length && page.length ? offset + page.length : null };
  };
  return { rows, fetch, requested, maxInFlight: () => maxInFlight };
}

const digest = (page: TSourcePage) => ({ bytes: page.rows.length * 10, value: page.rows.map((r) => String(r.id)) });

async function drain<T>(reader: { next(): Promise<{ value: T } | null> }): Promise<T[]> {
  const out: T[] = [];
  for (let p = await reader.next(); p; p = await reader.next()) out.push(p.value);
  return out;
}

describe("page reader", () => {
  it("reads every page once, in order, fetching ahead concurrently within the bound", async () => {
    const src = fakeSource(95, 10);
    const reader = createPageReader({ start: 0, fetch: src.fetch, digest, maxInFlight: 3 });
    const pages = await drain(reader);
    expect(pages.flat()).toEqual(src.rows.map((r) => r.id));
    expect([...src.requested].sort((a, b) => a - b)).toEqual([0, 10, 20, 30, 40, 50, 60, 70, 80, 90]);
    expect(src.maxInFlight()).toBe(3);
  });

  it("stops reading ahead when the buffered bytes reach the bound", async () => {
    const src = fakeSource(1000, 10, { delayMs: 1 });
    const reader = createPageReader({ start: 0, fetch: src.fetch, digest, maxBufferedBytes: 300 });
    await reader.next();
    await new Promise((r) => setTimeout(r, 50));
    // 100 bytes per page: at most 3 pages buffered or in flight after the one consumed.
    expect(src.requested.length).toBeLessThanOrEqual(4);
    reader.close();
  });

  it("starts at a checkpoint offset, and follows the server when the list shifted", async () => {
    const src = fakeSource(50, 10);
    let shifted = false;
    const reader = createPageReader({
      start: 20,
      digest,
      fetch: async (offset) => {
        const page = await src.fetch(offset);
        // The page at 20 says the next one starts at 25 (e.g. rows moved): the read-ahead at 30 is dropped.
        if (offset === 20 && !shifted) { shifted = true; return { ...page, nextOffset: 25 }; }
        return page;
      },
    });
    const pages = await drain(reader);
    expect(pages.map((p) => p[0])).toEqual(["r20", "r25", "r35", "r45"]);
  });

  it("raises a failed page when it is consumed, not before", async () => {
    const src = fakeSource(30, 10);
    const reader = createPageReader({
      start: 0, digest,
      fetch: async (offset) => { if (offset === 20) throw new Error("boom"); return src.fetch(offset); },
    });
    expect((await reader.next())!.value[0]).toBe("r0");
    expect((await reader.next())!.value[0]).toBe("r10");
    await expect(reader.next()).rejects.toThrow("boom");
  });
});

describe("upsert index key", () => {
  it("packs MoySklad ids (and document:row pairs) into short distinct keys; other ids stay distinct", () => {
    const a = "8412a76a-0001-1100-0000-000000000000";
    const b = "fa22c969-0001-1101-0000-000000000000";
    expect(indexKey(a)).toHaveLength(17);
    expect(indexKey(`${a}:${b}`)).toHaveLength(33);
    expect(indexKey(`${a}:${b}`)).not.toBe(indexKey(`${b}:${a}`));
    expect(indexKey(`${a}:0`)).toBe(`=${a}:0`);
    expect(new Set([a, b, `${a}:${b}`, "x", "=x"].map(indexKey)).size).toBe(5);
  });
});
