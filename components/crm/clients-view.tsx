"use client";

import { useState } from "react";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useTRPC, errorMessage } from "@/components/trpc";
import { PageHeader } from "@/components/ui/page-header";
import { Alert } from "@/components/ui/alert";
import { Input } from "@/components/ui/input";
import { Skeleton } from "@/components/ui/skeleton";
import { Pagination } from "@/components/ui/pagination";
import { Table, THead, TBody, TR, TH, TD, DataTableEmpty } from "@/components/ui/table";
import { CrmNav } from "./crm-nav";
import { CLIENT_KIND_LABELS } from "./labels";
import { useDebounced } from "./use-debounced";

const PAGE_SIZE = 25;

export function ClientsView() {
  const trpc = useTRPC();
  const [search, setSearch] = useState("");
  const [page, setPage] = useState(1);
  const debounced = useDebounced(search);
  const q = useQuery({ ...trpc.crm.clients.queryOptions({ search: debounced, page, pageSize: PAGE_SIZE }), placeholderData: keepPreviousData });
  return (
    <div>
      <PageHeader title="Клиенты" description="Клиенты ваших сделок. Новый клиент заводится вместе со сделкой." />
      <CrmNav />
      <Input aria-label="Поиск клиентов" className="mb-3 max-w-md" placeholder="Имя, ИНН, телефон, email" value={search} onChange={(e) => { setSearch(e.target.value); setPage(1); }} />
      {q.error ? <Alert variant="danger">{errorMessage(q.error)}</Alert> : !q.data ? <Skeleton className="h-64" /> : (
        <>
          <Table data-testid="clients-table">
            <THead><TR><TH>Клиент</TH><TH>Тип</TH><TH>ИНН</TH><TH>Телефон</TH><TH>Email</TH><TH className="text-right">Сделок</TH></TR></THead>
            <TBody>
              {q.data.items.length === 0 ? <DataTableEmpty colSpan={6} title="Клиентов не найдено" /> : null}
              {q.data.items.map((c) => (
                <TR key={c.id} data-testid="client-row">
                  <TD className="font-medium">{c.name}</TD>
                  <TD>{CLIENT_KIND_LABELS[c.kind]}</TD>
                  <TD>{c.inn ?? "—"}</TD>
                  <TD>{c.phone ?? "—"}</TD>
                  <TD>{c.email ?? "—"}</TD>
                  <TD className="text-right tabular-nums">{c.deals}</TD>
                </TR>
              ))}
            </TBody>
          </Table>
          <Pagination page={page} pageSize={PAGE_SIZE} total={q.data.total} onPageChange={setPage} disabled={q.isFetching} />
        </>
      )}
    </div>
  );
}
