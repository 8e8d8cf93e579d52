import { Writable } from "node:stream";
import pino from "pino";
import { beforeAll, describe, expect, it } from "vitest";
import { decryptSecret, encryptSecret, resetKeyring } from "./cipher";
import { resetEnvCache } from "../env";
import { withSystem } from "../db";
import { callerFor, createCompany, createMember } from "../test/factories";

const PLAINTEXT = "123456789:AAplaintextMustNeverLeak42xyz";

describe("cipher", () => {
  it("round-trips, uses a fresh IV each time, and is bound to its context", () => {
    const a = encryptSecret(PLAINTEXT, "integration:c1:telegram");
    const b = encryptSecret(PLAINTEXT, "integration:c1:telegram");
    expect(a.cipher).not.toEqual(b.cipher);
    expect(a.cipher).not.toContain(PLAINTEXT);
    expect(decryptSecret(a.cipher, "integration:c1:telegram")).toBe(PLAINTEXT);
    expect(() => decryptSecret(a.cipher, "integration:c2:telegram")).toThrow();
  });

  it("detects tampering", () => {
    const { cipher } = encryptSecret(PLAINTEXT, "ctx");
    const parts = cipher.split(".");
    parts[4] = Buffer.from("tampered").toString("base64url");
    expect(() => decryptSecret(parts.join("."), "ctx")).toThrow();
  });

  it("rotates keys: old ciphertexts still decrypt with the old key listed, new ones use the new key id", () => {
    const old = encryptSecret(PLAINTEXT, "ctx");
    const oldKey = process.env.SECRETS_KEY!;
    const oldId = process.env.SECRETS_KEY_ID!;
    try {
      process.env.SECRETS_OLD_KEYS = `${oldId}:${oldKey}`;
      process.env.SECRETS_KEY = Buffer.alloc(32, 9).toString("base64");
      process.env.SECRETS_KEY_ID = "k2";
      resetEnvCache();
      resetKeyring();
      expect(decryptSecret(old.cipher, "ctx")).toBe(PLAINTEXT);
      const fresh = encryptSecret(PLAINTEXT, "ctx");
      expect(fresh.keyId).toBe("k2");
      expect(fresh.cipher.startsWith("v1.k2.")).toBe(true);
    } finally {
      process.env.SECRETS_KEY = oldKey;
      process.env.SECRETS_KEY_ID = oldId;
      delete process.env.SECRETS_OLD_KEYS;
      resetEnvCache();
      resetKeyring();
    }
  });
});

describe("integration secrets end to end", () => {
  let owner: Awaited<ReturnType<typeof createMember>>;
  let companyId: string;
  beforeAll(async () => {
    companyId = (await createCompany()).id;
    owner = await createMember(companyId, "owner");
  });

  it("never stores, returns or logs the plaintext", async () => {
    const lines: string[] = [];
    const sink = new Writable({ write(chunk, _enc, cb) { lines.push(String(chunk)); cb(); } });
    const caller = callerFor(owner.user, companyId, pino({ level: "trace" }, sink));
    await caller.integrations.save({ kind: "telegram", settings: { apiRoot: "http://127.0.0.1:9" }, secrets: { botToken: PLAINTEXT } });

    // Database: no column of any table holds it.
    const dump = await withSystem((tx) => tx.$queryRaw<{ j: string }[]>`
      SELECT row_to_json(t)::text AS j FROM "IntegrationConfig" t
      UNION ALL SELECT row_to_json(t)::text FROM "AuditLog" t
      UNION ALL SELECT row_to_json(t)::text FROM "JobRun" t`);
    expect(dump.length).toBeGreaterThan(0);
    expect(dump.map((r) => r.j).join("\n")).not.toContain(PLAINTEXT);
    const audit = await withSystem((tx) => tx.auditLog.findMany({ where: { companyId } }));
    expect(JSON.stringify(audit)).not.toContain(PLAINTEXT);
    expect(JSON.stringify(audit)).toContain("botToken");

    // API: only the fact that it is set.
    const list = await caller.integrations.list();
    const telegram = list.find((i) => i.kind === "telegram")!;
    expect(telegram.secretsSet).toEqual(["botToken"]);
    expect(JSON.stringify(list)).not.toContain(PLAINTEXT);

    // A failing check (closed port) neither logs nor reports it.
    const { runIntegrationCheck } = await import("../connections/run-integration-check");
    const outcome = await runIntegrationCheck({ companyId, kind: "telegram" });
    expect(outcome.ok).toBe(false);
    expect(JSON.stringify(outcome)).not.toContain(PLAINTEXT);
    const after = await caller.integrations.list();
    expect(JSON.stringify(after)).not.toContain(PLAINTEXT);
    expect(lines.join("")).not.toContain(PLAINTEXT);
  });

  it("keeps the stored secret when the form leaves it empty, and validates before writing", async () => {
    const caller = callerFor(owner.user, companyId);
    await expect(caller.integrations.save({ kind: "moysklad", settings: {}, secrets: {} })).rejects.toThrow("Токен доступа: обязательное поле");
    await caller.integrations.save({ kind: "telegram", settings: { apiRoot: "http://127.0.0.1:10" }, secrets: {} });
    const row = await withSystem((tx) => tx.integrationConfig.findFirst({ where: { companyId, kind: "telegram" } }));
    expect(row?.secretFields).toEqual(["botToken"]);
    expect((row?.settings as { apiRoot: string }).apiRoot).toContain("127.0.0.1:10");
    await expect(caller.integrations.save({ kind: "amocrm", settings: { baseUrl: "not a url" }, secrets: { accessToken: "x" } }))
      .rejects.toMatchObject({ code: "BAD_REQUEST" });
    const amo = await withSystem((tx) => tx.integrationConfig.findFirst({ where: { companyId, kind: "amocrm" } }));
    expect(amo).toBeNull();
  });
});
