/**
 * The only place that reads process.env. Validated once, lazily (so `next build` works without secrets).
 */
import { z } from "zod";

const ZBool = z
  .enum(["1", "0", "true", "false", "yes", "no", ""])
  .optional()
  .transform((v) => v === "1" || v === "true" || v === "yes");

const ZEnv = z.object({
  NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
  DATABASE_URL: z.string().url("DATABASE_URL должен быть URL postgresql://…"),
  DATABASE_APP_URL: z.string().url().optional(),
  DATABASE_APP_PASSWORD: z.string().min(8).default("pult-app-dev-password"),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(10),
  AUTH_SECRET: z.string().min(32, "AUTH_SECRET: не короче 32 символов"),
  SECRETS_KEY: z.string().min(1, "SECRETS_KEY обязателен (32 байта в base64)"),
  SECRETS_KEY_ID: z.string().regex(/^[a-z0-9_-]{1,32}$/i).default("k1"),
  SECRETS_OLD_KEYS: z.string().default(""),
  APP_URL: z.string().url().default("http://localhost:3000"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  WORKER_MODE: z.enum(["inprocess", "external", "off"]).default("inprocess"),
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(50).default(4),
  INNGEST_EVENT_KEY: z.string().optional(),
  INNGEST_SIGNING_KEY: z.string().optional(),
  INNGEST_DEV: ZBool,
  INTEGRATION_RECHECK_CRON: z.string().default("*/30 * * * *"),
  LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).default(10),
  LOGIN_WINDOW_MINUTES: z.coerce.number().int().min(1).default(15),
  INVITATION_TTL_HOURS: z.coerce.number().int().min(1).default(72),
  JOB_STALE_AFTER_SECONDS: z.coerce.number().int().min(10).default(300),
  /**
   * How the companies' Telegram bots receive updates: "webhook" (Telegram POSTs to APP_URL/api/telegram/<company>,
   * the secret-token header checked; APP_URL must be reachable from Telegram) or "polling" (the worker's
   * getUpdates long polling, server/procurement/telegram/bot-polling.ts; the embedded default of `npm run dev`).
   */
  TELEGRAM_UPDATES: z.enum(["webhook", "polling"]).default("webhook"),
  /** CRM document store on disk (server/storage); relative paths are taken from the working directory. */
  CRM_STORAGE_DIR: z.string().min(1).default(".data/files"),
  /** Where the documents live: "disk" (CRM_STORAGE_DIR) or "s3" (an S3-compatible bucket, path-style). */
  CRM_STORAGE_DRIVER: z.enum(["disk", "s3"]).default("disk"),
  CRM_S3_ENDPOINT: z.string().url("CRM_S3_ENDPOINT должен быть URL https://…").optional(),
  CRM_S3_REGION: z.string().min(1).default("us-east-1"),
  CRM_S3_BUCKET: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, "CRM_S3_BUCKET: имя бакета S3").optional(),
  CRM_S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  /** Secret: never logged (the env error lists only names and messages, never values). */
  CRM_S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  /** Optional key prefix inside the bucket (a folder shared with other data). */
  CRM_S3_PREFIX: z.string().regex(/^[A-Za-z0-9._\/-]*$/, "CRM_S3_PREFIX: латиница, цифры, . _ - /").optional(),
  CRM_MAX_UPLOAD_MB: z.coerce.number().int().min(1).max(500).default(20),
  CRM_DOWNLOAD_LINK_TTL_SECONDS: z.coerce.number().int().min(10).max(3600).default(300),
}).superRefine((env, ctx) => {
  if (env.CRM_STORAGE_DRIVER !== "s3") return;
  for (const k of ["CRM_S3_ENDPOINT", "CRM_S3_BUCKET", "CRM_S3_ACCESS_KEY_ID", "CRM_S3_SECRET_ACCESS_KEY"] as const) {
    if (!env[k]) ctx.addIssue({ code: "custom", path: [k], message: `${k} обязателен при CRM_STORAGE_DRIVER=s3` });
  }
});

export type TEnv = z.infer<typeof ZEnv> & { appDatabaseUrl: string; inngestEnabled: boolean };

let cached: TEnv | undefined;

export function getEnv(): TEnv {
  if (cached) return cached;
  const parsed = ZEnv.safeParse(process.env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`).join("\n");
    throw new Error(`Invalid environment:\n${lines}`);
  }
  const env = parsed.data;
  cached = {
    ...env,
    appDatabaseUrl: env.DATABASE_APP_URL ?? deriveAppDatabaseUrl(env.DATABASE_URL, env.DATABASE_APP_PASSWORD),
    inngestEnabled: Boolean(env.INNGEST_EVENT_KEY || env.INNGEST_SIGNING_KEY || env.INNGEST_DEV),
  };
  return cached;
}

/** The app connects as the non-owner role `pult_app` (RLS applies); migrations run as the owner. */
export const APP_DB_ROLE = "pult_app";

export function deriveAppDatabaseUrl(ownerUrl: string, password: string): string {
  const url = new URL(ownerUrl);
  url.username = APP_DB_ROLE;
  url.password = password;
  return url.toString();
}

/** For tests only: forget the cached env after changing process.env. */
export function resetEnvCache(): void {
  cached = undefined;
}

/** Log level, readable before (and even when) the full environment is invalid. */
export function getLogLevel(): string {
  const level = process.env.LOG_LEVEL;
  if (level) return level;
  return process.env.NODE_ENV === "test" ? "silent" : "info";
}
