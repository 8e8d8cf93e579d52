/** graphile-worker's logger → pino. */
import { Logger } from "graphile-worker";
import { logger } from "../logger";

const base = logger.child({ component: "graphile-worker" });

export const graphileLogger = new Logger((scope) => (level: string, message: string, meta?: unknown) => {
  const fields = { scope, ...(meta && typeof meta === "object" ? { meta } : {}) };
  switch (String(level)) {
    case "error": base.error(fields, message); break;
    case "warning": base.warn(fields, message); break;
    // Per-task completion lines (every cron tick) are debug noise; JobRun/JobRunEvent carry the real story.
    case "info": if (/^Completed task/.test(message)) base.debug(fields, message); else base.info(fields, message); break;
    default: base.debug(fields, message);
  }
});
