"use client";

import { useState } from "react";
import Link from "next/link";
import { keepPreviousData, useMutation, useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { ClipboardList, Play } from "lucide-react";
import { useTRPC, errorMessage } from "@/components/trpc";
import { PageHeader } from "@/components/ui/page-header";
import { Select } from "@/components/ui/select";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Progress } from "@/components/ui/progress";
import { Table, THead, TBody, TR, TH, TD, DataTableEmpty } from "@/components/ui/table";
import { Pagination } from "@/components/ui/pagination";
import { Skeleton } from "@/components/ui/skeleton";
import { toast } from "@/components/ui/toaster";
import { formatDateTime, formatDuration } from "@/components/format";
import { JOB_STATUS, JOB_TRIGGER, formatCounters, isActiveStatus, runDuration } from "./labels";

const PAGE_SIZE = 25;

export function JobRunsView() {
  const trpc = useTRPC();
  const router = useRouter();
  const [filter, setFilter] = useState({ status: "", trigger: "" });
  const [page, setPage] = useState(1);
  const q = useQuery({
    ...trpc.jobs.list.queryOptions({
      page, pageSize: PAGE_SIZE,
      status: (filter.status || undefined) as never, trigger: (filter.trigger || undefined) as never,
    }),
    placeholderData: keepPreviousData,
    refetchInterval: (query) => (query.state.data?.items.some((r) => isActiveStatus(r.status)) ? 1500 : 10_000),
  });
  const demo = useMutation(trpc.jobs.runDemo.mutationOptions({
    onSuccess: (r) => { toast.success("Задача поставлена в очередь"); router.push(`/jobs/${r.id}`); },
    onError: (e) => toast.error(errorMessage(e)),
  }));

  return (
    <div className="space-y-4">
      <PageHeader
        title="Фоновые задачи"
        description="Все запуски фоновых задач компании: по расписанию, вручную и по событиям"
        actions={<Button variant="outline" onClick={() => demo.mutate()} loading={demo.isPending} data-testid="run-demo-job"><Play /> Проверить обработчик</Button>}
      />
      <div className="flex gap-2">
        <Select aria-label="Статус" className="w-44" value={filter.status} onChange={(e) => { setFilter({ ...filter, status: e.target.value }); setPage(1); }}
          options={[{ value: "", label: "Все статусы" }, ...Object.entries(JOB_STATUS).map(([value, s]) => ({ value, label: s.label }))]} />
        <Select aria-label="Запуск" className="w-44" value={filter.trigger} onChange={(e) => { setFilter({ ...filter, trigger: e.target.value }); setPage(1); }}
          options={[{ value: "", label: "Любой запуск" }, ...Object.entries(JOB_TRIGGER).map(([value, label]) => ({ value, label }))]} />
      </div>
      <Table data-testid="job-runs-table">
        <THead><TR><TH>Задача</TH><TH>Запуск</TH><TH>Статус</TH><TH>Шаг</TH><TH className="w-40">Прогресс</TH><TH>Счётчики</TH><TH>Начало</TH><TH>Длительность</TH></TR></THead>
        <TBody>
          {q.isLoading ? (
            <TR><TD colSpan={8}><Skeleton className="h-6" /></TD></TR>
          ) : q.error ? (
            <DataTableEmpty colSpan={8} title="Не удалось загрузить" description={errorMessage(q.error)} />
          ) : q.data!.items.length === 0 ? (
            <DataTableEmpty colSpan={8} icon={<ClipboardList />} title="Запусков пока нет" description="Здесь появятся выгрузки, проверки интеграций и другие фоновые задачи" />
          ) : (
            q.data!.items.map((r) => {
              const s = JOB_STATUS[r.status]!;
              return (
                <TR key={r.id} data-testid="job-run-row">
                  <TD><Link href={`/jobs/${r.id}`} className="font-medium text-primary hover:underline">{r.title}</Link></TD>
                  <TD>{JOB_TRIGGER[r.trigger]}</TD>
                  <TD><Badge variant={s.variant}>{s.label}</Badge>{r.error ? <div className="mt-1 max-w-64 truncate text-xs text-danger" title={r.error}>{r.error}</div> : null}</TD>
                  <TD className="text-muted-foreground">{r.currentStep ?? "—"}</TD>
                  <TD><Progress value={r.progress} size="sm" showValue /></TD>
                  <TD className="text-xs text-muted-foreground">{formatCounters(r.counters)}</TD>
                  <TD className="whitespace-nowrap">{formatDateTime(r.startedAt ?? r.createdAt)}</TD>
                  <TD>{formatDuration(runDuration(r))}</TD>
                </TR>
              );
            })
          )}
        </TBody>
      </Table>
      {q.data ? <Pagination page={page} pageSize={PAGE_SIZE} total={q.data.total} onPageChange={setPage} /> : null}
    </div>
  );
}
