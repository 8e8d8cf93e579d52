/**
 * Short-lived download links: `<payload>.<hmac>` where the payload carries the document, the user and the
 * expiry. The link alone is not enough: the download route also requires the same signed-in user and checks
 * their access to the deal again on every download.
 */
import { createHmac, timingSafeEqual } from "node:crypto";

export type TLinkPayload = { d: string; u: string; c: string; e: number };

function mac(secret: string, payload: string): string {
  return createHmac("sha256", `crm-download:${secret}`).update(payload).digest("base64url");
}

export function signDownloadToken(secret: string, p: { documentId: string; userId: string; companyId: string; ttlSeconds: number; now?: number }): { token: string; expiresAt: Date } {
  const e = Math.floor((p.now ?? Date.now()) / 1000) + p.ttlSeconds;
  const payload = Buffer.from(JSON.stringify({ d: p.documentId, u: p.userId, c: p.companyId, e } satisfies TLinkPayload)).toString("base64url");
  return { token: `${payload}.${mac(secret, payload)}`, expiresAt: new Date(e * 1000) };
}

export type TVerifyResult = { ok: true; payload: TLinkPayload } | { ok: false; reason: "malformed" | "signature" | "expired" };

export function verifyDownloadToken(secret: string, token: string, now = Date.now()): TVerifyResult {
  const [payload, sig, extra] = token.split(".");
  if (!payload || !sig || extra !== undefined) return { ok: false, reason: "malformed" };
  const expected = Buffer.from(mac(secret, payload));
  const given = Buffer.from(sig);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { ok: false, reason: "signature" };
  let p: TLinkPayload;
  try { p = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")); } catch { return { ok: false, reason: "malformed" }; }
  if (typeof p.e !== "number" || typeof p.d !== "string" || typeof p.u !== "string" || typeof p.c !== "string") return { ok: false, reason: "malformed" };
  if (p.e * 1000 < now) return { ok: false, reason: "expired" };
  return { ok: true, payload: p };
}
