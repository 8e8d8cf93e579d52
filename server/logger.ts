import pino from "pino";
import { getLogLevel } from "./env";

/** Field names whose values never reach the logs (pino redaction, any depth up to 2). */
const SECRET_FIELDS = [
  "password", "token", "apiKey", "secret", "authorization", "cookie", "botToken", "accessToken",
  "serviceAccountJson", "webhookCode", "privateKey", "secrets", "secretAccessKey",
];

export const logger = pino({
  level: getLogLevel(),
  base: { service: "pult" },
  redact: { paths: [...SECRET_FIELDS, ...SECRET_FIELDS.map((f) => `*.${f}`), ...SECRET_FIELDS.map((f) => `*.*.${f}`)], censor: "[скрыто]" },
  timestamp: pino.stdTimeFunctions.isoTime,
});

export type TLogger = pino.Logger;
