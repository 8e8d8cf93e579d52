import { errorResponse, resolveRouteAccess } from "@/server/crm/resolve-route-access";
import { latestNotificationSeq, notificationsAfter } from "@/server/crm/notifications";

export const dynamic = "force-dynamic";

const POLL_MS = 1500;
const HEARTBEAT_MS = 15_000;

/**
 * Server-sent events: `notification` events (id = the notification's seq) and `unread` counts. A reconnecting
 * EventSource sends Last-Event-ID and gets everything after it; a fresh connection starts at the newest.
 */
export async function GET(req: Request) {
  let access;
  try { access = await resolveRouteAccess(req.headers); } catch (err) { return errorResponse(err); }
  const url = new URL(req.url);
  const lastId = req.headers.get("last-event-id") ?? url.searchParams.get("lastEventId");
  let cursor = lastId && /^\d+$/.test(lastId) ? Number(lastId) : await latestNotificationSeq(access);
  const enc = new TextEncoder();
  const signal = req.signal;

  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      const send = (s: string) => { try { controller.enqueue(enc.encode(s)); } catch { /* closed */ } };
      send(`retry: 3000\n\n`);
      let lastBeat = Date.now();
      let lastUnread = -1;
      while (!signal.aborted) {
        try {
          const { unread, items } = await notificationsAfter({ ...access, afterSeq: cursor });
          for (const n of items) {
            cursor = n.seq;
            send(`id: ${n.seq}\nevent: notification\ndata: ${JSON.stringify(n)}\n\n`);
          }
          if (unread !== lastUnread || items.length) {
            lastUnread = unread;
            send(`event: unread\ndata: ${JSON.stringify({ unread })}\n\n`);
          }
        } catch {
          break;
        }
        if (Date.now() - lastBeat > HEARTBEAT_MS) { send(`: heartbeat\n\n`); lastBeat = Date.now(); }
        await new Promise((r) => setTimeout(r, POLL_MS));
      }
      try { controller.close(); } catch { /* already closed */ }
    },
  });
  return new Response(stream, {
    headers: { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache, no-transform", connection: "keep-alive", "x-accel-buffering": "no" },
  });
}
