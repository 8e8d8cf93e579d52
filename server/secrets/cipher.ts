/**
 * Secrets at rest: AES-256-GCM, a fresh 96-bit IV per value, bound to its owner through associated data
 * (so a ciphertext copied to another company or integration fails to decrypt). Format:
 *   v1.<keyId>.<iv>.<tag>.<ciphertext>   (base64url parts)
 * The key id makes rotation possible: SECRETS_KEY/SECRETS_KEY_ID encrypt; SECRETS_OLD_KEYS ("id:base64,…")
 * still decrypt.
 */
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { getEnv } from "../env";

type TKeyring = { currentId: string; keys: Map<string, Buffer> };

function parseKey(id: string, b64: string): Buffer {
  const key = Buffer.from(b64.trim(), "base64");
  if (key.length !== 32) throw new Error(`Secrets key "${id}" must be 32 bytes in base64 (got ${key.length} bytes)`);
  return key;
}

let keyring: TKeyring | undefined;

export function getKeyring(): TKeyring {
  if (keyring) return keyring;
  const env = getEnv();
  const keys = new Map<string, Buffer>([[env.SECRETS_KEY_ID, parseKey(env.SECRETS_KEY_ID, env.SECRETS_KEY)]]);
  for (const pair of env.SECRETS_OLD_KEYS.split(",").map((s) => s.trim()).filter(Boolean)) {
    const [id, b64] = pair.split(":");
    if (!id || !b64) throw new Error("SECRETS_OLD_KEYS: expected id:base64 pairs separated by commas");
    keys.set(id, parseKey(id, b64));
  }
  keyring = { currentId: env.SECRETS_KEY_ID, keys };
  return keyring;
}

/** For tests that change the keys. */
export function resetKeyring(): void {
  keyring = undefined;
}

export function encryptSecret(plaintext: string, context: string): { cipher: string; keyId: string } {
  const { currentId, keys } = getKeyring();
  const iv = randomBytes(12);
  const c = createCipheriv("aes-256-gcm", keys.get(currentId)!, iv);
  c.setAAD(Buffer.from(context, "utf8"));
  const body = Buffer.concat([c.update(plaintext, "utf8"), c.final()]);
  const parts = [iv, c.getAuthTag(), body].map((b) => b.toString("base64url"));
  return { cipher: ["v1", currentId, ...parts].join("."), keyId: currentId };
}

export function decryptSecret(cipher: string, context: string): string {
  const [version, keyId, iv, tag, body] = cipher.split(".");
  if (version !== "v1" || !keyId || !iv || !tag || body === undefined) throw new Error("Malformed secret ciphertext");
  const key = getKeyring().keys.get(keyId);
  if (!key) throw new Error(`Secrets key "${keyId}" is not configured (SECRETS_OLD_KEYS?)`);
  const d = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"));
  d.setAAD(Buffer.from(context, "utf8"));
  d.setAuthTag(Buffer.from(tag, "base64url"));
  return Buffer.concat([d.update(Buffer.from(body, "base64url")), d.final()]).toString("utf8");
}
