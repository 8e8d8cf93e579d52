import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { getClosedPort } from "../../../sandbox/lib/ports";
import type { TSimulator } from "../../../sandbox/lib/simulator";
import { openaiDemo, openaiSimulator, type TOpenaiSimState } from "../../../sandbox/openai/server";
import { expectUpstreamError } from "../testing";
import { checkAiConnection } from "./check-connection";
import { createAiClient } from "./client";

describe("AI (OpenAI-compatible) client against the simulator", () => {
  let sim: TSimulator<TOpenaiSimState>;
  let baseUrl: string;

  beforeAll(async () => {
    sim = await openaiSimulator.start();
    baseUrl = `${sim.url}/v1`;
  });
  afterAll(() => sim.stop());
  beforeEach(() => sim.reset());

  it("lists models with the key and finds the configured one", async () => {
    const result = await checkAiConnection({ baseUrl, model: openaiDemo.model, apiKey: openaiDemo.apiKey });
    expect(result.summary).toBe("Модель gpt-4o-mini доступна (моделей у провайдера: 3)");
    expect(sim.requests[0]).toMatchObject({ method: "GET", path: "/v1/models" });
    expect(sim.requests[0].headers.authorization).toBe(`Bearer ${openaiDemo.apiKey}`);
  });

  it("a model the provider does not offer → not_found with the offered list", async () => {
    const error = await expectUpstreamError(
      checkAiConnection({ baseUrl, model: "gpt-5-turbo", apiKey: openaiDemo.apiKey }),
      { provider: "ai", kind: "not_found", retryable: false, secrets: [openaiDemo.apiKey] },
    );
    expect(error.userMessage).toContain("gpt-4o-mini");
  });

  it("wrong key → auth without the key", async () => {
    const apiKey = "sk-wrong-0123456789abcdefWRONG";
    const error = await expectUpstreamError(checkAiConnection({ baseUrl, model: openaiDemo.model, apiKey }), {
      provider: "ai",
      kind: "auth",
      status: 401,
      secrets: [apiKey],
    });
    expect(error.userMessage).toBe("Неверный API-ключ ИИ-провайдера");
  });

  it("closed port → unreachable", async () => {
    const port = await getClosedPort();
    await expectUpstreamError(
      checkAiConnection({ baseUrl: `http://127.0.0.1:${port}/v1`, model: "m", apiKey: openaiDemo.apiKey }),
      { provider: "ai", kind: "unreachable", messageIncludes: `ECONNREFUSED 127.0.0.1:${port}` },
    );
  });

  it("chat completions answer deterministically", async () => {
    sim.seed({ replies: [{ match: "итоги", reply: "Итоги дня: 3 сделки" }] });
    const client = createAiClient({ baseUrl, model: openaiDemo.model, apiKey: openaiDemo.apiKey });
    const echo = await client.chat([{ role: "user", content: "Привет" }]);
    expect(echo.choices[0].message.content).toBe("Ответ песочницы: Привет");
    const canned = await client.chat([{ role: "user", content: "Подведи итоги" }]);
    expect(canned.choices[0].message.content).toBe("Итоги дня: 3 сделки");
  });
});
