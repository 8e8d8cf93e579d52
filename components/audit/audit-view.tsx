"use client";

import { Fragment, useState } from "react";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { History } from "lucide-react";
import { useTRPC, errorMessage } from "@/components/trpc";
import { PageHeader } from "@/components/ui/page-header";
import { Select } from "@/components/ui/select";
import { Input } from "@/components/ui/input";
import { Button } from "@/components/ui/button";
import { Table, THead, TBody, TR, TH, TD, DataTableEmpty } from "@/components/ui/table";
import { Pagination } from "@/components/ui/pagination";
import { Skeleton } from "@/components/ui/skeleton";
import { formatDateTime } from "@/components/format";
import { actionLabel, entityLabel } from "./labels";

const PAGE_SIZE = 50;

export function AuditView() {
  const trpc = useTRPC();
  const [filter, setFilter] = useState({ actorId: "", action: "", entity: "", from: "", to: "" });
  const [page, setPage] = useState(1);
  const [open, setOpen] = useState<string | null>(null);
  const members = useQuery(trpc.members.list.queryOptions({}));
  const q = useQuery({
    ...trpc.audit.list.queryOptions({
      page, pageSize: PAGE_SIZE,
      actorId: filter.actorId || undefined, action: filter.action || undefined, entity: filter.entity || undefined,
      from: filter.from ? new Date(`${filter.from}T00:00:00`) : undefined,
      to: filter.to ? new Date(`${filter.to}T23:59:59`) : undefined,
    }),
    placeholderData: keepPreviousData,
  });
  const set = (patch: Partial<typeof filter>) => { setFilter({ ...filter, ...patch }); setPage(1); };

  return (
    <div className="space-y-4">
      <PageHeader title="Журнал изменений" description="Кто, что и когда изменил в компании" />
      <div className="flex flex-wrap items-end gap-2" data-testid="audit-filters">
        <Select aria-label="Пользователь" className="w-48" value={filter.actorId} onChange={(e) => set({ actorId: e.target.value })}
          options={[{ value: "", label: "Все пользователи" }, ...(members.data?.members ?? []).map((m) => ({ value: m.userId, label: m.name }))]} />
        <Select aria-label="Действие" className="w-52" value={filter.action} onChange={(e) => set({ action: e.target.value })}
          options={[{ value: "", label: "Все действия" }, ...(q.data?.actions ?? []).map((a) => ({ value: a, label: actionLabel(a) }))]} />
        <Select aria-label="Объект" className="w-44" value={filter.entity} onChange={(e) => set({ entity: e.target.value })}
          options={[{ value: "", label: "Все объекты" }, ...(q.data?.entities ?? []).map((a) => ({ value: a, label: entityLabel(a) }))]} />
        <Input type="date" aria-label="С даты" className="w-40" value={filter.from} onChange={(e) => set({ from: e.target.value })} />
        <Input type="date" aria-label="По дату" className="w-40" value={filter.to} onChange={(e) => set({ to: e.target.value })} />
        <Button variant="ghost" onClick={() => set({ actorId: "", action: "", entity: "", from: "", to: "" })}>Сбросить</Button>
      </div>
      <Table data-testid="audit-table">
        <THead><TR><TH>Когда</TH><TH>Кто</TH><TH>Действие</TH><TH>Объект</TH><TH>IP</TH><TH>Запрос</TH></TR></THead>
        <TBody>
          {q.isLoading ? (
            <TR><TD colSpan={6}><Skeleton className="h-6" /></TD></TR>
          ) : q.error ? (
            <DataTableEmpty colSpan={6} title="Не удалось загрузить" description={errorMessage(q.error)} />
          ) : q.data!.items.length === 0 ? (
            <DataTableEmpty colSpan={6} icon={<History />} title="Записей нет" description="Измените фильтры или период" />
          ) : (
            q.data!.items.map((r) => (
              <Fragment key={r.id}>
                <TR className="cursor-pointer" onClick={() => setOpen(open === r.id ? null : r.id)} data-testid="audit-row">
                  <TD className="whitespace-nowrap">{formatDateTime(r.createdAt)}</TD>
                  <TD>{r.actorName ?? "Система"}</TD>
                  <TD title={r.action}>{actionLabel(r.action)}</TD>
                  <TD>{entityLabel(r.entity)}{r.entityId ? <span className="text-muted-foreground"> · {r.entityId.slice(0, 8)}</span> : null}</TD>
                  <TD className="text-muted-foreground">{r.ip ?? "—"}</TD>
                  <TD className="font-mono text-xs text-muted-foreground">{r.requestId?.slice(0, 8) ?? "—"}</TD>
                </TR>
                {open === r.id ? (
                  <TR><TD colSpan={6}><pre className="max-h-80 overflow-auto rounded bg-muted p-3 text-xs" data-testid="audit-changes">{JSON.stringify(r.changes, null, 2)}</pre></TD></TR>
                ) : null}
              </Fragment>
            ))
          )}
        </TBody>
      </Table>
      {q.data ? <Pagination page={page} pageSize={PAGE_SIZE} total={q.data.total} onPageChange={setPage} /> : null}
    </div>
  );
}
