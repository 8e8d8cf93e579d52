import { basicCredentials, sendJson, sendText } from "../lib/http";
import type { TRequestContext } from "../lib/router";
import { defineSimulator } from "../lib/simulator";

/**
 * 1C:Управление торговлей HTTP service simulator (the 1C:УТ side of the sync module, seed 004).
 * A 1C HTTP service is published under `/{infobase}/hs/{root URL}/…`; the web server asks for
 * HTTP Basic credentials of an infobase user (`WWW-Authenticate: Basic realm="1C:Enterprise"`)
 * and answers 401 with an empty body otherwise. Our service's root is `/ut/hs/pult`:
 * - `GET /ut/hs/pult/ping` → `{"status":"ok","infobase","configuration","version","user","serverTime"}`.
 */

export type TOnecSimState = {
  basePath: string;
  users: Array<{ username: string; password: string; fullName: string }>;
  infobase: { name: string; configuration: string; version: string };
};

export const onecDemo = { basePath: "/ut/hs/pult", username: "pult", password: "pult-1c-sandbox" };

export function createOnecState(): TOnecSimState {
  return {
    basePath: onecDemo.basePath,
    users: [{ username: onecDemo.username, password: onecDemo.password, fullName: "Интеграция Pult" }],
    infobase: { name: "ut", configuration: "Управление торговлей, редакция 11", version: "11.5.20.67" },
  };
}

type TCtx = Omit<TRequestContext, "params">;

function unauthorized(ctx: TCtx): void {
  ctx.res.writeHead(401, { "WWW-Authenticate": 'Basic realm="1C:Enterprise"', "Content-Length": 0 });
  ctx.res.end();
}

export const onecSimulator = defineSimulator<TOnecSimState>({
  name: "onec",
  createState: createOnecState,
  routes(router, sim) {
    router.all(/^\/.+$/, (ctx) => {
      const base = sim.state.basePath.replace(/\/+$/, "");
      if (!ctx.path.startsWith(`${base}/`)) return sendText(ctx.res, 404, "Not Found");
      const credentials = basicCredentials(ctx.header("authorization"));
      const user = sim.state.users.find(
        (u) => u.username === credentials?.username && u.password === credentials?.password,
      );
      if (!user) return unauthorized(ctx);
      const route = ctx.path.slice(base.length);
      if (route === "/ping" && ctx.method === "GET") {
        return sendJson(ctx.res, 200, {
          status: "ok",
          infobase: sim.state.infobase.name,
          configuration: sim.state.infobase.configuration,
          version: sim.state.infobase.version,
          user: user.fullName,
          serverTime: new Date().toISOString(),
        });
      }
      sendText(ctx.res, 404, "Not Found");
    });
  },
  notFound(ctx) {
    sendText(ctx.res, 404, "Not Found");
  },
  onError(ctx, error) {
    sendText(ctx.res, 500, `{Обработчик HTTP-сервиса}: ${error instanceof Error ? error.message : String(error)}`);
  },
});
