import { withSystem } from "../../db";
import { getIntegrationConfig } from "../../connections/get-integration-config";
import { watchInbox } from "../../integrations/mail/client";
import type { TMailConfig } from "../../integrations/mail/schemas";
import { logger } from "../../logger";
import { requestMailPoll } from "./request-mail-polls";

/**
 * Long-running IMAP IDLE listeners, one per company with procurement + a mail integration, living in the
 * worker process. A new message wakes the listener, which queues a mailbox poll (the poll job does the
 * reading, storing and deduplication). The list of mailboxes is re-read every `refreshMs`, so new or changed
 * mail settings are picked up. The per-minute schedule remains the fallback when IDLE is unavailable.
 */
export function startMailWatchers(opts: { refreshMs?: number; debounceMs?: number } = {}): { stop(): Promise<void> } {
  const watchers = new Map<string, { version: string; stop: () => Promise<void> }>();
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;

  const wake = (companyId: string) => {
    let pending: NodeJS.Timeout | null = null;
    return () => {
      if (pending || stopped) return;
      pending = setTimeout(() => {
        pending = null;
        requestMailPoll({ companyId, trigger: "event", coalesce: true }).catch((err: unknown) => logger.warn({ err, companyId }, "mail watcher: poll request failed"));
      }, opts.debounceMs ?? 100);
    };
  };

  const refresh = async () => {
    try {
      const rows = await withSystem((tx) =>
        tx.integrationConfig.findMany({
          where: { kind: "mail", company: { enabledModules: { has: "procurement" } } },
          select: { companyId: true, updatedAt: true },
        }),
      );
      const seen = new Set<string>();
      for (const row of rows) {
        seen.add(row.companyId);
        const version = row.updatedAt.toISOString();
        const current = watchers.get(row.companyId);
        if (current?.version === version) continue;
        await current?.stop();
        let config: TMailConfig;
        try {
          config = await getIntegrationConfig<TMailConfig>(row.companyId, "mail");
        } catch {
          continue; // incomplete settings: the poll job reports the reason
        }
        const stop = watchInbox(config, {
          onNewMail: wake(row.companyId),
          onError: (error) => logger.warn({ companyId: row.companyId, error: error.userMessage }, "mail watcher: IMAP error, reconnecting"),
        });
        watchers.set(row.companyId, { version, stop });
      }
      for (const [companyId, w] of watchers) {
        if (!seen.has(companyId)) {
          await w.stop();
          watchers.delete(companyId);
        }
      }
    } catch (err) {
      if (!stopped) logger.warn({ err }, "mail watcher: refresh failed");
    }
    if (!stopped) timer = setTimeout(() => void refresh(), opts.refreshMs ?? 60_000);
  };
  void refresh();

  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await Promise.all([...watchers.values()].map((w) => w.stop()));
      watchers.clear();
    },
  };
}
