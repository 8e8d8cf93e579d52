import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { getClosedPort } from "../../../sandbox/lib/ports";
import type { TSimulator } from "../../../sandbox/lib/simulator";
import { telegramDemo, telegramSimulator, type TTelegramSimState } from "../../../sandbox/telegram/server";
import { expectUpstreamError } from "../testing";
import { checkTelegramConnection } from "./check-connection";
import { createTelegramClient } from "./client";

describe("Telegram client against the simulator", () => {
  let sim: TSimulator<TTelegramSimState>;

  beforeAll(async () => {
    sim = await telegramSimulator.start();
  });
  afterAll(() => sim.stop());
  beforeEach(() => sim.reset());

  it("getMe through grammY with a custom apiRoot", async () => {
    const result = await checkTelegramConnection({ apiRoot: sim.url, botToken: telegramDemo.token });
    expect(result.summary).toBe("Подключён бот @pult_sandbox_bot (Pult (песочница))");
    expect(sim.requests[0].path).toBe(`/bot${telegramDemo.token}/getMe`);
  });

  it("unknown token → auth, token not in the message", async () => {
    const botToken = "7000000009:AAWrongWrongWrongWrongWrongWrong0001";
    const error = await expectUpstreamError(checkTelegramConnection({ apiRoot: sim.url, botToken }), {
      provider: "telegram",
      kind: "auth",
      status: 401,
      secrets: [botToken],
    });
    expect(error.userMessage).toBe("Неверный токен бота Telegram");
  });

  it("unknown method → not_found", async () => {
    const client = createTelegramClient({ apiRoot: sim.url, botToken: telegramDemo.token });
    await expectUpstreamError(
      client.call((api) => api.raw.getMyDefaultAdministratorRights({})),
      { provider: "telegram", kind: "not_found", status: 404, secrets: [telegramDemo.token] },
    );
  });

  it("closed port → unreachable", async () => {
    const port = await getClosedPort();
    await expectUpstreamError(
      checkTelegramConnection({ apiRoot: `http://127.0.0.1:${port}`, botToken: telegramDemo.token }),
      {
        provider: "telegram",
        kind: "unreachable",
        messageIncludes: `ECONNREFUSED 127.0.0.1:${port}`,
        secrets: [telegramDemo.token],
      },
    );
  });

  it("malformed token → invalid_config", async () => {
    await expectUpstreamError(checkTelegramConnection({ botToken: "not-a-token" }), {
      provider: "telegram",
      kind: "invalid_config",
      secrets: ["not-a-token"],
    });
  });
});
