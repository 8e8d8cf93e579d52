import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { gzipSync } from "node:zlib";

/** Response helpers shared by every simulator. */

export type THeaders = Record<string, string | number>;

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  options: { headers?: THeaders; contentType?: string; gzip?: boolean } = {},
): void {
  const payload = Buffer.from(JSON.stringify(body), "utf8");
  sendBuffer(res, status, payload, {
    headers: options.headers,
    contentType: options.contentType ?? "application/json; charset=utf-8",
    gzip: options.gzip,
  });
}

export function sendText(
  res: ServerResponse,
  status: number,
  text: string,
  options: { headers?: THeaders; contentType?: string } = {},
): void {
  sendBuffer(res, status, Buffer.from(text, "utf8"), {
    headers: options.headers,
    contentType: options.contentType ?? "text/plain; charset=utf-8",
  });
}

export function sendEmpty(res: ServerResponse, status: number, headers: THeaders = {}): void {
  res.writeHead(status, { ...headers, "Content-Length": 0 });
  res.end();
}

function sendBuffer(
  res: ServerResponse,
  status: number,
  payload: Buffer,
  options: { headers?: THeaders; contentType: string; gzip?: boolean },
): void {
  const body = options.gzip ? gzipSync(payload) : payload;
  const headers: THeaders = {
    "Content-Type": options.contentType,
    ...options.headers,
    "Content-Length": body.length,
  };
  if (options.gzip) {
    headers["Content-Encoding"] = "gzip";
    headers["Vary"] = "Accept-Encoding";
  }
  res.writeHead(status, headers);
  res.end(body);
}

/** Thrown by readBody once the whole (oversized) body was drained, so the caller can still answer. */
export class BodyTooLargeError extends Error {
  constructor(readonly limitBytes: number) {
    super(`request body exceeds ${limitBytes} bytes`);
    this.name = "BodyTooLargeError";
  }
}

export async function readBody(req: IncomingMessage, limitBytes = 20 * 1024 * 1024): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    // Keep draining past the limit: answering before the upload ends makes clients see a reset socket.
    if (size <= limitBytes) chunks.push(buf);
  }
  if (size > limitBytes) throw new BodyTooLargeError(limitBytes);
  return Buffer.concat(chunks);
}

/** Parses `Authorization: Bearer <token>`; undefined when absent or another scheme. */
export function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(.+)$/i.exec(header ?? "");
  return match ? match[1].trim() : undefined;
}

/** Parses `Authorization: Basic <base64(user:password)>` (UTF-8). */
export function basicCredentials(
  header: string | undefined,
): { username: string; password: string } | undefined {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(header ?? "");
  if (!match) return undefined;
  const decoded = Buffer.from(match[1], "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon < 0) return undefined;
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

export type TRunningServer = {
  host: string;
  port: number;
  /** `http://host:port` without a trailing slash. */
  url: string;
  close(): Promise<void>;
};

/** Starts a node:http server on host:port (port 0 = random) and resolves once it listens. */
export async function listen(
  handler: (req: IncomingMessage, res: ServerResponse) => void,
  options: { port?: number; host?: string } = {},
): Promise<TRunningServer> {
  const host = options.host ?? "127.0.0.1";
  const server: Server = createServer(handler);
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  return {
    host,
    port,
    url: `http://${host}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
