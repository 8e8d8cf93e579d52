/**
 * `npm run worker`: a graphile-worker process running every background job (production; scale out by
 * starting more). SIGTERM/SIGINT: graceful stop (running jobs reach their next step boundary and go back to
 * the queue); a second signal stops at once.
 */
import { startWorker } from "../server/jobs/worker-runtime";
import { disconnectDb } from "../server/db";
import { getEnv } from "../server/env";
import { logger } from "../server/logger";
import { startMailWatchers } from "../server/procurement/mail/start-mail-watchers";
import { startBotPolling } from "../server/procurement/telegram/bot-polling";

const env = getEnv();
if (env.inngestEnabled) {
  logger.warn("Inngest is configured: jobs are served at /api/inngest; `npm run worker` has nothing to do");
  process.exit(0);
}

const worker = await startWorker({ concurrency: env.WORKER_CONCURRENCY });
// IMAP IDLE listeners of the procurement mailboxes (new mail → a poll job within a second).
const mailWatchers = startMailWatchers();
// Long polling of the companies' Telegram bots that have no webhook (one poller per bot across workers).
const botPolling = startBotPolling();
let stopping = false;

function onSignal(signal: NodeJS.Signals) {
  if (stopping) {
    logger.warn({ signal }, "second signal: stopping at once");
    void worker.kill().finally(() => process.exit(1));
    return;
  }
  stopping = true;
  logger.info({ signal }, "stopping the worker gracefully");
  Promise.all([mailWatchers.stop(), botPolling.stop()])
    .then(() => worker.stop())
    .then(() => disconnectDb())
    .then(() => process.exit(0), (err: unknown) => {
      logger.error({ err }, "worker stop failed");
      process.exit(1);
    });
}

process.on("SIGTERM", onSignal);
process.on("SIGINT", onSignal);

await worker.promise;
if (!stopping) {
  logger.error("worker stopped unexpectedly");
  await disconnectDb();
  process.exit(1);
}
