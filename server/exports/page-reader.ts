/**
 * Read-ahead over MoySklad list pages for the export engine: while the engine transforms and writes one
 * chunk, the next pages are already being fetched (up to `maxInFlight` requests at once, which the rate
 * limiter paces), so the run's wall time approaches what the rate limits impose.
 *
 * Pages are consumed strictly in offset order. Once the first page tells the list's size and page size,
 * later offsets are known in advance and fetched concurrently. Each page is reduced by `digest` as soon as
 * it arrives (the raw API objects are dropped; only sheet rows stay buffered), and the buffer is bounded
 * by `maxBufferedBytes` (digested pages held plus those in flight, estimated from the largest seen):
 * memory stays flat whatever the list's size.
 *
 * If a page comes back with a `nextOffset` other than the one predicted (the list changed under us), the
 * pages fetched ahead are dropped and reading continues from the offset the server gave.
 */
import type { TSourcePage } from "./ports";

export type TDigestedPage<T> = { offset: number; nextOffset: number | null; total: number; bytes: number; value: T };

type TSlot<T> = { offset: number; promise: Promise<TDigestedPage<T>>; settled: boolean };

export type TPageReader<T> = {
  /** The next page in order (null after the last one). */
  next(): Promise<TDigestedPage<T> | null>;
  /** Stops reading ahead; pages in flight are ignored. */
  close(): void;
};

export function createPageReader<T>(opts: {
  start: number;
  fetch: (offset: number) => Promise<TSourcePage>;
  /** Reduces a page to what the engine keeps; `bytes` is the size of what is kept (buffer accounting). */
  digest: (page: TSourcePage) => { bytes: number; value: T };
  maxInFlight?: number;
  maxBufferedBytes?: number;
}): TPageReader<T> {
  const maxInFlight = Math.max(1, opts.maxInFlight ?? 5);
  const maxBufferedBytes = Math.max(1, opts.maxBufferedBytes ?? 4_000_000);
  const slots: TSlot<T>[] = [];
  /** Offset the next consumed page must start at (null: the list is exhausted). */
  let expected: number | null = opts.start;
  /** Learned from the first page: page size and list size (null until then). */
  let pageSize: number | null = null;
  let total: number | null = null;
  let closed = false;
  let bufferedBytes = 0;
  let bytesPerPage = 0;

  const inFlight = () => slots.filter((s) => !s.settled).length;

  const issue = (offset: number) => {
    const slot: TSlot<T> = {
      offset,
      settled: false,
      promise: opts.fetch(offset).then((page) => {
        const d = opts.digest(page);
        if (page.limit && page.limit > 0) pageSize = page.limit;
        total = page.total;
        bytesPerPage = Math.max(bytesPerPage, d.bytes);
        return { offset, nextOffset: page.nextOffset, total: page.total, bytes: d.bytes, value: d.value };
      }),
    };
    slot.promise.then(
      (p) => {
        slot.settled = true;
        if (!closed && slots.includes(slot)) bufferedBytes += p.bytes;
        fill();
      },
      () => { slot.settled = true; },
    );
    slots.push(slot);
  };

  /** Issues requests for predicted offsets while the concurrency and buffer bounds allow. */
  const fill = () => {
    if (closed || expected === null) return;
    if (slots.length === 0) {
      issue(expected);
      return;
    }
    if (pageSize === null || total === null) return; // wait for the first answer
    for (;;) {
      const last = slots[slots.length - 1]!;
      const offset = last.offset + pageSize;
      if (offset >= total) return;
      if (inFlight() >= maxInFlight) return;
      // What is already buffered plus what the pages in flight and this one will bring.
      if (bufferedBytes + (inFlight() + 1) * bytesPerPage > maxBufferedBytes) return;
      issue(offset);
    }
  };

  return {
    async next() {
      if (closed) throw new Error("page reader closed");
      if (expected === null) return null;
      if (slots.length === 0 || slots[0]!.offset !== expected) {
        slots.length = 0;
        bufferedBytes = 0;
        issue(expected);
      }
      fill();
      const slot = slots[0]!;
      const page = await slot.promise;
      slots.shift();
      bufferedBytes = Math.max(0, bufferedBytes - page.bytes);
      expected = page.nextOffset;
      if (expected === null) {
        slots.length = 0;
      } else if (slots.length && slots[0]!.offset !== expected) {
        // The list shifted: what was read ahead is stale.
        slots.length = 0;
        bufferedBytes = 0;
      }
      fill();
      return page;
    },
    close() {
      closed = true;
      slots.length = 0;
    },
  };
}
