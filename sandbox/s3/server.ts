/**
 * S3-compatible simulator: path-style buckets (`/<bucket>/<key>`), PutObject, GetObject, DeleteObject,
 * HeadObject, ListObjectsV2 (with prefix, max-keys and continuation tokens). Every request must carry a valid
 * AWS Signature V4 (Authorization header): the simulator recomputes the signature from the raw request with its
 * own implementation below and answers 403 with the S3 XML error (InvalidAccessKeyId, SignatureDoesNotMatch,
 * AccessDenied, RequestTimeTooSkewed) otherwise; a body that doesn't match x-amz-content-sha256 is refused with 400.
 * Objects live in memory (base64 in the JSON state).
 */
import { createHash, createHmac, randomUUID, timingSafeEqual } from "node:crypto";
import type { ServerResponse } from "node:http";
import { defineSimulator } from "../lib/simulator";
import type { TRequestContext } from "../lib/router";

export const s3Demo = {
  region: "ru-central1",
  bucket: "pult-documents",
  accessKeyId: "PULTSANDBOXACCESSKEY",
  secretAccessKey: "pult-sandbox-s3-secret-key-0123456789abcdef",
} as const;

type TStoredObject = { data: string; contentType: string; etag: string; lastModified: string };

export type TS3SimState = {
  credentials: { accessKeyId: string; secretAccessKey: string }[];
  buckets: Record<string, Record<string, TStoredObject>>;
  /** Largest ListObjectsV2 page (S3's is 1000). */
  maxKeysLimit: number;
};

const hex = (d: Buffer | string) => createHash("sha256").update(d).digest("hex");
const mac = (k: Buffer | string, d: string) => createHmac("sha256", k).update(d, "utf8").digest();

/** RFC 3986 encoding (S3's UriEncode). */
function enc(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function xmlEscape(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&apos;");
}

function sendXml(res: ServerResponse, status: number, xml: string, headers: Record<string, string> = {}): void {
  const body = Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>\n${xml}`, "utf8");
  res.writeHead(status, { "Content-Type": "application/xml", "Content-Length": body.length, "x-amz-request-id": randomUUID(), ...headers });
  res.end(body);
}

function s3Error(ctx: Pick<TRequestContext, "res" | "method" | "path">, status: number, code: string, message: string): void {
  if (ctx.method === "HEAD") {
    ctx.res.writeHead(status, { "Content-Length": 0, "x-amz-error-code": code });
    ctx.res.end();
    return;
  }
  sendXml(ctx.res, status, `<Error><Code>${code}</Code><Message>${xmlEscape(message)}</Message><Resource>${xmlEscape(ctx.path)}</Resource><RequestId>${randomUUID()}</RequestId></Error>`);
}

/** Checks the request's SigV4 signature; returns an error (code, message, status) or null when valid. */
export function verifySigV4(ctx: Omit<TRequestContext, "params">, state: TS3SimState, now = Date.now()): { status: number; code: string; message: string } | null {
  const auth = ctx.header("authorization");
  if (!auth) return { status: 403, code: "AccessDenied", message: "Access Denied: the request is not signed" };
  const m = /^AWS4-HMAC-SHA256 Credential=([^/,\s]+)\/(\d{8})\/([^/]+)\/s3\/aws4_request,\s*SignedHeaders=([a-z0-9;-]+),\s*Signature=([0-9a-f]{64})$/.exec(auth);
  if (!m) return { status: 400, code: "AuthorizationHeaderMalformed", message: "The authorization header is malformed" };
  const [, accessKeyId, day, region, signedHeaders, signature] = m as unknown as [string, string, string, string, string, string];
  const cred = state.credentials.find((c) => c.accessKeyId === accessKeyId);
  if (!cred) return { status: 403, code: "InvalidAccessKeyId", message: "The AWS Access Key Id you provided does not exist in our records." };
  const date = ctx.header("x-amz-date") ?? "";
  const t = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(date);
  if (!t || !date.startsWith(day)) return { status: 403, code: "AccessDenied", message: "x-amz-date is missing or does not match the credential scope" };
  const at = Date.UTC(+t[1]!, +t[2]! - 1, +t[3]!, +t[4]!, +t[5]!, +t[6]!);
  if (Math.abs(now - at) > 15 * 60_000) return { status: 403, code: "RequestTimeTooSkewed", message: "The difference between the request time and the current time is too large." };
  const names = signedHeaders.split(";");
  if (!names.includes("host") || !names.includes("x-amz-date")) return { status: 403, code: "AccessDenied", message: "host and x-amz-date must be signed" };
  const payloadHash = ctx.header("x-amz-content-sha256");
  if (!payloadHash) return { status: 400, code: "InvalidRequest", message: "Missing required header for this request: x-amz-content-sha256" };
  if (payloadHash !== "UNSIGNED-PAYLOAD" && payloadHash !== hex(ctx.body)) return { status: 400, code: "XAmzContentSHA256Mismatch", message: "The provided 'x-amz-content-sha256' header does not match what was computed." };
  const rawUrl = ctx.req.url ?? "/";
  const q = rawUrl.indexOf("?");
  const rawPath = q >= 0 ? rawUrl.slice(0, q) : rawUrl;
  const rawQuery = q >= 0 ? rawUrl.slice(q + 1) : "";
  const query = rawQuery.split("&").filter(Boolean).map((p) => {
    const i = p.indexOf("=");
    const k = decodeURIComponent((i >= 0 ? p.slice(0, i) : p).replace(/\+/g, " "));
    const v = i >= 0 ? decodeURIComponent(p.slice(i + 1).replace(/\+/g, " ")) : "";
    return `${enc(k)}=${enc(v)}`;
  }).sort().join("&");
  const headerLines = names.map((n) => `${n}:${(ctx.header(n) ?? "").trim().replace(/\s+/g, " ")}\n`).join("");
  const canonical = [ctx.method, rawPath, query, headerLines, signedHeaders, payloadHash].join("\n");
  const toSign = ["AWS4-HMAC-SHA256", date, `${day}/${region}/s3/aws4_request`, hex(canonical)].join("\n");
  const key = mac(mac(mac(mac(`AWS4${cred.secretAccessKey}`, day), region), "s3"), "aws4_request");
  const expected = createHmac("sha256", key).update(toSign, "utf8").digest("hex");
  if (!timingSafeEqual(Buffer.from(expected), Buffer.from(signature))) {
    return { status: 403, code: "SignatureDoesNotMatch", message: "The request signature we calculated does not match the signature you provided. Check your key and signing method." };
  }
  return null;
}

function objectHeaders(o: TStoredObject): Record<string, string | number> {
  return { "Content-Type": o.contentType, ETag: o.etag, "Last-Modified": new Date(o.lastModified).toUTCString(), "Content-Length": Buffer.from(o.data, "base64").length };
}

export const s3Simulator = defineSimulator<TS3SimState>({
  name: "s3",
  maxBodyBytes: 64 * 1024 * 1024,
  createState: () => ({
    credentials: [{ accessKeyId: s3Demo.accessKeyId, secretAccessKey: s3Demo.secretAccessKey }],
    buckets: { [s3Demo.bucket]: {} },
    maxKeysLimit: 1000,
  }),
  notFound: (ctx) => s3Error(ctx, 404, "NoSuchKey", "Unknown route"),
  onError: (ctx, error) => s3Error(ctx, 500, "InternalError", error instanceof Error ? error.message : String(error)),
  admin: (router, sim) => {
    // Test helper: the objects of a bucket without signing (keys and sizes).
    router.get("/__sandbox/objects", ({ res, query }) => {
      const bucket = sim.state.buckets[query.get("bucket") ?? s3Demo.bucket] ?? {};
      const body = Buffer.from(JSON.stringify(Object.entries(bucket).map(([key, o]) => ({ key, size: Buffer.from(o.data, "base64").length }))));
      res.writeHead(200, { "Content-Type": "application/json", "Content-Length": body.length });
      res.end(body);
    });
  },
  routes: (router, sim) => {
    router.all(/^\/(?<bucket>[^/]+)(?<rest>\/.*)?$/, (ctx) => {
      const denied = verifySigV4(ctx, sim.state);
      if (denied) return s3Error(ctx, denied.status, denied.code, denied.message);
      const bucketName = decodeURIComponent(ctx.params.bucket!);
      const bucket = sim.state.buckets[bucketName];
      if (!bucket) return s3Error(ctx, 404, "NoSuchBucket", "The specified bucket does not exist");
      const key = ctx.params.rest && ctx.params.rest !== "/" ? decodeURIComponent(ctx.params.rest.slice(1)) : "";
      if (!key) {
        if (ctx.method !== "GET" || ctx.query.get("list-type") !== "2") return s3Error(ctx, 400, "InvalidRequest", "Only ListObjectsV2 (list-type=2) is supported on a bucket");
        const prefix = ctx.query.get("prefix") ?? "";
        const maxKeys = Math.min(Number(ctx.query.get("max-keys") ?? 1000) || 1000, sim.state.maxKeysLimit);
        const after = ctx.query.get("continuation-token") ? Buffer.from(ctx.query.get("continuation-token")!, "base64url").toString("utf8") : "";
        const keys = Object.keys(bucket).filter((k) => k.startsWith(prefix) && k > after).sort();
        const page = keys.slice(0, maxKeys);
        const truncated = keys.length > page.length;
        const contents = page.map((k) => {
          const o = bucket[k]!;
          return `<Contents><Key>${xmlEscape(k)}</Key><LastModified>${o.lastModified}</LastModified><ETag>${xmlEscape(o.etag)}</ETag><Size>${Buffer.from(o.data, "base64").length}</Size><StorageClass>STANDARD</StorageClass></Contents>`;
        }).join("");
        return sendXml(ctx.res, 200, `<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>${xmlEscape(bucketName)}</Name><Prefix>${xmlEscape(prefix)}</Prefix><KeyCount>${page.length}</KeyCount><MaxKeys>${maxKeys}</MaxKeys><IsTruncated>${truncated}</IsTruncated>${contents}${truncated ? `<NextContinuationToken>${Buffer.from(page[page.length - 1]!, "utf8").toString("base64url")}</NextContinuationToken>` : ""}</ListBucketResult>`);
      }
      const obj = bucket[key];
      switch (ctx.method) {
        case "PUT": {
          const etag = `"${createHash("md5").update(ctx.body).digest("hex")}"`;
          bucket[key] = { data: ctx.body.toString("base64"), contentType: ctx.header("content-type") ?? "application/octet-stream", etag, lastModified: new Date().toISOString() };
          ctx.res.writeHead(200, { ETag: etag, "Content-Length": 0 });
          ctx.res.end();
          return;
        }
        case "GET": {
          if (!obj) return s3Error(ctx, 404, "NoSuchKey", "The specified key does not exist.");
          ctx.res.writeHead(200, objectHeaders(obj));
          ctx.res.end(Buffer.from(obj.data, "base64"));
          return;
        }
        case "HEAD": {
          if (!obj) return s3Error(ctx, 404, "NoSuchKey", "The specified key does not exist.");
          ctx.res.writeHead(200, objectHeaders(obj));
          ctx.res.end();
          return;
        }
        case "DELETE": {
          delete bucket[key];
          ctx.res.writeHead(204, { "Content-Length": 0 });
          ctx.res.end();
          return;
        }
        default:
          return s3Error(ctx, 405, "MethodNotAllowed", "The specified method is not allowed against this resource.");
      }
    });
  },
});
