/**
 * Prometheus metrics (prom-client). Counters live in the process that does the work; job-run totals are
 * read from the database at scrape time, so they cover every worker process.
 */
import client from "prom-client";
import { withSystem } from "../db";
import { onUpstreamCall } from "../integrations/http";

type TMetrics = {
  registry: client.Registry;
  httpRequests: client.Counter<"route" | "method" | "status">;
  httpDuration: client.Histogram<"route">;
  upstreamCalls: client.Counter<"provider" | "status">;
  upstreamDuration: client.Histogram<"provider">;
};

function create(): TMetrics {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry, prefix: "pult_" });
  new client.Gauge({
    name: "pult_job_runs",
    help: "Job runs by type and status (from the database)",
    labelNames: ["type", "status"],
    registers: [registry],
    async collect() {
      this.reset();
      const rows = await withSystem((tx) => tx.jobRun.groupBy({ by: ["type", "status"], _count: { _all: true } }));
      for (const r of rows) this.set({ type: r.type, status: r.status }, r._count._all);
    },
  });
  return {
    registry,
    httpRequests: new client.Counter({ name: "pult_http_requests_total", help: "HTTP requests", labelNames: ["route", "method", "status"], registers: [registry] }),
    httpDuration: new client.Histogram({ name: "pult_http_request_duration_seconds", help: "HTTP request duration", labelNames: ["route"], registers: [registry] }),
    upstreamCalls: new client.Counter({ name: "pult_upstream_calls_total", help: "Calls to external systems", labelNames: ["provider", "status"], registers: [registry] }),
    upstreamDuration: new client.Histogram({ name: "pult_upstream_call_duration_seconds", help: "Upstream call duration", labelNames: ["provider"], registers: [registry] }),
  };
}

const g = globalThis as unknown as { __pultMetrics?: TMetrics };
export function metrics(): TMetrics {
  if (!g.__pultMetrics) {
    g.__pultMetrics = create();
    onUpstreamCall(({ provider, status, ms }) => observeUpstreamCall(provider, status, ms));
  }
  return g.__pultMetrics;
}

export function observeHttpRequest(route: string, method: string, status: number, ms: number): void {
  const m = metrics();
  m.httpRequests.inc({ route, method, status: String(status) });
  m.httpDuration.observe({ route }, ms / 1000);
}

export function observeUpstreamCall(provider: string, status: string, ms: number): void {
  const m = metrics();
  m.upstreamCalls.inc({ provider, status });
  m.upstreamDuration.observe({ provider }, ms / 1000);
}
