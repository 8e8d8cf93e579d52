import type { IncomingMessage, ServerResponse } from "node:http";

/** A tiny method + path router for the simulators (no frameworks). */

export type TRequestContext = {
  req: IncomingMessage;
  res: ServerResponse;
  method: string;
  url: URL;
  path: string;
  query: URLSearchParams;
  params: Record<string, string>;
  /** `http://host:port` as the client addressed us (used to build absolute hrefs). */
  origin: string;
  header(name: string): string | undefined;
  body: Buffer;
  text(): string;
  /** Parses the body as JSON; undefined on an empty body; throws SyntaxError on malformed JSON. */
  json<T = unknown>(): T | undefined;
  /** Parses an `application/x-www-form-urlencoded` body. */
  form(): URLSearchParams;
};

export type THandler = (ctx: TRequestContext) => void | Promise<void>;

type TRoute = {
  methods: Set<string> | "*";
  regex: RegExp;
  keys: string[];
  handler: THandler;
};

/**
 * Compiles `/bot:token/:method` style patterns: `:name` matches one path segment
 * (or the rest of a segment after a literal prefix). A trailing `/?` in the pattern
 * makes the final slash optional. RegExp patterns use named groups as params.
 */
function compile(pattern: string | RegExp): { regex: RegExp; keys: string[] } {
  if (pattern instanceof RegExp) return { regex: pattern, keys: [] };
  const keys: string[] = [];
  const optionalSlash = pattern.endsWith("/?");
  const body = optionalSlash ? pattern.slice(0, -2) : pattern;
  const source = body
    .split(/(:[A-Za-z_][A-Za-z0-9_]*)/)
    .map((part) => {
      if (part.startsWith(":")) {
        keys.push(part.slice(1));
        return "([^/]+)";
      }
      return part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    })
    .join("");
  return { regex: new RegExp(`^${source}${optionalSlash ? "/?" : ""}$`), keys };
}

export class Router {
  private readonly routes: TRoute[] = [];

  on(methods: string | string[] | "*", pattern: string | RegExp, handler: THandler): this {
    const { regex, keys } = compile(pattern);
    const set =
      methods === "*"
        ? ("*" as const)
        : new Set((Array.isArray(methods) ? methods : [methods]).map((m) => m.toUpperCase()));
    this.routes.push({ methods: set, regex, keys, handler });
    return this;
  }

  get(pattern: string | RegExp, handler: THandler): this {
    return this.on("GET", pattern, handler);
  }

  post(pattern: string | RegExp, handler: THandler): this {
    return this.on("POST", pattern, handler);
  }

  all(pattern: string | RegExp, handler: THandler): this {
    return this.on("*", pattern, handler);
  }

  /** Finds a route for the context; returns false when none matched the path and method. */
  async dispatch(ctx: Omit<TRequestContext, "params">): Promise<boolean> {
    for (const route of this.routes) {
      const match = route.regex.exec(ctx.path);
      if (!match) continue;
      if (route.methods !== "*" && !route.methods.has(ctx.method)) continue;
      const params: Record<string, string> = { ...(match.groups ?? {}) };
      route.keys.forEach((key, i) => {
        params[key] = decodeURIComponent(match[i + 1]);
      });
      await route.handler({ ...ctx, params });
      return true;
    }
    return false;
  }
}

export function createContext(
  req: IncomingMessage,
  res: ServerResponse,
  body: Buffer,
): Omit<TRequestContext, "params"> {
  const host = req.headers.host ?? "127.0.0.1";
  const url = new URL(req.url ?? "/", `http://${host}`);
  return {
    req,
    res,
    method: (req.method ?? "GET").toUpperCase(),
    url,
    path: url.pathname,
    query: url.searchParams,
    origin: `http://${host}`,
    header: (name) => {
      const value = req.headers[name.toLowerCase()];
      return Array.isArray(value) ? value.join(", ") : value;
    },
    body,
    text: () => body.toString("utf8"),
    json: <T>() => (body.length === 0 ? undefined : (JSON.parse(body.toString("utf8")) as T)),
    form: () => new URLSearchParams(body.toString("utf8")),
  };
}
