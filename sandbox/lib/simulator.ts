import type { IncomingMessage, ServerResponse } from "node:http";
import { BodyTooLargeError, listen, readBody, sendJson } from "./http";
import { createContext, Router, type TRequestContext } from "./router";

/**
 * The skeleton every simulator is built on: a node:http server, a router, an in-memory
 * state object (JSON-friendly, replaced on reset), a log of received requests, and an
 * admin API under `/__sandbox/...` for tests and the demo:
 *
 *   GET    /__sandbox/state      current state
 *   POST   /__sandbox/seed       merge a JSON object into the state (top-level keys replaced)
 *   POST   /__sandbox/reset      back to the initial state (plus persistent seeds); clears the request log and limiters
 *   GET    /__sandbox/requests   requests received so far (admin calls excluded)
 *   DELETE /__sandbox/requests   clear the request log
 */

export type TRecordedRequest = {
  at: string;
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  body: string;
};

export type TSimulatorContext<S> = {
  /** The current state (a new object after each reset). */
  readonly state: S;
  /** Registers a callback run on reset (e.g. to clear rate limiter counters). */
  onReset(fn: () => void): void;
};

export type TSimulatorDefinition<S extends object> = {
  name: string;
  createState(): S;
  /** Merges seed input into the state. Default: top-level keys are replaced. */
  seed?(state: S, input: Partial<S>): void;
  routes(router: Router, sim: TSimulatorContext<S>): void;
  /** Unmatched request: the provider's own 404 shape. */
  notFound?(ctx: Omit<TRequestContext, "params">): void;
  /** Handler threw: the provider's own 500 shape. */
  onError?(ctx: Omit<TRequestContext, "params">, error: unknown): void;
  /** Extra admin routes under `/__sandbox/…` (not recorded as traffic). */
  admin?(router: Router, sim: TSimulatorContext<S>): void;
  /** Largest request body read (default 20 MiB); larger bodies are drained and answered 413. */
  maxBodyBytes?: number;
};

export type TSimulator<S> = {
  name: string;
  host: string;
  port: number;
  /** `http://host:port` without a trailing slash. */
  url: string;
  readonly state: S;
  readonly requests: readonly TRecordedRequest[];
  /** Merges input into the state; `persistent` inputs are re-applied after every reset. */
  seed(input: Partial<S>, options?: { persistent?: boolean }): void;
  reset(): void;
  clearRequests(): void;
  stop(): Promise<void>;
};

export type TStartOptions<S> = {
  port?: number;
  host?: string;
  /** Applied at start and again after every reset. */
  seed?: Partial<S>;
};

const MAX_RECORDED_REQUESTS = 1000;
const MAX_RECORDED_BODY = 64 * 1024;

export function defineSimulator<S extends object>(def: TSimulatorDefinition<S>) {
  return {
    name: def.name,
    async start(options: TStartOptions<S> = {}): Promise<TSimulator<S>> {
      let state = def.createState();
      const resetHooks: Array<() => void> = [];
      const requests: TRecordedRequest[] = [];
      const baseline: Partial<S>[] = [];
      const merge = def.seed ?? ((target: S, input: Partial<S>) => Object.assign(target, input));

      const sim: TSimulatorContext<S> = {
        get state() {
          return state;
        },
        onReset: (fn) => {
          resetHooks.push(fn);
        },
      };
      const router = new Router();
      def.routes(router, sim);

      const reset = () => {
        state = def.createState();
        for (const input of baseline) merge(state, structuredClone(input));
        requests.length = 0;
        for (const hook of resetHooks) hook();
      };
      const seed = (input: Partial<S>, seedOptions: { persistent?: boolean } = {}) => {
        if (seedOptions.persistent) baseline.push(structuredClone(input));
        merge(state, input);
      };
      if (options.seed) seed(options.seed, { persistent: true });

      const admin = new Router()
        .get("/__sandbox/state", ({ res }) => sendJson(res, 200, state))
        .post("/__sandbox/seed", (ctx) => {
          seed(ctx.json<Partial<S>>() ?? {});
          sendJson(ctx.res, 200, { ok: true });
        })
        .post("/__sandbox/reset", ({ res }) => {
          reset();
          sendJson(res, 200, { ok: true });
        })
        .get("/__sandbox/requests", ({ res }) => sendJson(res, 200, requests))
        .on("DELETE", "/__sandbox/requests", ({ res }) => {
          requests.length = 0;
          sendJson(res, 200, { ok: true });
        });
      def.admin?.(admin, sim);

      const handle = async (req: IncomingMessage, res: ServerResponse) => {
        let ctx: Omit<TRequestContext, "params"> | undefined;
        try {
          ctx = createContext(req, res, await readBody(req, def.maxBodyBytes));
          if (ctx.path.startsWith("/__sandbox/")) {
            if (!(await admin.dispatch(ctx))) sendJson(res, 404, { error: "unknown sandbox admin route" });
            return;
          }
          record(requests, ctx);
          if (!(await router.dispatch(ctx))) {
            if (def.notFound) def.notFound(ctx);
            else sendJson(res, 404, { error: "Not Found" });
          }
        } catch (error) {
          if (error instanceof BodyTooLargeError && !res.headersSent) {
            sendJson(res, 413, { error: error.message });
          } else if (res.headersSent) {
            res.destroy();
          } else if (ctx && def.onError) {
            def.onError(ctx, error);
          } else {
            sendJson(res, 500, { error: error instanceof Error ? error.message : String(error) });
          }
        }
      };

      const server = await listen((req, res) => void handle(req, res), options);
      return {
        name: def.name,
        host: server.host,
        port: server.port,
        url: server.url,
        get state() {
          return state;
        },
        requests,
        seed,
        reset,
        clearRequests: () => {
          requests.length = 0;
        },
        stop: () => server.close(),
      };
    },
  };
}

function record(requests: TRecordedRequest[], ctx: Omit<TRequestContext, "params">): void {
  const headers: Record<string, string> = {};
  for (const [key, value] of Object.entries(ctx.req.headers)) {
    if (value !== undefined) headers[key] = Array.isArray(value) ? value.join(", ") : value;
  }
  requests.push({
    at: new Date().toISOString(),
    method: ctx.method,
    path: ctx.path,
    query: Object.fromEntries(ctx.query),
    headers,
    body: ctx.body.subarray(0, MAX_RECORDED_BODY).toString("utf8"),
  });
  if (requests.length > MAX_RECORDED_REQUESTS) requests.splice(0, requests.length - MAX_RECORDED_REQUESTS);
}
