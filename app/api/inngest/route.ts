/**
 * Inngest serve endpoint: registers every job definition as an Inngest function. Active only when Inngest is
 * configured (INNGEST_EVENT_KEY / INNGEST_SIGNING_KEY or INNGEST_DEV); otherwise jobs run on graphile-worker
 * and this route answers 404.
 */
import { serve } from "inngest/next";
import { getInngest } from "@/inngest/client";
import { getEnv } from "@/server/env";
import { getInngestFunctions } from "@/server/jobs/inngest-runtime";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

type THandler = ReturnType<typeof serve>;
let handler: THandler | null = null;

function getHandler(): THandler | null {
  if (!getEnv().inngestEnabled) return null;
  handler ??= serve({ client: getInngest(), functions: getInngestFunctions() });
  return handler;
}

function notConfigured(): Response {
  return Response.json(
    { error: "Inngest не настроен: фоновые задачи выполняет встроенный обработчик (graphile-worker). Задайте INNGEST_EVENT_KEY и INNGEST_SIGNING_KEY или INNGEST_DEV=1." },
    { status: 404 },
  );
}

type TRouteArgs = Parameters<THandler["GET"]>;

export async function GET(req: TRouteArgs[0], ctx: TRouteArgs[1]): Promise<Response> {
  const h = getHandler();
  return h ? h.GET(req, ctx) : notConfigured();
}

export async function POST(req: TRouteArgs[0], ctx: TRouteArgs[1]): Promise<Response> {
  const h = getHandler();
  return h ? h.POST(req, ctx) : notConfigured();
}

export async function PUT(req: TRouteArgs[0], ctx: TRouteArgs[1]): Promise<Response> {
  const h = getHandler();
  return h ? h.PUT(req, ctx) : notConfigured();
}
