import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { getClosedPort } from "../../../sandbox/lib/ports";
import type { TSimulator } from "../../../sandbox/lib/simulator";
import { onecDemo, onecSimulator, type TOnecSimState } from "../../../sandbox/onec/server";
import { expectUpstreamError } from "../testing";
import { checkOnecConnection } from "./check-connection";

describe("1C HTTP service client against the simulator", () => {
  let sim: TSimulator<TOnecSimState>;
  let baseUrl: string;

  beforeAll(async () => {
    sim = await onecSimulator.start();
    baseUrl = `${sim.url}${onecDemo.basePath}`;
  });
  afterAll(() => sim.stop());
  beforeEach(() => sim.reset());

  it("pings the service with Basic auth", async () => {
    const result = await checkOnecConnection({ baseUrl, username: onecDemo.username, password: onecDemo.password });
    expect(result.summary).toBe(
      "Подключено к 1С: Управление торговлей, редакция 11 11.5.20.67 (пользователь Интеграция Pult)",
    );
    expect(sim.requests[0].path).toBe("/ut/hs/pult/ping");
  });

  it("Cyrillic user names travel as UTF-8", async () => {
    sim.seed({ users: [{ username: "Интеграция", password: "пароль-1С", fullName: "Интеграция" }] });
    const result = await checkOnecConnection({ baseUrl, username: "Интеграция", password: "пароль-1С" });
    expect(result.summary).toContain("(пользователь Интеграция)");
  });

  it("wrong password → auth without the password", async () => {
    const password = "wrong-1c-password";
    const error = await expectUpstreamError(checkOnecConnection({ baseUrl, username: onecDemo.username, password }), {
      provider: "onec",
      kind: "auth",
      status: 401,
      secrets: [password],
    });
    expect(error.userMessage).toBe("Неверный логин или пароль пользователя 1С");
  });

  it("wrong publication path → not_found", async () => {
    await expectUpstreamError(
      checkOnecConnection({ baseUrl: `${sim.url}/trade/hs/pult`, username: onecDemo.username, password: onecDemo.password }),
      { provider: "onec", kind: "not_found", status: 404 },
    );
  });

  it("closed port → unreachable", async () => {
    const port = await getClosedPort();
    await expectUpstreamError(
      checkOnecConnection({ baseUrl: `http://127.0.0.1:${port}/ut/hs/pult`, username: "u", password: onecDemo.password }),
      { provider: "onec", kind: "unreachable", messageIncludes: `ECONNREFUSED 127.0.0.1:${port}`, secrets: [onecDemo.password] },
    );
  });
});
