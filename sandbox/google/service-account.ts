import { generateKeyPairSync, randomBytes } from "node:crypto";

/** Google service account key files (the JSON downloaded from the Cloud console), generated locally. */

export type TServiceAccountKey = {
  type: "service_account";
  project_id: string;
  private_key_id: string;
  private_key: string;
  client_email: string;
  client_id: string;
  auth_uri: string;
  token_uri: string;
  auth_provider_x509_cert_url: string;
  client_x509_cert_url: string;
  universe_domain: string;
};

export type TGeneratedServiceAccount = {
  key: TServiceAccountKey;
  /** The key file as the user would paste it (pretty JSON). */
  keyJson: string;
  /** SPKI PEM to register in the simulator. */
  publicKeyPem: string;
};

/**
 * Generates an RSA-2048 keypair and a service account key file whose `token_uri`
 * points at the given token endpoint (the simulator's `/token`).
 */
export function createServiceAccountKey(options: {
  tokenUri: string;
  clientEmail?: string;
  projectId?: string;
}): TGeneratedServiceAccount {
  const projectId = options.projectId ?? "pult-sandbox";
  const clientEmail = options.clientEmail ?? `pult-export@${projectId}.iam.gserviceaccount.com`;
  const { privateKey, publicKey } = generateKeyPairSync("rsa", {
    modulusLength: 2048,
    publicKeyEncoding: { type: "spki", format: "pem" },
    privateKeyEncoding: { type: "pkcs8", format: "pem" },
  });
  const key: TServiceAccountKey = {
    type: "service_account",
    project_id: projectId,
    private_key_id: randomBytes(20).toString("hex"),
    private_key: privateKey,
    client_email: clientEmail,
    client_id: String(100_000_000_000_000_000_000n + BigInt(randomBytes(6).readUIntBE(0, 6))),
    auth_uri: "https://accounts.google.com/o/oauth2/auth",
    token_uri: options.tokenUri,
    auth_provider_x509_cert_url: "https://www.googleapis.com/oauth2/v1/certs",
    client_x509_cert_url: `https://www.googleapis.com/robot/v1/metadata/x509/${encodeURIComponent(clientEmail)}`,
    universe_domain: "googleapis.com",
  };
  return { key, keyJson: JSON.stringify(key, null, 2), publicKeyPem: publicKey };
}
