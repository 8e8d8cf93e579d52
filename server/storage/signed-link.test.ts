import { describe, expect, it } from "vitest";
import { signDownloadToken, verifyDownloadToken } from "./signed-link";

const secret = "s".repeat(40);
const p = { documentId: "d1", userId: "u1", companyId: "c1", ttlSeconds: 60 };

describe("download links", () => {
  it("verify within their lifetime", () => {
    const { token } = signDownloadToken(secret, p);
    expect(verifyDownloadToken(secret, token)).toMatchObject({ ok: true, payload: { d: "d1", u: "u1", c: "c1" } });
  });

  it("expire", () => {
    const { token } = signDownloadToken(secret, { ...p, now: Date.now() - 120_000 });
    expect(verifyDownloadToken(secret, token)).toEqual({ ok: false, reason: "expired" });
  });

  it("refuse a tampered payload, another secret and garbage", () => {
    const { token } = signDownloadToken(secret, p);
    const [payload, sig] = token.split(".");
    const forged = Buffer.from(JSON.stringify({ d: "d2", u: "u1", c: "c1", e: 9_999_999_999 })).toString("base64url");
    expect(verifyDownloadToken(secret, `${forged}.${sig}`)).toEqual({ ok: false, reason: "signature" });
    expect(verifyDownloadToken("other".repeat(10), token)).toEqual({ ok: false, reason: "signature" });
    expect(verifyDownloadToken(secret, `${payload}`)).toEqual({ ok: false, reason: "malformed" });
    expect(verifyDownloadToken(secret, "a.b.c")).toEqual({ ok: false, reason: "malformed" });
  });
});
