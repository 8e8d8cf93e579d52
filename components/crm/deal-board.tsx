"use client";

import { useState } from "react";
import Link from "next/link";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useTRPC, errorMessage } from "@/components/trpc";
import { PageHeader } from "@/components/ui/page-header";
import { Alert } from "@/components/ui/alert";
import { Skeleton } from "@/components/ui/skeleton";
import { CrmNav } from "./crm-nav";
import { DealFilters, EMPTY_FILTERS, toApiFilters, type TDealFilterState } from "./deal-filters";
import { STAGE_LABELS } from "./labels";
import { ReviewDate } from "./deals-view";
import { useDebounced } from "./use-debounced";

/** Deals by stage, nearest review date first in each column. */
export function DealBoard() {
  const trpc = useTRPC();
  const [filters, setFilters] = useState<TDealFilterState>(EMPTY_FILTERS);
  const debounced = useDebounced(filters);
  const q = useQuery({ ...trpc.crm.board.queryOptions({ filters: toApiFilters(debounced), perStage: 30 }), placeholderData: keepPreviousData });
  return (
    <div>
      <PageHeader title="CRM: доска сделок" description="Сделки по этапам; в колонке — до 30 ближайших к просмотру." />
      <CrmNav />
      <DealFilters value={filters} onChange={setFilters} showStage={false} />
      {q.error ? <Alert variant="danger">{errorMessage(q.error)}</Alert> : !q.data ? <Skeleton className="h-96" /> : (
        <div className="flex gap-3 overflow-x-auto pb-3" data-testid="deal-board">
          {q.data.columns.map((col) => (
            <section key={col.stage} className="w-64 shrink-0 rounded-lg border border-border bg-surface" data-testid={`board-column-${col.stage}`}>
              <header className="flex items-center justify-between border-b border-border px-3 py-2 text-sm font-medium">
                {STAGE_LABELS[col.stage]} <span className="text-muted-foreground tabular-nums">{col.total}</span>
              </header>
              <div className="space-y-2 p-2">
                {col.items.length === 0 ? <p className="px-1 py-4 text-center text-xs text-muted-foreground">Пусто</p> : null}
                {col.items.map((d) => (
                  <Link key={d.id} href={`/crm/deals/${d.id}`} className="block rounded-md border border-border bg-background p-2 text-sm hover:border-primary">
                    <div className="font-medium">{d.title}</div>
                    <div className="text-xs text-muted-foreground">{d.client.name} · {d.seller.name}</div>
                    <div className="mt-1 text-xs">Просмотр: <ReviewDate date={d.reviewDate} manual={d.reviewManual} /></div>
                  </Link>
                ))}
                {col.total > col.items.length ? <p className="px-1 text-xs text-muted-foreground">и ещё {col.total - col.items.length}…</p> : null}
              </div>
            </section>
          ))}
        </div>
      )}
    </div>
  );
}
