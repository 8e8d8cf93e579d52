import { describe, expect, it } from "vitest";
import { GET as health } from "../../app/api/health/route";
import { GET as metricsRoute } from "../../app/api/metrics/route";
import { observeHttpRequest, observeUpstreamCall } from "./metrics";

describe("/api/health", () => {
  it("reports the database, the worker heartbeat and integrations", async () => {
    const res = await health();
    const body = await res.json();
    expect(res.status).toBe(200);
    expect(body.database.ok).toBe(true);
    expect(typeof body.database.latencyMs).toBe("number");
    // No worker has run in this test database: the service is degraded, not down.
    expect(body.worker).toEqual({ ok: false, lastSeenAt: null });
    expect(body.status).toBe("degraded");
  });
});

describe("/api/metrics", () => {
  it("exposes Prometheus text with HTTP, upstream and job-run series", async () => {
    observeHttpRequest("trpc", "POST", 200, 12);
    observeUpstreamCall("moysklad", "200", 80);
    const res = await metricsRoute();
    const text = await res.text();
    expect(res.headers.get("content-type")).toContain("text/plain");
    expect(text).toContain('pult_http_requests_total{route="trpc",method="POST",status="200"} 1');
    expect(text).toContain('pult_upstream_calls_total{provider="moysklad",status="200"} 1');
    expect(text).toContain("# TYPE pult_job_runs gauge");
  });
});
