"use client";

import { useState } from "react";
import Link from "next/link";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTRPC, errorMessage } from "@/components/trpc";
import { PageHeader } from "@/components/ui/page-header";
import { Badge } from "@/components/ui/badge";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Select } from "@/components/ui/select";
import { Skeleton } from "@/components/ui/skeleton";
import { Pagination } from "@/components/ui/pagination";
import { Table, THead, TBody, TR, TH, TD, DataTableEmpty } from "@/components/ui/table";
import { toast } from "@/components/ui/toaster";
import { CrmNav } from "./crm-nav";
import { TASK_STATUS_LABELS, TASK_TYPE_LABELS } from "./labels";
import { formatDay, todayString } from "./format";

const PAGE_SIZE = 25;

export function MyTasksView() {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const [status, setStatus] = useState<"open" | "done" | "all">("open");
  const [page, setPage] = useState(1);
  const q = useQuery({ ...trpc.crm.myTasks.queryOptions({ status, page, pageSize: PAGE_SIZE }), placeholderData: keepPreviousData, refetchInterval: 15_000 });
  const complete = useMutation(trpc.crm.completeTask.mutationOptions({
    onSuccess: () => { toast.success("Задача завершена"); void qc.invalidateQueries({ queryKey: trpc.crm.myTasks.queryKey() }); },
    onError: (e) => toast.error(errorMessage(e)),
  }));
  const today = todayString();
  return (
    <div>
      <PageHeader title="Мои задачи" description="Задачи по сделкам, назначенные вам: расчёты, оформление полисов и другое." />
      <CrmNav />
      <div className="mb-3 flex items-center gap-2 text-sm">
        <label htmlFor="tasks-status" className="text-muted-foreground">Показать</label>
        <Select id="tasks-status" className="w-44" value={status} onChange={(e) => { setStatus(e.target.value as typeof status); setPage(1); }}
          options={[{ value: "open", label: "В работе" }, { value: "done", label: "Выполненные" }, { value: "all", label: "Все" }]} />
      </div>
      {q.error ? <Alert variant="danger">{errorMessage(q.error)}</Alert> : !q.data ? <Skeleton className="h-64" /> : (
        <>
          <Table data-testid="my-tasks-table">
            <THead><TR><TH>Задача</TH><TH>Тип</TH><TH>Сделка</TH><TH>Клиент</TH><TH>Продавец</TH><TH>Срок</TH><TH>Статус</TH><TH /></TR></THead>
            <TBody>
              {q.data.items.length === 0 ? <DataTableEmpty colSpan={8} title="Задач нет" description={status === "open" ? "Новые задачи появятся здесь и в уведомлениях." : undefined} /> : null}
              {q.data.items.map((t) => {
                const overdue = t.status === "open" && t.dueDate && t.dueDate.toISOString().slice(0, 10) < today;
                return (
                  <TR key={t.id} data-testid="my-task-row">
                    <TD className="font-medium"><Link className="text-primary hover:underline" href={`/crm/deals/${t.deal.id}`}>{t.title}</Link></TD>
                    <TD>{TASK_TYPE_LABELS[t.type]}</TD>
                    <TD>{t.deal.title}</TD>
                    <TD>{t.deal.clientName}</TD>
                    <TD>{t.deal.sellerName}</TD>
                    <TD className={overdue ? "font-medium text-danger-strong" : undefined}>{formatDay(t.dueDate)}</TD>
                    <TD><Badge variant={t.status === "open" ? "info" : t.status === "done" ? "success" : "neutral"}>{TASK_STATUS_LABELS[t.status]}</Badge></TD>
                    <TD>{t.status === "open" ? <Button size="sm" variant="outline" loading={complete.isPending} onClick={() => complete.mutate({ taskId: t.id, status: "done" })}>Завершить</Button> : null}</TD>
                  </TR>
                );
              })}
            </TBody>
          </Table>
          <Pagination page={page} pageSize={PAGE_SIZE} total={q.data.total} onPageChange={setPage} disabled={q.isFetching} />
        </>
      )}
    </div>
  );
}
