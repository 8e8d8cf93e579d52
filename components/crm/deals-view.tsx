"use client";

import { useState } from "react";
import Link from "next/link";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { Plus } from "lucide-react";
import { useTRPC, errorMessage } from "@/components/trpc";
import { PageHeader } from "@/components/ui/page-header";
import { Button } from "@/components/ui/button";
import { Badge } from "@/components/ui/badge";
import { Alert } from "@/components/ui/alert";
import { Select } from "@/components/ui/select";
import { Skeleton } from "@/components/ui/skeleton";
import { Pagination } from "@/components/ui/pagination";
import { Table, THead, TBody, TR, TH, TD, DataTableEmpty } from "@/components/ui/table";
import { CrmNav } from "./crm-nav";
import { CreateDealDialog } from "./create-deal-dialog";
import { DealFilters, EMPTY_FILTERS, toApiFilters, type TDealFilterState } from "./deal-filters";
import { STAGE_LABELS, STAGE_VARIANTS } from "./labels";
import { formatDay, todayString } from "./format";
import { useDebounced } from "./use-debounced";
import { SavedFiltersBar } from "./saved-filters-bar";

const PAGE_SIZE = 25;

export function ReviewDate({ date, manual }: { date: Date | null; manual?: boolean }) {
  if (!date) return <span className="text-muted-foreground">—</span>;
  const overdue = date.toISOString().slice(0, 10) < todayString();
  return (
    <span className={overdue ? "font-medium text-danger-strong" : undefined} title={manual ? "Дата задана вручную" : undefined}>
      {formatDay(date)}{manual ? " ✎" : ""}
    </span>
  );
}

export function DealsView({ canCreate, canPickSeller }: { canCreate: boolean; canPickSeller: boolean }) {
  const trpc = useTRPC();
  const [filters, setFilters] = useState<TDealFilterState>(EMPTY_FILTERS);
  const [sort, setSort] = useState<"updatedAt" | "reviewDate" | "title">("updatedAt");
  const [page, setPage] = useState(1);
  const [creating, setCreating] = useState(false);
  const debounced = useDebounced(filters);
  const q = useQuery({
    ...trpc.crm.deals.queryOptions({ filters: { ...toApiFilters(debounced), stage: (debounced.stage || undefined) as never, sort }, page, pageSize: PAGE_SIZE }),
    placeholderData: keepPreviousData,
  });

  return (
    <div>
      <PageHeader title="CRM: сделки" description="Сделки со страховыми клиентами: расчёты, полисы, платежи и дата следующего просмотра."
        actions={canCreate ? <Button onClick={() => setCreating(true)} data-testid="new-deal"><Plus /> Новая сделка</Button> : null} />
      <CrmNav />
      <DealFilters value={filters} onChange={(v) => { setFilters(v); setPage(1); }} />
      <SavedFiltersBar filters={filters} sort={sort} onApply={(f, s) => { setFilters(f); setSort(s); setPage(1); }} />
      <div className="mb-2 flex items-center justify-end gap-2 text-sm">
        <label htmlFor="deals-sort" className="text-muted-foreground">Сортировка</label>
        <Select id="deals-sort" className="w-56" value={sort} onChange={(e) => setSort(e.target.value as typeof sort)}
          options={[{ value: "updatedAt", label: "Недавно изменённые" }, { value: "reviewDate", label: "Ближайший просмотр" }, { value: "title", label: "По названию" }]} />
      </div>
      {q.error ? <Alert variant="danger">{errorMessage(q.error)}</Alert> : !q.data ? <Skeleton className="h-64" /> : (
        <>
          <Table data-testid="deals-table">
            <THead><TR><TH>Сделка</TH><TH>Клиент</TH><TH>Этап</TH><TH>Продавец</TH><TH>Исполнители</TH><TH>Дата просмотра</TH></TR></THead>
            <TBody>
              {q.data.items.length === 0 ? <DataTableEmpty colSpan={6} title="Сделок не найдено" description="Измените фильтры или заведите новую сделку." /> : null}
              {q.data.items.map((d) => (
                <TR key={d.id} data-testid="deal-row">
                  <TD><Link className="font-medium text-primary hover:underline" href={`/crm/deals/${d.id}`}>{d.title}</Link></TD>
                  <TD>{d.client.name}</TD>
                  <TD><Badge variant={STAGE_VARIANTS[d.stage]}>{STAGE_LABELS[d.stage]}</Badge></TD>
                  <TD>{d.seller.name}</TD>
                  <TD className="text-sm text-muted-foreground">{d.executors.map((e) => e.name).join(", ") || "—"}</TD>
                  <TD><ReviewDate date={d.reviewDate} manual={d.reviewManual} /></TD>
                </TR>
              ))}
            </TBody>
          </Table>
          <Pagination page={page} pageSize={PAGE_SIZE} total={q.data.total} totalIsLowerBound={q.data.totalCapped} onPageChange={setPage} disabled={q.isFetching} />
        </>
      )}
      {canCreate ? <CreateDealDialog open={creating} onOpenChange={setCreating} canPickSeller={canPickSeller} /> : null}
    </div>
  );
}
