import { afterAll, describe, expect, it, vi } from "vitest";
import { resetEnvCache } from "@/server/env";
import { jobDefinitions } from "@/inngest/functions";

describe("/api/inngest", () => {
  afterAll(() => {
    delete process.env.INNGEST_DEV;
    resetEnvCache();
  });

  it("answers 404 with a Russian message while Inngest is not configured", async () => {
    const { GET, POST } = await import("./route");
    for (const handler of [GET, POST]) {
      const res = await handler(new Request("http://localhost/api/inngest") as never, undefined);
      expect(res.status).toBe(404);
      const body = (await res.json()) as { error: string };
      expect(body.error).toMatch(/^Inngest не настроен/);
    }
  });

  it("serves every job definition when Inngest is configured", async () => {
    process.env.INNGEST_DEV = "1";
    resetEnvCache();
    vi.resetModules();
    const { GET } = await import("./route");
    const res = await GET(new Request("http://localhost/api/inngest") as never, undefined);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { function_count: number; mode: string };
    // Each event job also registers its onFailure handler (keeps JobRun in sync after Inngest gives up).
    const expected = jobDefinitions.length + jobDefinitions.filter((d) => d.kind === "event").length;
    expect(body).toMatchObject({ function_count: expected, mode: "dev" });
  });
});
