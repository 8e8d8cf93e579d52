/**
 * Reading a MoySklad list (ordered by `updated`) for the export engine: fast, memory-flat, and exact while
 * the list changes under us.
 *
 * Read-ahead: while the engine transforms and writes one chunk, the next pages are already being fetched
 * (up to `maxInFlight` requests at once, paced by the rate limiter), so the run's wall time approaches what
 * the rate limits impose. Once the first page tells the page size and the list size, later offsets are
 * known in advance. Each page is reduced by `digest` as soon as it arrives (the raw API objects are dropped;
 * only sheet rows stay buffered), and the buffer is bounded by `maxBufferedBytes` (pages held plus those in
 * flight, estimated from the largest seen): memory stays flat whatever the list's size.
 *
 * Exactness: plain offset paging skips a row when a document already read changes during the run (it moves
 * to the end of the `updated` order and every later row shifts one place left). So consecutive pages
 * overlap by one object: a page starts at the previous page's last object. When that object is not where it
 * should be, the list has shifted: reading resumes by keyset — `updated >= <last object's updated>` from
 * offset 0 — skipping the objects already taken (earlier `updated`, or the same instant and already seen).
 * A document that changes during the run is read again at the end (in its new version); none is lost.
 *
 * The position after each page is plain JSON: the engine stores it in its checkpoint step and a resumed
 * run continues from it with the same guarantees.
 */
import type { TSourcePage } from "./ports";

/**
 * Where reading continues: the keyset lower bound (ms, null = none) and the offset within it; `anchorId`, the
 * last object of the previous page (the next page must start with it); `lastUpdatedMs` / `tieIds`, the newest
 * `updated` taken so far and the ids taken at exactly that instant (everything older was taken).
 */
export type TReadPosition = { from: number | null; offset: number; anchorId: string | null; lastUpdatedMs: number | null; tieIds: string[] };

export const START_POSITION: TReadPosition = { from: null, offset: 0, anchorId: null, lastUpdatedMs: null, tieIds: [] };

/** One object of a page as the engine keeps it (its digested rows in `value`). */
export type TReadObject<T> = { id: string; updatedMs: number | null; value: T };

export type TReadPage<T> = {
  /** The page's objects not taken before, in order. */
  objects: TReadObject<T>[];
  total: number;
  /** Where reading continues after this page; null after the last page. */
  next: TReadPosition | null;
};

type TFetched<T> = { objects: TReadObject<T>[]; total: number; limit: number; more: boolean; bytes: number };
type TSlot<T> = { from: number | null; offset: number; promise: Promise<TFetched<T>>; settled: boolean; bytes: number };

export type TPageReader<T> = {
  /** The next page in order (null after the last one). */
  next(): Promise<TReadPage<T> | null>;
  /** Stops reading ahead; pages in flight are ignored. */
  close(): void;
};

export function createPageReader<T>(opts: {
  start: TReadPosition;
  fetch: (from: number | null, offset: number) => Promise<TSourcePage>;
  /** Reduces a page to its objects as the engine keeps them; `bytes` sizes what is kept (buffer accounting). */
  digest: (page: TSourcePage) => { bytes: number; objects: TReadObject<T>[] };
  maxInFlight?: number;
  /** Raw size of the pages in flight at most (a 1000-document page is ~3 MB of JSON before it is parsed). */
  maxInFlightBytes?: number;
  maxBufferedBytes?: number;
}): TPageReader<T> {
  const maxInFlightCount = Math.max(1, opts.maxInFlight ?? 5);
  const maxInFlightBytes = opts.maxInFlightBytes ?? 8_000_000;
  let rawPerPage = 0;
  /** Fewer big pages at once: they cost memory, and a slow server answers them all late (timeouts). */
  const maxInFlight = () => (rawPerPage > 0 ? Math.max(1, Math.min(maxInFlightCount, Math.floor(maxInFlightBytes / rawPerPage))) : maxInFlightCount);
  const maxBufferedBytes = Math.max(1, opts.maxBufferedBytes ?? 4_000_000);
  const slots: TSlot<T>[] = [];
  let position: TReadPosition | null = opts.start;
  /** Learned from the first answer: page size and list size (for the current keyset bound). */
  let limit: number | null = null;
  let total: number | null = null;
  let closed = false;
  let bytesPerPage = 0;

  const stride = () => (limit !== null && limit > 1 ? limit - 1 : (limit ?? 1));
  const inFlight = () => slots.filter((s) => !s.settled).length;
  const buffered = () => slots.reduce((n, s) => n + (s.settled ? s.bytes : 0), 0);

  const issue = (from: number | null, offset: number) => {
    const slot = { from, offset, settled: false, bytes: 0 } as TSlot<T>;
    slot.promise = opts.fetch(from, offset).then((page) => {
      const d = opts.digest(page);
      rawPerPage = Math.max(rawPerPage, page.bytes ?? 0);
      const pageLimit = page.limit && page.limit > 0 ? page.limit : Math.max(1, page.rows.length);
      if (slots.includes(slot)) {
        // Only pages of the current keyset bound teach the sizes (a stale one may still arrive).
        if (page.limit && page.limit > 0) limit = page.limit;
        else if (limit === null) limit = pageLimit;
        total = page.total;
        bytesPerPage = Math.max(bytesPerPage, d.bytes);
      }
      return { objects: d.objects, total: page.total, limit: pageLimit, more: page.nextOffset !== null && page.rows.length > 0, bytes: d.bytes };
    });
    slot.promise.then(
      (p) => {
        slot.settled = true;
        slot.bytes = p.bytes;
        fill();
      },
      () => { slot.settled = true; },
    );
    slots.push(slot);
  };

  /** Issues requests for the predicted next offsets while the concurrency and buffer bounds allow. */
  const fill = () => {
    if (closed || position === null) return;
    if (slots.length === 0) {
      issue(position.from, position.offset);
      return;
    }
    if (limit === null || total === null) return; // wait for the first answer
    for (;;) {
      const last = slots[slots.length - 1]!;
      const offset = last.offset + stride();
      if (offset >= total - 1) return; // the last page already covers the end
      if (inFlight() >= maxInFlight()) return;
      if (buffered() + (inFlight() + 1) * bytesPerPage > maxBufferedBytes) return;
      issue(last.from, offset);
    }
  };

  /** The page's objects not taken yet; null when the list shifted under us (the anchor object moved). */
  const fresh = (pos: TReadPosition, objects: TReadObject<T>[]): TReadObject<T>[] | null => {
    let rest = objects;
    if (pos.offset > 0 && pos.anchorId !== null && stride() < (limit ?? 0)) {
      const at = objects.findIndex((o) => o.id === pos.anchorId);
      if (at < 0) return null;
      rest = objects.slice(at + 1);
    }
    if (pos.lastUpdatedMs === null) return rest;
    const last = pos.lastUpdatedMs;
    const ties = new Set(pos.tieIds);
    return rest.filter((o) => !(o.updatedMs !== null && (o.updatedMs < last || (o.updatedMs === last && ties.has(o.id)))));
  };

  const after = (pos: TReadPosition, page: TFetched<T>, taken: TReadObject<T>[]): TReadPosition | null => {
    if (!page.more || page.objects.length === 0) return null;
    let { lastUpdatedMs, tieIds } = pos;
    const newest = taken.length ? taken[taken.length - 1]!.updatedMs : null;
    if (newest !== null) {
      const ties = taken.filter((o) => o.updatedMs === newest).map((o) => o.id);
      tieIds = newest === lastUpdatedMs ? [...tieIds, ...ties] : ties;
      lastUpdatedMs = newest;
    }
    return { from: pos.from, offset: pos.offset + stride(), anchorId: page.objects[page.objects.length - 1]!.id, lastUpdatedMs, tieIds };
  };

  return {
    async next() {
      if (closed) throw new Error("page reader closed");
      for (;;) {
        const pos: TReadPosition | null = position;
        if (pos === null) return null;
        if (slots.length === 0 || slots[0]!.from !== pos.from || slots[0]!.offset !== pos.offset) {
          slots.length = 0;
          issue(pos.from, pos.offset);
        }
        fill();
        const page = await slots[0]!.promise;
        slots.shift();
        const objects = fresh(pos, page.objects);
        if (objects === null) {
          // The list shifted: continue by keyset from the last object taken; what was read ahead is stale.
          slots.length = 0;
          total = null;
          position = { ...pos, from: pos.lastUpdatedMs ?? pos.from, offset: 0, anchorId: null };
          continue;
        }
        position = after(pos, page, objects);
        if (position && slots.length && (slots[0]!.from !== position.from || slots[0]!.offset !== position.offset)) slots.length = 0;
        fill();
        return { objects, total: page.total, next: position };
      }
    },
    close() {
      closed = true;
      slots.length = 0;
    },
  };
}
