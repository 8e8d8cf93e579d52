/**
 * Deterministic primitives for the MoySklad dataset: hashing, a small PRNG, ids that encode
 * their type and index (so any entity can be found in O(1) without storing it), and the API's
 * Moscow-time date format (`YYYY-MM-DD HH:mm:ss.SSS`, MSK = UTC+3).
 */

/** 32-bit avalanche mix (splitmix32-style finaliser). */
export function mix32(value: number): number {
  let t = (value + 0x6d2b79f5) | 0;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return (t ^ (t >>> 14)) >>> 0;
}

/** Order-sensitive hash of several integers. */
export function hashInts(...parts: number[]): number {
  let h = 0x811c9dc5;
  for (const part of parts) h = mix32(h ^ mix32(part | 0) ^ Math.floor(part / 0x1_0000_0000));
  return h;
}

/** FNV-1a of a string, mixed. */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return mix32(h);
}

/** A float in [0, 1) derived from a hash. */
export function hashFloat(...parts: number[]): number {
  return hashInts(...parts) / 0x1_0000_0000;
}

/** mulberry32: tiny, fast, good enough for fixtures. */
export class Rng {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) | 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 0x1_0000_0000;
  }
  /** Integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  /** Integer in [min, max]. */
  range(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }
  /** Picks with weights (same length as items). */
  weighted<T>(items: readonly T[], weights: readonly number[]): T {
    const total = weights.reduce((a, b) => a + b, 0);
    let x = this.next() * total;
    for (let i = 0; i < items.length; i++) {
      x -= weights[i];
      if (x < 0) return items[i];
    }
    return items[items.length - 1];
  }
  digits(n: number): string {
    let out = "";
    for (let i = 0; i < n; i++) out += String(this.int(10));
    return out;
  }
  /** A MoySklad-looking external code (22 chars of base62). */
  externalCode(): string {
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    let out = "";
    for (let i = 0; i < 22; i++) out += alphabet[this.int(alphabet.length)];
    return out;
  }
}

const HEX_BYTE = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));

function hex8(value: number): string {
  const v = value >>> 0;
  return HEX_BYTE[v >>> 24] + HEX_BYTE[(v >>> 16) & 255] + HEX_BYTE[(v >>> 8) & 255] + HEX_BYTE[v & 255];
}

function hex4(value: number): string {
  return HEX_BYTE[(value >>> 8) & 255] + HEX_BYTE[value & 255];
}

/**
 * A UUID-shaped id `hhhhhhhh-tttt-11ss-uuuu-iiiiiiiiiiii`: hash, type code, salt (entity / position /
 * state / attribute …), sub-index, index. The hash part depends on the dataset seed, so two seeds
 * give different ids, and ids from another dataset are rejected by `decodeId`.
 */
export function makeId(seedHash: number, typeCode: number, index: number, salt = 0, sub = 0): string {
  const h = hashInts(seedHash, typeCode, index, salt, sub);
  return `${hex8(h)}-${hex4(typeCode)}-11${HEX_BYTE[salt & 255]}-${hex4(sub)}-${hex4(Math.floor(index / 0x1_0000_0000))}${hex8(index)}`;
}

const ID_RE = /^([0-9a-f]{8})-([0-9a-f]{4})-11([0-9a-f]{2})-([0-9a-f]{4})-([0-9a-f]{12})$/;

/** Inverse of `makeId` (only for ids this dataset could have made); undefined otherwise. */
export function decodeId(
  seedHash: number,
  id: string,
): { typeCode: number; index: number; salt: number; sub: number } | undefined {
  const m = ID_RE.exec(id);
  if (!m) return undefined;
  const typeCode = parseInt(m[2], 16);
  const salt = parseInt(m[3], 16);
  const sub = parseInt(m[4], 16);
  const index = parseInt(m[5], 16);
  if (makeId(seedHash, typeCode, index, salt, sub) !== id) return undefined;
  return { typeCode, index, salt, sub };
}

const MSK_OFFSET_MS = 3 * 60 * 60 * 1000;

const PAD2 = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, "0"));
const PAD3 = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, "0"));
const DAY_MS = 86_400_000;

/** Epoch ms → `YYYY-MM-DD HH:mm:ss.SSS` in Moscow time, as the API prints DateTime fields. */
export function formatMsk(ms: number): string {
  const local = ms + MSK_OFFSET_MS;
  const days = Math.floor(local / DAY_MS);
  let rest = local - days * DAY_MS;
  // civil-from-days (H. Hinnant), valid for the proleptic Gregorian calendar.
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  const h = Math.floor(rest / 3_600_000);
  rest -= h * 3_600_000;
  const mi = Math.floor(rest / 60_000);
  rest -= mi * 60_000;
  const sec = Math.floor(rest / 1000);
  const milli = rest - sec * 1000;
  return `${y}-${PAD2[m]}-${PAD2[d]} ${PAD2[h]}:${PAD2[mi]}:${PAD2[sec]}.${PAD3[milli]}`;
}

const MSK_RE = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?)?$/;

/** `YYYY-MM-DD[ HH:mm[:ss[.SSS]]]` in Moscow time → epoch ms; undefined when malformed. */
export function parseMsk(text: string): number | undefined {
  const m = MSK_RE.exec(text.trim());
  if (!m) return undefined;
  const [, y, mo, d, h = "0", mi = "0", s = "0", msText = "0"] = m;
  const ms = Number(msText.padEnd(3, "0"));
  const value = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), ms) - MSK_OFFSET_MS;
  if (Number.isNaN(value)) return undefined;
  const check = new Date(value + MSK_OFFSET_MS);
  if (check.getUTCMonth() !== Number(mo) - 1 || check.getUTCDate() !== Number(d)) return undefined;
  return value;
}

/** Valid Russian INN (10 digits for legal entities, 12 for individuals) with check digits. */
export function makeInn(rng: Rng, length: 10 | 12): string {
  const digits = Array.from({ length: length - (length === 10 ? 1 : 2) }, () => rng.int(10));
  if (digits[0] === 0) digits[0] = 7;
  const check = (weights: number[]) =>
    (weights.reduce((sum, w, i) => sum + w * digits[i], 0) % 11) % 10;
  if (length === 10) {
    digits.push(check([2, 4, 10, 3, 5, 9, 4, 6, 8]));
  } else {
    digits.push(check([7, 2, 4, 10, 3, 5, 9, 4, 6, 8]));
    digits.push(check([3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8]));
  }
  return digits.join("");
}
