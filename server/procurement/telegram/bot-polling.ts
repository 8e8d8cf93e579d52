import pg from "pg";
import { getIntegrationConfig } from "../../connections/get-integration-config";
import { withSystem, withTenant } from "../../db";
import { getEnv } from "../../env";
import { createTelegramClient } from "../../integrations/telegram/client";
import type { TTelegramConfig } from "../../integrations/telegram/schemas";
import { UpstreamError } from "../../integrations/errors";
import { logger } from "../../logger";
import { handleDealerBotUpdate } from "../../dealers/handle-bot-update";

/**
 * Long polling of the companies' Telegram bots (the embedded default): for every company with a Telegram
 * integration whose bot has no webhook set, the worker asks `getUpdates` (with `timeout`) and hands each
 * update to the shared per-company bot handler (managers' commands and the dealers' flow). A bot with a
 * webhook is served by `app/api/telegram/[companyId]` (secret-token header checked) and is left alone here.
 *
 *  - One poller per bot token across worker processes: a session-level Postgres advisory lock on the bot id,
 *    held on a dedicated connection (a crashed process releases it; another worker takes over at its refresh).
 *  - The offset lives in `TelegramPollCursor` and is moved past an update, conditionally, BEFORE the update is
 *    handled: after a restart (or if two processes ever overlapped) no update is handled twice.
 *  - 409 (a webhook was set meanwhile): the poller stops; the next refresh sees the webhook and stays idle.
 */
export type TBotPollingOptions = {
  /** How often the list of bots (and the webhook state) is re-read. */
  refreshMs?: number;
  /** getUpdates `timeout`, seconds. */
  timeoutSeconds?: number;
  /** Pause after a failed getUpdates. */
  retryMs?: number;
};

type TPoller = { version: string; botId: string; ended: () => boolean; stop: () => Promise<void> };

export const botIdOf = (token: string) => token.split(":")[0] ?? token;

export function startBotPolling(opts: TBotPollingOptions = {}): { stop(): Promise<void>; active(): string[]; refreshes(): number } {
  const refreshMs = opts.refreshMs ?? 60_000;
  const timeoutSeconds = opts.timeoutSeconds ?? 25;
  const pollers = new Map<string, TPoller>();
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  let lockClient: pg.Client | null = null;
  let refreshes = 0;
  let refreshing: Promise<void> | null = null;

  const locks = async (): Promise<pg.Client> => {
    if (lockClient) return lockClient;
    const client = new pg.Client({ connectionString: getEnv().DATABASE_URL });
    client.on("error", (err) => {
      // The session (and with it every lock) is gone: stop polling; the next refresh reconnects.
      logger.warn({ err: String(err) }, "telegram polling: lock connection lost");
      lockClient = null;
      for (const [companyId, p] of pollers) {
        void p.stop();
        pollers.delete(companyId);
      }
    });
    await client.connect();
    lockClient = client;
    return client;
  };

  // One connection holds the locks: its queries go one after another (pollers stopping together would otherwise
  // query it at once, and two first calls would each open a connection).
  let lockQueue: Promise<unknown> = Promise.resolve();
  const onLockConnection = <T>(fn: () => Promise<T>): Promise<T> => {
    const next = lockQueue.then(fn);
    lockQueue = next.catch(() => undefined);
    return next;
  };
  const tryLock = (botId: string) => onLockConnection(async () => {
    const r = await (await locks()).query<{ ok: boolean }>("SELECT pg_try_advisory_lock(hashtext('pult-telegram-poll'), hashtext($1)) AS ok", [botId]);
    return r.rows[0]?.ok === true;
  });
  const unlock = (botId: string) => onLockConnection(async () => {
    await lockClient?.query("SELECT pg_advisory_unlock(hashtext('pult-telegram-poll'), hashtext($1))", [botId]).catch(() => undefined);
  });

  const refresh = async () => {
    try {
      const rows = await withSystem((tx) => tx.integrationConfig.findMany({ where: { kind: "telegram" }, select: { companyId: true, updatedAt: true } }));
      const seen = new Set<string>();
      for (const row of rows) {
        seen.add(row.companyId);
        const version = row.updatedAt.toISOString();
        const current = pollers.get(row.companyId);
        if (current?.version === version && !current.ended()) continue;
        if (current) {
          await current.stop();
          pollers.delete(row.companyId);
        }
        let config: TTelegramConfig;
        try {
          config = await getIntegrationConfig<TTelegramConfig>(row.companyId, "telegram");
        } catch {
          continue; // incomplete settings
        }
        const botId = botIdOf(config.botToken);
        if ([...pollers.values()].some((p) => p.botId === botId)) continue; // the same bot in another company: one poller
        const client = createTelegramClient(config, { timeoutMs: (timeoutSeconds + 15) * 1000 });
        try {
          const info = await client.getWebhookInfo();
          if (info.url) continue; // webhook mode
        } catch (err) {
          logger.warn({ companyId: row.companyId, err: err instanceof UpstreamError ? err.userMessage : String(err) }, "telegram polling: getWebhookInfo failed");
          continue;
        }
        if (stopped) break;
        if (!(await tryLock(botId))) continue; // another worker polls this bot
        pollers.set(row.companyId, { version, botId, ...pollLoop(row.companyId, botId, client) });
      }
      for (const [companyId, p] of pollers) {
        if (!seen.has(companyId)) {
          await p.stop();
          pollers.delete(companyId);
        }
      }
    } catch (err) {
      if (!stopped) logger.warn({ err: String(err) }, "telegram polling: refresh failed");
    }
    refreshes++;
    if (!stopped) timer = setTimeout(() => void (refreshing = refresh()), refreshMs);
  };

  const pollLoop = (companyId: string, botId: string, client: ReturnType<typeof createTelegramClient>) => {
    let active = true;
    let ended = false;
    const controller = new AbortController();
    const done = (async () => {
      let offset = await withTenant(companyId, async (tx) => {
        const row = await tx.telegramPollCursor.findUnique({ where: { companyId } });
        if (row && row.botId === botId) return Number(row.offset);
        await tx.telegramPollCursor.upsert({ where: { companyId }, create: { companyId, botId, offset: 0 }, update: { botId, offset: 0 } });
        return 0;
      });
      while (active) {
        let updates: Array<{ update_id: number }>;
        try {
          updates = await client.call((api) => api.getUpdates({ offset, timeout: timeoutSeconds, limit: 100 }, controller.signal as never));
        } catch (err) {
          if (!active) break;
          const e = err instanceof UpstreamError ? err : null;
          if (e?.status === 409) {
            logger.info({ companyId }, "telegram polling: a webhook is set, long polling stops");
            break;
          }
          logger.warn({ companyId, err: e?.userMessage ?? String(err) }, "telegram polling: getUpdates failed");
          await new Promise((r) => setTimeout(r, opts.retryMs ?? 5_000));
          continue;
        }
        for (const update of updates) {
          const next = update.update_id + 1;
          // Claim the update by moving the stored offset past it (only if nobody did): handled at most once.
          const claimed = await withTenant(companyId, (tx) =>
            tx.telegramPollCursor.updateMany({ where: { companyId, botId, offset: { lte: update.update_id } }, data: { offset: next } }),
          );
          offset = Math.max(offset, next);
          if (claimed.count === 0) continue;
          try {
            await handleDealerBotUpdate({ companyId, update });
          } catch (err) {
            logger.error({ companyId, updateId: update.update_id, err: String(err) }, "telegram polling: update handling failed");
          }
        }
      }
    })()
      .catch((err: unknown) => logger.error({ companyId, err: String(err) }, "telegram polling: loop failed"))
      .finally(() => {
        ended = true;
      });
    return {
      ended: () => ended,
      stop: async () => {
        active = false;
        controller.abort();
        await done;
        await unlock(botId);
      },
    };
  };

  refreshing = refresh();
  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await refreshing; // a refresh in flight could otherwise start (and lock) a poller after the stop
      await Promise.all([...pollers.values()].map((p) => p.stop()));
      pollers.clear();
      await onLockConnection(async () => {
        await lockClient?.end().catch(() => undefined);
        lockClient = null;
      });
    },
    active: () => [...pollers].filter(([, p]) => !p.ended()).map(([companyId]) => companyId),
    refreshes: () => refreshes,
  };
}
