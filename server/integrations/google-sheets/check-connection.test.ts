import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { googleDemo, googleSimulator, type TGoogleSimState } from "../../../sandbox/google/server";
import { createServiceAccountKey, type TGeneratedServiceAccount } from "../../../sandbox/google/service-account";
import { getClosedPort } from "../../../sandbox/lib/ports";
import type { TSimulator } from "../../../sandbox/lib/simulator";
import { expectUpstreamError } from "../testing";
import { checkGoogleSheetsConnection } from "./check-connection";

describe("Google Sheets client against the simulator", () => {
  let sim: TSimulator<TGoogleSimState>;
  let account: TGeneratedServiceAccount;
  let rootUrl: string;

  beforeAll(async () => {
    sim = await googleSimulator.start();
    rootUrl = `${sim.url}/`;
    account = createServiceAccountKey({ tokenUri: `${sim.url}/token`, clientEmail: googleDemo.clientEmail });
    sim.seed(
      { serviceAccounts: [{ clientEmail: googleDemo.clientEmail, publicKeyPem: account.publicKeyPem }] },
      { persistent: true },
    );
  });
  afterAll(() => sim.stop());
  beforeEach(() => sim.reset());

  it("gets a token from the key's token_uri with a signed JWT and reads the spreadsheet", async () => {
    const result = await checkGoogleSheetsConnection({
      rootUrl,
      serviceAccountJson: account.keyJson,
      spreadsheetId: `https://docs.google.com/spreadsheets/d/${googleDemo.spreadsheetId}/edit#gid=0`,
    });
    expect(result.summary).toBe(
      `Подключено как ${googleDemo.clientEmail}, таблица «Pult — выгрузки МойСклад» (листов: 2)`,
    );
    expect(result.details).toMatchObject({ sheets: ["Товары", "Заказы покупателей"] });
    const [token, get] = sim.requests;
    expect(token).toMatchObject({ method: "POST", path: "/token" });
    expect(new URLSearchParams(token.body).get("grant_type")).toBe("urn:ietf:params:oauth:grant-type:jwt-bearer");
    expect(get.path).toBe(`/v4/spreadsheets/${googleDemo.spreadsheetId}`);
    expect(get.headers.authorization).toMatch(/^Bearer ya29\.sandbox-/);
  });

  it("without a spreadsheet only authorizes the service account", async () => {
    const result = await checkGoogleSheetsConnection({ rootUrl: "", serviceAccountJson: account.keyJson });
    expect(result.summary).toBe(`Сервисный аккаунт ${googleDemo.clientEmail} авторизован`);
    expect(sim.requests.map((r) => r.path)).toEqual(["/token"]);
  });

  it("a key the token endpoint does not know → auth, without the private key", async () => {
    const stranger = createServiceAccountKey({ tokenUri: `${sim.url}/token`, clientEmail: "ghost@x.iam.gserviceaccount.com" });
    const error = await expectUpstreamError(
      checkGoogleSheetsConnection({ rootUrl, serviceAccountJson: stranger.keyJson }),
      { provider: "google-sheets", kind: "auth", status: 400, secrets: [stranger.key.private_key, stranger.keyJson] },
    );
    expect(error.userMessage).toContain("account not found");
  });

  it("a key signed with the wrong private key → auth (Invalid JWT Signature)", async () => {
    const forged = createServiceAccountKey({ tokenUri: `${sim.url}/token`, clientEmail: googleDemo.clientEmail });
    const error = await expectUpstreamError(
      checkGoogleSheetsConnection({ rootUrl, serviceAccountJson: forged.keyJson }),
      { provider: "google-sheets", kind: "auth", secrets: [forged.key.private_key] },
    );
    expect(error.userMessage).toContain("Invalid JWT Signature");
  });

  it("spreadsheet not shared with the service account → forbidden; unknown → not_found", async () => {
    sim.seed({
      spreadsheets: [{ spreadsheetId: "privateSheet1", title: "Чужая", sheets: [], sharedWith: ["someone@example.com"] }],
    });
    const forbidden = await expectUpstreamError(
      checkGoogleSheetsConnection({ rootUrl, serviceAccountJson: account.keyJson, spreadsheetId: "privateSheet1" }),
      { provider: "google-sheets", kind: "forbidden", status: 403, secrets: [account.key.private_key] },
    );
    expect(forbidden.userMessage).toContain(googleDemo.clientEmail);
    await expectUpstreamError(
      checkGoogleSheetsConnection({ rootUrl, serviceAccountJson: account.keyJson, spreadsheetId: "missing" }),
      { provider: "google-sheets", kind: "not_found", status: 404 },
    );
  });

  it("token endpoint on a closed port → unreachable", async () => {
    const port = await getClosedPort();
    const offline = createServiceAccountKey({ tokenUri: `http://127.0.0.1:${port}/token` });
    await expectUpstreamError(checkGoogleSheetsConnection({ rootUrl, serviceAccountJson: offline.keyJson }), {
      provider: "google-sheets",
      kind: "unreachable",
      messageIncludes: `127.0.0.1:${port}`,
      secrets: [offline.key.private_key],
    });
  });

  it("Sheets API on a closed port → unreachable", async () => {
    const port = await getClosedPort();
    await expectUpstreamError(
      checkGoogleSheetsConnection({
        rootUrl: `http://127.0.0.1:${port}/`,
        serviceAccountJson: account.keyJson,
        spreadsheetId: googleDemo.spreadsheetId,
      }),
      { provider: "google-sheets", kind: "unreachable", messageIncludes: `ECONNREFUSED 127.0.0.1:${port}` },
    );
  });

  it("not a key file → invalid_config", async () => {
    await expectUpstreamError(checkGoogleSheetsConnection({ serviceAccountJson: "{not json" }), {
      provider: "google-sheets",
      kind: "invalid_config",
    });
  });
});
