/**
 * A small S3-compatible client (path-style buckets, AWS Signature V4): PutObject, GetObject, DeleteObject,
 * HeadObject, ListObjectsV2 — what the document store needs, without an SDK. Knows nothing of the database.
 * Errors are UpstreamError with Russian user messages; the secret key never appears in errors or logs.
 */
import { UpstreamError, redactSecrets, type TUpstreamErrorKind } from "../errors";
import { amzDate, canonicalQuery, sha256Hex, signRequest, uriEncode } from "./sigv4";

export type TS3Config = {
  /** `https://storage.example.ru` (path-style: the bucket goes into the path). */
  endpoint: string;
  region: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** Per-request timeout, ms (default 30 s). */
  timeoutMs?: number;
};

export type TS3Object = { key: string; size: number; etag: string; lastModified: Date };

type TRequest = { method: "GET" | "PUT" | "DELETE" | "HEAD"; key?: string; query?: Record<string, string>; body?: Buffer; contentType?: string };

function xmlText(xml: string, tag: string): string | undefined {
  const m = new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`).exec(xml);
  return m ? decodeXml(m[1]!) : undefined;
}

function decodeXml(s: string): string {
  return s.replace(/&(lt|gt|quot|apos|amp|#\d+|#x[0-9a-f]+);/gi, (_, e: string) => {
    if (e[0] === "#") return String.fromCodePoint(e[1] === "x" || e[1] === "X" ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
    return ({ lt: "<", gt: ">", quot: '"', apos: "'", amp: "&" } as Record<string, string>)[e.toLowerCase()]!;
  });
}

export class S3Client {
  private readonly base: URL;

  constructor(private readonly config: TS3Config) {
    try {
      this.base = new URL(config.endpoint);
    } catch {
      throw new UpstreamError({ provider: "s3", kind: "invalid_config", userMessage: "Адрес S3-хранилища указан неверно" });
    }
    if (!config.bucket || !config.accessKeyId || !config.secretAccessKey) {
      throw new UpstreamError({ provider: "s3", kind: "invalid_config", userMessage: "Не заданы бакет или ключи доступа S3-хранилища" });
    }
  }

  private path(key?: string): string {
    const prefix = this.base.pathname.replace(/\/+$/, "");
    return `${prefix}/${uriEncode(this.config.bucket)}${key === undefined ? "" : `/${uriEncode(key, false)}`}`;
  }

  private async send(req: TRequest): Promise<Response> {
    const body = req.body ?? Buffer.alloc(0);
    const path = this.path(req.key);
    const headers: Record<string, string> = {
      host: this.base.host,
      "x-amz-date": amzDate(new Date()),
      "x-amz-content-sha256": sha256Hex(body),
    };
    if (req.contentType) headers["content-type"] = req.contentType;
    const { authorization } = signRequest({
      method: req.method, path, query: req.query, headers, payloadHash: headers["x-amz-content-sha256"]!,
      region: this.config.region, accessKeyId: this.config.accessKeyId, secretAccessKey: this.config.secretAccessKey,
    });
    const qs = canonicalQuery(req.query);
    const url = `${this.base.protocol}//${this.base.host}${path}${qs ? `?${qs}` : ""}`;
    const { host: _host, ...sent } = headers;
    let res: Response;
    try {
      res = await fetch(url, {
        method: req.method, headers: { ...sent, authorization },
        body: req.method === "PUT" ? new Uint8Array(body) : undefined,
        signal: AbortSignal.timeout(this.config.timeoutMs ?? 30_000),
      });
    } catch (err) {
      const timeout = err instanceof Error && (err.name === "TimeoutError" || err.name === "AbortError");
      throw new UpstreamError({
        provider: "s3", kind: timeout ? "timeout" : "unreachable",
        userMessage: timeout ? "S3-хранилище не ответило вовремя" : "S3-хранилище недоступно",
        detail: redactSecrets(err instanceof Error ? err.message : String(err), [this.config.secretAccessKey]),
      });
    }
    if (res.ok) return res;
    if (req.method === "HEAD" && res.status === 404) return res;
    const text = req.method === "HEAD" ? "" : await res.text().catch(() => "");
    const code = xmlText(text, "Code") ?? `HTTP ${res.status}`;
    const kind: TUpstreamErrorKind = res.status === 404 ? "not_found"
      : res.status === 403 ? (["InvalidAccessKeyId", "SignatureDoesNotMatch"].includes(code) ? "auth" : "forbidden")
      : res.status === 429 || code === "SlowDown" ? "rate_limited"
      : res.status >= 500 ? "server_error" : "bad_response";
    const userMessage = kind === "not_found" ? (code === "NoSuchBucket" ? "Бакет S3-хранилища не найден" : "Файл не найден в S3-хранилище")
      : kind === "auth" ? "S3-хранилище отклонило ключи доступа: проверьте ключ и секрет"
      : kind === "forbidden" ? "Нет доступа к бакету S3-хранилища"
      : kind === "rate_limited" ? "S3-хранилище просит повторить позже"
      : kind === "server_error" ? "Ошибка на стороне S3-хранилища" : "S3-хранилище вернуло неожиданный ответ";
    throw new UpstreamError({
      provider: "s3", kind, status: res.status, userMessage,
      detail: redactSecrets(`${req.method} ${code}: ${xmlText(text, "Message") ?? ""}`, [this.config.secretAccessKey]),
    });
  }

  async putObject(key: string, body: Buffer, contentType = "application/octet-stream"): Promise<{ etag: string }> {
    const res = await this.send({ method: "PUT", key, body, contentType });
    await res.arrayBuffer();
    return { etag: res.headers.get("etag") ?? "" };
  }

  async getObject(key: string): Promise<Buffer> {
    const res = await this.send({ method: "GET", key });
    return Buffer.from(await res.arrayBuffer());
  }

  async deleteObject(key: string): Promise<void> {
    const res = await this.send({ method: "DELETE", key });
    await res.arrayBuffer();
  }

  /** The object's metadata, or null when there is no such object. */
  async headObject(key: string): Promise<{ size: number; etag: string; lastModified: Date } | null> {
    const res = await this.send({ method: "HEAD", key });
    if (res.status === 404) return null;
    return {
      size: Number(res.headers.get("content-length") ?? 0),
      etag: res.headers.get("etag") ?? "",
      lastModified: new Date(res.headers.get("last-modified") ?? 0),
    };
  }

  /** One page of ListObjectsV2. */
  async listObjectsV2(opts: { prefix?: string; continuationToken?: string; maxKeys?: number } = {}): Promise<{ objects: TS3Object[]; nextContinuationToken?: string }> {
    const query: Record<string, string> = { "list-type": "2" };
    if (opts.prefix) query.prefix = opts.prefix;
    if (opts.continuationToken) query["continuation-token"] = opts.continuationToken;
    if (opts.maxKeys) query["max-keys"] = String(opts.maxKeys);
    const xml = await (await this.send({ method: "GET", query })).text();
    if (!xml.includes("<ListBucketResult")) throw new UpstreamError({ provider: "s3", kind: "bad_response", userMessage: "S3-хранилище вернуло неожиданный ответ" });
    const objects = [...xml.matchAll(/<Contents>([\s\S]*?)<\/Contents>/g)].map((m) => ({
      key: xmlText(m[1]!, "Key") ?? "",
      size: Number(xmlText(m[1]!, "Size") ?? 0),
      etag: xmlText(m[1]!, "ETag") ?? "",
      lastModified: new Date(xmlText(m[1]!, "LastModified") ?? 0),
    }));
    const truncated = xmlText(xml, "IsTruncated") === "true";
    return { objects, nextContinuationToken: truncated ? xmlText(xml, "NextContinuationToken") : undefined };
  }

  /** Every object under a prefix, page by page. */
  async *listAll(prefix?: string): AsyncGenerator<TS3Object> {
    let token: string | undefined;
    do {
      const page = await this.listObjectsV2({ prefix, continuationToken: token });
      yield* page.objects;
      token = page.nextContinuationToken;
    } while (token);
  }
}
