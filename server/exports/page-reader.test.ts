import { describe, expect, it } from "vitest";
import { createPageReader, START_POSITION, type TReadObject, type TReadPosition } from "./page-reader";
import { indexKey } from "./run-export";
import type { TSourcePage } from "./ports";

/**
 * A MoySklad-like list ordered by `updated` (ms), paged by offset, filtered by `updated >=` with
 * one-second precision; `change(id)` gives a row a new, later `updated` (it moves to the end).
 */
function fakeList(size: number, limit: number, opts: { delayMs?: number; sameSecond?: boolean } = {}) {
  let clock = 1_000_000;
  const rows = Array.from({ length: size }, (_, i) => ({ id: `r${i}`, updated: opts.sameSecond ? 5_000_000 + i : (clock += 1000), version: 0 }));
  const requested: Array<[number | null, number]> = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const sorted = () => [...rows].sort((a, b) => a.updated - b.updated);
  const fetch = async (from: number | null, offset: number): Promise<TSourcePage> => {
    requested.push([from, offset]);
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    const list = sorted().filter((r) => from === null || r.updated >= Math.floor(from / 1000) * 1000);
    await new Promise((r) => setTimeout(r, opts.delayMs ?? 3));
    inFlight--;
    const page = list.slice(offset, offset + limit).map((r) => ({ ...r }));
    return { rows: page, total: list.length, limit, nextOffset: offset + limit < list.length ? offset + limit : null };
  };
  return {
    rows,
    fetch,
    requested,
    maxInFlight: () => maxInFlight,
    change: (id: string) => { const r = rows.find((x) => x.id === id)!; r.updated = (clock += 1000) + 10_000_000; r.version++; },
  };
}

const digest = (page: TSourcePage) => ({
  bytes: page.rows.length * 10,
  objects: page.rows.map((r): TReadObject<string> => ({ id: String(r.id), updatedMs: Number(r.updated), value: `${r.id}@${r.version}` })),
});

async function drain(reader: { next(): Promise<{ objects: TReadObject<string>[] } | null> }, onPage?: (n: number) => void): Promise<string[]> {
  const out: string[] = [];
  let n = 0;
  for (let p = await reader.next(); p; p = await reader.next()) {
    out.push(...p.objects.map((o) => o.value));
    onPage?.(n++);
  }
  return out;
}

describe("page reader", () => {
  it("reads every object once, in order, pages overlapping by one, fetched ahead within the concurrency bound", async () => {
    const src = fakeList(95, 10);
    const reader = createPageReader({ start: START_POSITION, fetch: src.fetch, digest, maxInFlight: 3 });
    expect(await drain(reader)).toEqual(src.rows.map((r) => `${r.id}@0`));
    expect(src.requested.map(([, o]) => o).sort((a, b) => a - b)).toEqual([0, 9, 18, 27, 36, 45, 54, 63, 72, 81, 90]);
    expect(src.maxInFlight()).toBe(3);
  });

  it("stops reading ahead when the buffered bytes reach the bound", async () => {
    const src = fakeList(1000, 10, { delayMs: 1 });
    const reader = createPageReader({ start: START_POSITION, fetch: src.fetch, digest, maxBufferedBytes: 300 });
    await reader.next();
    await new Promise((r) => setTimeout(r, 50));
    expect(src.requested.length).toBeLessThanOrEqual(4); // 100 bytes a page: ≤ 3 held or in flight
    reader.close();
  });

  it("loses nothing when documents already read change during the read (offset paging would skip one each)", async () => {
    const src = fakeList(60, 10);
    const reader = createPageReader({ start: START_POSITION, fetch: src.fetch, digest, maxInFlight: 1 });
    const got = await drain(reader, (n) => { if (n === 1) src.change("r3"); if (n === 3) { src.change("r20"); src.change("r25"); } });
    const ids = new Set(got.map((v) => v.split("@")[0]));
    expect(ids.size).toBe(60);
    expect(got).toContain("r3@1");
    expect(got).toContain("r25@1");
    expect(got.length).toBeLessThanOrEqual(63); // the changed ones at most once more, in their new version
  });

  it("the same with many documents in one second (the keyset filter has second precision)", async () => {
    const src = fakeList(40, 10, { sameSecond: true });
    const reader = createPageReader({ start: START_POSITION, fetch: src.fetch, digest, maxInFlight: 2 });
    const got = await drain(reader, (n) => { if (n === 1) src.change("r2"); });
    expect(new Set(got.map((v) => v.split("@")[0])).size).toBe(40);
    expect(got.filter((v) => !v.startsWith("r2@")).length).toBe(39); // no duplicates besides the changed one
  });

  it("resumes from a stored position exactly where it stopped", async () => {
    const src = fakeList(50, 10);
    const first = createPageReader({ start: START_POSITION, fetch: src.fetch, digest });
    const a = await first.next();
    const b = await first.next();
    first.close();
    const stored = JSON.parse(JSON.stringify(b!.next)) as TReadPosition;
    const resumed = createPageReader({ start: stored, fetch: src.fetch, digest });
    const rest = await drain(resumed);
    expect([...a!.objects, ...b!.objects].map((o) => o.value).concat(rest)).toEqual(src.rows.map((r) => `${r.id}@0`));
  });

  it("raises a failed page when it is consumed, not before", async () => {
    const src = fakeList(30, 10);
    const reader = createPageReader({
      start: START_POSITION, digest,
      fetch: async (from, offset) => { if (offset === 18) throw new Error("boom"); return src.fetch(from, offset); },
    });
    expect((await reader.next())!.objects[0]!.id).toBe("r0");
    expect((await reader.next())!.objects[0]!.id).toBe("r10");
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
    // Exactly the bytes of the hex digits; anything not a lowercase dashed UUID list is kept as it is.
    expect(indexKey(a)).toBe(String.fromCharCode(35, ...Buffer.from(a.replaceAll("-", ""), "hex")));
    for (const other of [a.toUpperCase(), a.replace("-", ""), `${a}:`, `:${a}`, `${a}-${b}`, a.replace("0001", "000g"), "", `${a.slice(0, 35)}:${b}`]) expect(indexKey(other)).toBe(`=${other}`);
  });
});
