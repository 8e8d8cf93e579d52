import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

export type TDevSecrets = { AUTH_SECRET: string; SECRETS_KEY: string; SECRETS_KEY_ID: string };

/** Generated once per checkout for the demo (.data/dev-secrets.json, git-ignored, mode 600). */
export function loadDevSecrets(dataDir: string): TDevSecrets {
  const file = path.join(dataDir, "dev-secrets.json");
  if (existsSync(file)) return JSON.parse(readFileSync(file, "utf8")) as TDevSecrets;
  mkdirSync(dataDir, { recursive: true });
  const secrets: TDevSecrets = {
    AUTH_SECRET: randomBytes(32).toString("base64url"),
    SECRETS_KEY: randomBytes(32).toString("base64"),
    SECRETS_KEY_ID: "dev1",
  };
  writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets;
}
