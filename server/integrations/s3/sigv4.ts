/**
 * AWS Signature Version 4 for S3 requests (header-based, signed payload hash). Pure functions over
 * node:crypto; the client (client.ts) uses them to sign every request.
 * Spec: https://docs.aws.amazon.com/AmazonS3/latest/API/sig-v4-header-based-auth.html
 */
import { createHash, createHmac } from "node:crypto";

export const EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

export function sha256Hex(data: Buffer | string): string {
  return createHash("sha256").update(data).digest("hex");
}

function hmac(key: Buffer | string, data: string): Buffer {
  return createHmac("sha256", key).update(data, "utf8").digest();
}

/** RFC 3986 encoding as S3 expects it (unreserved characters stay, everything else %XX). */
export function uriEncode(s: string, encodeSlash = true): string {
  let out = "";
  for (const ch of Buffer.from(s, "utf8")) {
    const c = String.fromCharCode(ch);
    if (/[A-Za-z0-9\-._~]/.test(c)) out += c;
    else if (c === "/" && !encodeSlash) out += c;
    else out += `%${ch.toString(16).toUpperCase().padStart(2, "0")}`;
  }
  return out;
}

/** `20130524T000000Z` */
export function amzDate(d: Date): string {
  return d.toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "");
}

export type TSignInput = {
  method: string;
  /** The path exactly as sent (already URI-encoded), e.g. `/bucket/a%20b.txt`. */
  path: string;
  /** Query parameters (not encoded); sorted and encoded here. */
  query?: Record<string, string>;
  /** Headers to sign (names any case); must include host, x-amz-date and x-amz-content-sha256. */
  headers: Record<string, string>;
  payloadHash: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  service?: string;
};

export function canonicalQuery(query: Record<string, string> = {}): string {
  return Object.entries(query)
    .map(([k, v]) => [uriEncode(k), uriEncode(v)] as const)
    .sort(([a, av], [b, bv]) => (a < b ? -1 : a > b ? 1 : av < bv ? -1 : av > bv ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join("&");
}

export function canonicalRequest(input: Pick<TSignInput, "method" | "path" | "query" | "headers" | "payloadHash">): { text: string; signedHeaders: string } {
  const entries = Object.entries(input.headers)
    .map(([k, v]) => [k.toLowerCase(), v.trim().replace(/\s+/g, " ")] as const)
    .sort(([a], [b]) => (a < b ? -1 : 1));
  const signedHeaders = entries.map(([k]) => k).join(";");
  const text = [
    input.method.toUpperCase(),
    input.path || "/",
    canonicalQuery(input.query),
    entries.map(([k, v]) => `${k}:${v}\n`).join(""),
    signedHeaders,
    input.payloadHash,
  ].join("\n");
  return { text, signedHeaders };
}

export function signingKey(secretAccessKey: string, day: string, region: string, service = "s3"): Buffer {
  return hmac(hmac(hmac(hmac(`AWS4${secretAccessKey}`, day), region), service), "aws4_request");
}

/** The signature and the Authorization header value for a request. */
export function signRequest(input: TSignInput): { authorization: string; signature: string; canonical: string } {
  const date = input.headers["x-amz-date"] ?? Object.entries(input.headers).find(([k]) => k.toLowerCase() === "x-amz-date")?.[1];
  if (!date) throw new Error("x-amz-date header is required");
  const day = date.slice(0, 8);
  const service = input.service ?? "s3";
  const scope = `${day}/${input.region}/${service}/aws4_request`;
  const { text, signedHeaders } = canonicalRequest(input);
  const stringToSign = ["AWS4-HMAC-SHA256", date, scope, sha256Hex(text)].join("\n");
  const signature = createHmac("sha256", signingKey(input.secretAccessKey, day, input.region, service)).update(stringToSign, "utf8").digest("hex");
  return {
    signature,
    canonical: text,
    authorization: `AWS4-HMAC-SHA256 Credential=${input.accessKeyId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`,
  };
}
