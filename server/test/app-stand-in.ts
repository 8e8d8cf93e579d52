/**
 * Tests only: a stand-in for the web app that serves the real route handlers MoySklad and Telegram call
 * (app/api/automations/moysklad/[companyId]/[secret], app/api/telegram/[companyId]) on a random port, and
 * points APP_URL at it, so simulator webhooks reach our code as in production.
 */
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { resetEnvCache } from "../env";
import { POST as moyskladWebhook } from "../../app/api/automations/moysklad/[companyId]/[secret]/route";
import { POST as telegramUpdate } from "../../app/api/telegram/[companyId]/route";

async function toRequest(req: IncomingMessage, url: string): Promise<Request> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const headers = new Headers();
  for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
  return new Request(url, { method: req.method, headers, body: chunks.length ? Buffer.concat(chunks) : undefined });
}

/** `hits`: every request served, with its status and how long the answer took (ms). */
export async function startAppStandIn(): Promise<{ url: string; hits: { path: string; status: number; ms: number }[]; stop(): Promise<void> }> {
  const hits: { path: string; status: number; ms: number }[] = [];
  const server = createServer((req, res) => {
    const t0 = performance.now();
    void (async () => {
      const url = `http://127.0.0.1${req.url}`;
      const path = new URL(url).pathname;
      let response: Response;
      const ms = /^\/api\/automations\/moysklad\/([^/]+)\/([^/]+)$/.exec(path);
      const tg = /^\/api\/telegram\/([^/]+)$/.exec(path);
      if (req.method === "POST" && ms) response = await moyskladWebhook(await toRequest(req, url), { params: Promise.resolve({ companyId: ms[1]!, secret: ms[2]! }) });
      else if (req.method === "POST" && tg) response = await telegramUpdate(await toRequest(req, url), { params: Promise.resolve({ companyId: tg[1]! }) });
      else response = new Response("not found", { status: 404 });
      hits.push({ path, status: response.status, ms: performance.now() - t0 });
      res.writeHead(response.status, { "Content-Type": "application/json" });
      res.end(Buffer.from(await response.arrayBuffer()));
    })().catch((error: unknown) => {
      res.writeHead(500);
      res.end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  process.env.APP_URL = url;
  resetEnvCache();
  return {
    url,
    hits,
    stop: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}

/** Polls `fn` until it returns a truthy value (or fails after `timeoutMs`). */
export async function waitFor<T>(fn: () => Promise<T | null | undefined | false>, timeoutMs = 30_000, what = "condition"): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (value) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
