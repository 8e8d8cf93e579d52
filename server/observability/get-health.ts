import { withSystem } from "../db";
import { getWorkerHeartbeat } from "../jobs/worker-heartbeat";

export type THealth = {
  status: "ok" | "degraded" | "down";
  database: { ok: boolean; latencyMs?: number; error?: string };
  worker: { ok: boolean; lastSeenAt: string | null };
  integrations: Record<string, number>;
};

/** Liveness/readiness summary for /api/health: database, worker heartbeat, integrations by status. */
export async function getHealth(): Promise<THealth> {
  const started = performance.now();
  try {
    const byStatus = await withSystem((tx) => tx.integrationConfig.groupBy({ by: ["status"], _count: { _all: true } }));
    const latencyMs = Math.round(performance.now() - started);
    const heartbeat = await getWorkerHeartbeat().catch(() => null);
    const workerOk = !!heartbeat && Date.now() - heartbeat.getTime() < 90_000;
    return {
      status: workerOk ? "ok" : "degraded",
      database: { ok: true, latencyMs },
      worker: { ok: workerOk, lastSeenAt: heartbeat?.toISOString() ?? null },
      integrations: Object.fromEntries(byStatus.map((r) => [r.status, r._count._all])),
    };
  } catch (err) {
    return { status: "down", database: { ok: false, error: err instanceof Error ? err.message.split("\n")[0] : "unknown" }, worker: { ok: false, lastSeenAt: null }, integrations: {} };
  }
}
