"use client";

import { useEffect, useState } from "react";
import Link from "next/link";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Bell } from "lucide-react";
import { useTRPC } from "@/components/trpc";
import { DropdownMenu, DropdownMenuContent, DropdownMenuItem, DropdownMenuLabel, DropdownMenuSeparator, DropdownMenuTrigger } from "@/components/ui/dropdown-menu";
import { formatDateTime } from "@/components/format";

/**
 * The bell in the shell header: unread count and the latest notifications. Live over SSE
 * (/api/crm/notifications/stream); EventSource reconnects by itself and sends Last-Event-ID, so nothing is lost.
 */
export function NotificationBell() {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const key = trpc.crm.notifications.queryKey({ take: 20 });
  const q = useQuery(trpc.crm.notifications.queryOptions({ take: 20 }));
  const [live, setLive] = useState<number | null>(null);
  const markRead = useMutation(trpc.crm.markRead.mutationOptions({ onSuccess: () => { setLive(0); void qc.invalidateQueries({ queryKey: key }); } }));

  useEffect(() => {
    const es = new EventSource("/api/crm/notifications/stream");
    es.addEventListener("unread", (e) => setLive((JSON.parse((e as MessageEvent).data) as { unread: number }).unread));
    es.addEventListener("notification", () => { void qc.invalidateQueries({ queryKey: key }); });
    return () => es.close();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const unread = live ?? q.data?.unread ?? 0;
  const items = q.data?.items ?? [];
  return (
    <DropdownMenu>
      <DropdownMenuTrigger className="relative inline-flex size-9 items-center justify-center rounded-md hover:bg-muted" aria-label={`Уведомления: непрочитанных ${unread}`} data-testid="notification-bell">
        <Bell className="size-5" />
        {unread > 0 ? (
          <span className="absolute -top-0.5 -right-0.5 min-w-5 rounded-full bg-danger px-1 text-center text-[11px] leading-5 font-semibold text-danger-foreground" data-testid="notification-count">{unread > 99 ? "99+" : unread}</span>
        ) : null}
      </DropdownMenuTrigger>
      <DropdownMenuContent align="end" className="w-96" data-testid="notification-list">
        <DropdownMenuLabel className="flex items-center justify-between">
          Уведомления
          {unread > 0 ? <button type="button" className="text-xs font-normal text-primary hover:underline" onClick={() => markRead.mutate({})} data-testid="notifications-read-all">Прочитать все</button> : null}
        </DropdownMenuLabel>
        <DropdownMenuSeparator />
        {items.length === 0 ? <div className="px-3 py-6 text-center text-sm text-muted-foreground">Уведомлений нет</div> : null}
        {items.map((n) => (
          <DropdownMenuItem key={n.id} asChild onSelect={() => { if (!n.read) markRead.mutate({ ids: [n.id] }); }}>
            <Link href={n.link ?? "/crm"} className="flex flex-col items-start gap-0.5" data-testid="notification-item" data-read={n.read ? "true" : "false"}>
              <span className={n.read ? "text-sm" : "text-sm font-semibold"}>{n.title}</span>
              {n.body ? <span className="text-xs text-muted-foreground">{n.body}</span> : null}
              <span className="text-[11px] text-muted-foreground">{formatDateTime(n.createdAt)}</span>
            </Link>
          </DropdownMenuItem>
        ))}
      </DropdownMenuContent>
    </DropdownMenu>
  );
}
