"use client";

import { useState } from "react";
import { useMutation } from "@tanstack/react-query";
import { useTRPC, errorMessage } from "@/components/trpc";
import { Button } from "@/components/ui/button";
import { Textarea } from "@/components/ui/textarea";
import { EmptyState } from "@/components/ui/empty-state";
import { toast } from "@/components/ui/toaster";
import { formatDateTime } from "@/components/format";
import { useRefreshDeal } from "./use-deal";
import type { TDeal } from "./deal-types";

export function DealJournal({ deal }: { deal: TDeal }) {
  const trpc = useTRPC();
  const refresh = useRefreshDeal(deal.id);
  const [text, setText] = useState("");
  const add = useMutation(trpc.crm.addJournal.mutationOptions({
    onSuccess: () => { setText(""); void refresh(); }, onError: (e) => toast.error(errorMessage(e)),
  }));
  return (
    <div className="space-y-4">
      {deal.canEdit ? (
        <form className="space-y-2" onSubmit={(e) => { e.preventDefault(); add.mutate({ dealId: deal.id, text }); }}>
          <Textarea aria-label="Запись в журнал" rows={3} value={text} onChange={(e) => setText(e.target.value)} placeholder="Что произошло по сделке" data-testid="journal-text" />
          <Button type="submit" size="sm" loading={add.isPending} disabled={!text.trim()} data-testid="journal-add">Добавить запись</Button>
        </form>
      ) : null}
      {deal.journal.length === 0 ? <EmptyState title="Журнал пуст" description="Записывайте сюда переговоры с клиентом и договорённости." /> : (
        <ol className="space-y-2" data-testid="journal-list">
          {deal.journal.map((j) => (
            <li key={j.id} className="rounded-md border border-border bg-surface p-3">
              <div className="mb-1 text-xs text-muted-foreground">{j.authorName} · {formatDateTime(j.createdAt)}</div>
              <p className="text-sm whitespace-pre-wrap">{j.text}</p>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
