/**
 * Worker liveness for /api/health, from graphile-worker's own tables: every running worker process schedules
 * the crontab, and the stale-run sweeper is due every minute, so `_private_known_crontabs.last_execution`
 * advances once a minute while at least one worker is alive. No extra table, no extra writes.
 * Returns null when no worker has ever run (graphile schema missing) — and "now" on Inngest, where there is
 * no local worker to watch.
 */
import { db } from "../db";
import { getEnv } from "../env";

export async function getWorkerHeartbeat(): Promise<Date | null> {
  if (getEnv().inngestEnabled) return new Date();
  try {
    const rows = await db().$queryRaw<{ at: Date | null }[]>`
      SELECT max(last_execution) AS at FROM graphile_worker._private_known_crontabs`;
    return rows[0]?.at ?? null;
  } catch (err) {
    const code = (err as { code?: string; meta?: { code?: string } }).meta?.code ?? (err as { code?: string }).code;
    if (typeof code === "string" && ["42P01", "3F000"].includes(code)) return null;
    if (/does not exist/.test(String((err as Error).message))) return null;
    throw err;
  }
}
