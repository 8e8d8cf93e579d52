/**
 * Per test file: a fresh database cloned from the migrated template, and the environment pointing at it.
 */
import { randomBytes } from "node:crypto";
import { afterAll, inject } from "vitest";
import { dropDatabase, ensureDatabase, withDatabase } from "../../scripts/lib/bootstrap-db";
import { disconnectDb } from "../db";
import { resetEnvCache } from "../env";
import { TEMPLATE_DB, TEST_APP_PASSWORD, TEST_SECRETS_KEY } from "./constants";

const ownerUrl = inject("ownerUrl");
const database = `pult_t_${randomBytes(6).toString("hex")}`;
await ensureDatabase(ownerUrl, database, TEMPLATE_DB);

Object.assign(process.env, {
  NODE_ENV: "test",
  DATABASE_URL: withDatabase(ownerUrl, database),
  DATABASE_APP_PASSWORD: TEST_APP_PASSWORD,
  DATABASE_POOL_SIZE: "5",
  AUTH_SECRET: "test-auth-secret-test-auth-secret-0123456789",
  SECRETS_KEY: TEST_SECRETS_KEY,
  SECRETS_KEY_ID: "test",
  LOG_LEVEL: process.env.LOG_LEVEL ?? "silent",
  WORKER_MODE: "off",
});
resetEnvCache();

afterAll(async () => {
  await disconnectDb();
  await dropDatabase(ownerUrl, database);
});
