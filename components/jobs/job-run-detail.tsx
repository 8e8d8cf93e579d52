"use client";

import Link from "next/link";
import { useMutation, useQuery } from "@tanstack/react-query";
import { ArrowLeft } from "lucide-react";
import { useTRPC, errorMessage } from "@/components/trpc";
import { PageHeader } from "@/components/ui/page-header";
import { Badge } from "@/components/ui/badge";
import { Progress } from "@/components/ui/progress";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { Table, THead, TBody, TR, TH, TD, DataTableEmpty } from "@/components/ui/table";
import { Alert } from "@/components/ui/alert";
import { Skeleton } from "@/components/ui/skeleton";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Button } from "@/components/ui/button";
import { toast } from "@/components/ui/toaster";
import { formatDateTime, formatDuration } from "@/components/format";
import { JOB_STATUS, JOB_TRIGGER, formatCounters, isActiveStatus, runDuration } from "./labels";

const LEVEL: Record<string, "neutral" | "warning" | "danger" | "info"> = { info: "info", warn: "warning", error: "danger", debug: "neutral" };

export function JobRunDetail({ id }: { id: string }) {
  const trpc = useTRPC();
  const q = useQuery({
    ...trpc.jobs.get.queryOptions({ id }),
    refetchInterval: (query) => (query.state.data && isActiveStatus(query.state.data.run.status) ? 1000 : false),
  });
  const cancel = useMutation(trpc.jobs.cancel.mutationOptions({
    onSuccess: () => { toast.success("Отмена запрошена"); void q.refetch(); },
    onError: (e) => toast.error(errorMessage(e)),
  }));
  if (q.error) return <Alert variant="danger">{errorMessage(q.error)}</Alert>;
  if (!q.data) return <Skeleton className="h-96" />;
  const { run, events } = q.data;
  const s = JOB_STATUS[run.status]!;
  return (
    <div className="space-y-4" data-testid="job-run-detail">
      <Link href="/jobs" className="inline-flex items-center gap-1 text-sm text-muted-foreground hover:text-foreground"><ArrowLeft className="size-4" /> Все запуски</Link>
      <PageHeader
        title={run.title}
        description={`${JOB_TRIGGER[run.trigger]} · ${run.type}`}
        actions={isActiveStatus(run.status) ? (
          <ConfirmDialog
            trigger={<Button variant="outline" disabled={!!run.cancelRequestedAt}>Отменить</Button>}
            title="Отменить запуск?" description="Задача остановится после текущего шага." confirmLabel="Отменить запуск"
            onConfirm={() => cancel.mutateAsync({ id }).then(() => undefined)}
          />
        ) : null}
      />
      <Card>
        <CardContent className="grid gap-4 pt-6 sm:grid-cols-4">
          <div><div className="text-xs text-muted-foreground">Статус</div><Badge variant={s.variant} data-testid="job-status">{s.label}</Badge></div>
          <div><div className="text-xs text-muted-foreground">Текущий шаг</div><div data-testid="job-step">{run.currentStep ?? "—"}</div></div>
          <div><div className="text-xs text-muted-foreground">Длительность</div><div>{formatDuration(runDuration(run))}</div></div>
          <div><div className="text-xs text-muted-foreground">Попытки</div><div>{run.attempts} из {run.maxAttempts}</div></div>
          <div className="sm:col-span-4"><Progress value={run.progress} showValue data-testid="job-progress" /></div>
          <div className="sm:col-span-4 text-sm"><span className="text-muted-foreground">Счётчики: </span>{formatCounters(run.counters)}</div>
          {run.error ? <Alert variant="danger" className="sm:col-span-4" data-testid="job-error">{run.error}</Alert> : null}
        </CardContent>
      </Card>
      <Card>
        <CardHeader><CardTitle>События</CardTitle></CardHeader>
        <CardContent>
          <Table data-testid="job-events">
            <THead><TR><TH>Время</TH><TH>Уровень</TH><TH>Шаг</TH><TH>Сообщение</TH></TR></THead>
            <TBody>
              {events.length === 0 ? <DataTableEmpty colSpan={4} title="Событий пока нет" /> : events.map((e) => (
                <TR key={e.id} data-testid="job-event">
                  <TD className="whitespace-nowrap">{formatDateTime(e.createdAt)}</TD>
                  <TD><Badge variant={LEVEL[e.level] ?? "neutral"}>{e.level}</Badge></TD>
                  <TD className="font-mono text-xs">{e.step ?? "—"}</TD>
                  <TD>{e.message}</TD>
                </TR>
              ))}
            </TBody>
          </Table>
        </CardContent>
      </Card>
    </div>
  );
}
