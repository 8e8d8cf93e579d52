import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { appRouter } from "@/server/api/root";
import { createContext } from "@/server/api/trpc";
import { observeHttpRequest } from "@/server/observability/metrics";

/** JSON bodies above this size are refused before parsing. */
const MAX_BODY_BYTES = 1_000_000;

async function handler(req: Request) {
  const started = performance.now();
  if (Number(req.headers.get("content-length") ?? 0) > MAX_BODY_BYTES) {
    return Response.json({ error: { message: "Слишком большой запрос (больше 1 МБ)" } }, { status: 413 });
  }
  const res = await fetchRequestHandler({
    endpoint: "/api/trpc",
    req,
    router: appRouter,
    createContext: () => createContext({ headers: req.headers }),
  });
  observeHttpRequest("trpc", req.method, res.status, performance.now() - started);
  return res;
}

export { handler as GET, handler as POST };
