import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { getClosedPort } from "../../../sandbox/lib/ports";
import { radistDemo, radistSimulator, type TRadistSimState } from "../../../sandbox/radist/server";
import type { TSimulator } from "../../../sandbox/lib/simulator";
import { expectUpstreamError } from "../testing";
import { checkRadistConnection } from "./check-connection";

describe("Radist.Online client against the simulator", () => {
  let sim: TSimulator<TRadistSimState>;
  let baseUrl: string;

  beforeAll(async () => {
    sim = await radistSimulator.start();
    baseUrl = `${sim.url}/v2`;
  });
  afterAll(() => sim.stop());
  beforeEach(() => sim.reset());

  it("lists the company's connections with X-Api-Key", async () => {
    const result = await checkRadistConnection({ baseUrl, apiKey: radistDemo.apiKey, companyId: radistDemo.companyId });
    expect(result.summary).toBe("Подключено к компании 1001: подключений 3 (whatsapp, telegram, amocrm)");
    expect(sim.requests[0].path).toBe("/v2/companies/1001/connections/");
    expect(sim.requests[0].headers["x-api-key"]).toBe(radistDemo.apiKey);
  });

  it("without a company id finds the key's company first", async () => {
    const result = await checkRadistConnection({ baseUrl, apiKey: radistDemo.apiKey, companyId: "" });
    expect(result.details).toMatchObject({ companyId: 1001, connectionCount: 3 });
    expect(sim.requests.map((r) => r.path)).toEqual(["/v2/companies/", "/v2/companies/1001/connections/"]);
  });

  it("wrong key → auth without the key", async () => {
    const apiKey = "radist-wrong-key-0123456789";
    const error = await expectUpstreamError(checkRadistConnection({ baseUrl, apiKey, companyId: 1001 }), {
      provider: "radist",
      kind: "auth",
      status: 401,
      secrets: [apiKey],
    });
    expect(error.userMessage).toBe("Неверный API-ключ Radist.Online");
  });

  it("a company the key may not access → forbidden", async () => {
    sim.seed({ companies: [...sim.state.companies, { id: 2002, name: "Чужая", connections: [] }] });
    await expectUpstreamError(checkRadistConnection({ baseUrl, apiKey: radistDemo.apiKey, companyId: 2002 }), {
      provider: "radist",
      kind: "forbidden",
      status: 403,
    });
  });

  it("closed port → unreachable", async () => {
    const port = await getClosedPort();
    await expectUpstreamError(
      checkRadistConnection({ baseUrl: `http://127.0.0.1:${port}/v2`, apiKey: radistDemo.apiKey, companyId: 1 }),
      { provider: "radist", kind: "unreachable", messageIncludes: `127.0.0.1:${port}`, secrets: [radistDemo.apiKey] },
    );
  });
});
