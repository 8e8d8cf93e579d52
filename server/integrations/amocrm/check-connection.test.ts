import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { amocrmDemo, amocrmSimulator, type TAmocrmSimState } from "../../../sandbox/amocrm/server";
import { getClosedPort } from "../../../sandbox/lib/ports";
import type { TSimulator } from "../../../sandbox/lib/simulator";
import { expectUpstreamError } from "../testing";
import { checkAmocrmConnection } from "./check-connection";
import { createAmocrmClient } from "./client";

describe("amoCRM client against the simulator", () => {
  let sim: TSimulator<TAmocrmSimState>;

  beforeAll(async () => {
    sim = await amocrmSimulator.start();
  });
  afterAll(() => sim.stop());
  beforeEach(() => sim.reset());

  it("reads the account with the long-lived token", async () => {
    const result = await checkAmocrmConnection({ baseUrl: sim.url, accessToken: amocrmDemo.accessToken });
    expect(result.summary).toBe("Подключено к аккаунту «Pult Demo» (pultdemo)");
    expect(sim.requests[0].headers.authorization).toBe(`Bearer ${amocrmDemo.accessToken}`);
  });

  it("wrong token → auth without the token", async () => {
    const accessToken = "amo-wrong-token-0123456789";
    const error = await expectUpstreamError(checkAmocrmConnection({ baseUrl: sim.url, accessToken }), {
      provider: "amocrm",
      kind: "auth",
      status: 401,
      secrets: [accessToken],
    });
    expect(error.detail).toContain("Unauthorized");
  });

  it("more than 7 requests / s → rate_limited", async () => {
    const client = createAmocrmClient({ baseUrl: sim.url, accessToken: amocrmDemo.accessToken });
    await Promise.all(Array.from({ length: 7 }, () => client.getAccount()));
    await expectUpstreamError(client.getAccount(), { provider: "amocrm", kind: "rate_limited", status: 429 });
  });

  it("closed port → unreachable", async () => {
    const port = await getClosedPort();
    await expectUpstreamError(
      checkAmocrmConnection({ baseUrl: `http://127.0.0.1:${port}`, accessToken: amocrmDemo.accessToken }),
      { provider: "amocrm", kind: "unreachable", messageIncludes: `127.0.0.1:${port}`, secrets: [amocrmDemo.accessToken] },
    );
  });
});
