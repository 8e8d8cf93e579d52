import { getHealth } from "@/server/observability/get-health";

export const dynamic = "force-dynamic";

export async function GET() {
  const health = await getHealth();
  return Response.json(health, { status: health.status === "down" ? 503 : 200 });
}
