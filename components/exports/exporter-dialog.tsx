"use client";

import { useState } from "react";
import Link from "next/link";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useTRPC, errorMessage, fieldErrors } from "@/components/trpc";
import { Dialog, DialogContent, DialogFooter } from "@/components/ui/dialog";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "@/components/ui/tabs";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { Checkbox } from "@/components/ui/checkbox";
import { FormField } from "@/components/ui/form-field";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Table, THead, TBody, TR, TH, TD, DataTableEmpty } from "@/components/ui/table";
import { toast } from "@/components/ui/toaster";
import { formatDateTime, formatDuration } from "@/components/format";
import { JOB_STATUS, JOB_TRIGGER, isActiveStatus, runDuration } from "@/components/jobs/labels";
import { Progress } from "@/components/ui/progress";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Pagination } from "@/components/ui/pagination";
import type { TExporterItem } from "./exports-view";

type TProps = { item: TExporterItem; open: boolean; onOpenChange: (o: boolean) => void; onSaved: () => void };

export function ExporterDialog({ item, open, onOpenChange, onSaved }: TProps) {
  const trpc = useTRPC();
  const c = item.config!;
  const [form, setForm] = useState({
    sheetName: c.sheetName, strategy: c.strategy, incremental: c.incremental,
    columns: c.columns.length ? c.columns : item.columns.map((x) => x.key),
    kind: c.scheduleKind, time: c.scheduleTime ?? "07:00", cron: c.scheduleCron ?? "0 7 * * 1-5",
  });
  const save = useMutation(trpc.exports.saveConfig.mutationOptions({
    onSuccess: () => { toast.success("Настройки выгрузки сохранены"); onSaved(); onOpenChange(false); },
  }));
  const [page, setPage] = useState(1);
  const runs = useQuery({
    ...trpc.exports.runs.queryOptions({ configId: c.id, page, pageSize: 10 }),
    refetchInterval: (q) => (q.state.data?.items.some((r) => isActiveStatus(r.status)) ? 1500 : 10_000),
  });
  const cancel = useMutation(trpc.jobs.cancel.mutationOptions({
    onSuccess: () => { toast.success("Отмена запрошена"); void runs.refetch(); },
    onError: (e) => toast.error(errorMessage(e)),
  }));
  const errors = fieldErrors(save.error);
  const allColumns = item.columns.length === form.columns.length;

  function submit(e: React.FormEvent) {
    e.preventDefault();
    save.mutate({
      exporter: item.slug, enabled: true, sheetName: form.sheetName, strategy: form.strategy, incremental: form.incremental,
      columns: allColumns ? [] : form.columns,
      schedule: { kind: form.kind, time: form.kind === "daily" ? form.time : null, cron: form.kind === "cron" ? form.cron : null },
    });
  }

  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent title={item.title} description={`Источник: ${item.sources.join(", ")}`} size="lg">
        <Tabs defaultValue="settings">
          <TabsList><TabsTrigger value="settings">Настройки</TabsTrigger><TabsTrigger value="history">История запусков</TabsTrigger></TabsList>
          <TabsContent value="settings">
            <form className="space-y-3 pt-3" onSubmit={submit} data-testid="exporter-form">
              <FormField label="Лист" htmlFor="ex-sheet" error={errors.sheetName?.[0]} hint="По умолчанию у каждой выгрузки свой лист">
                <Input id="ex-sheet" value={form.sheetName} onChange={(e) => setForm({ ...form, sheetName: e.target.value })} />
              </FormField>
              <FormField label="Способ записи" htmlFor="ex-strategy">
                <Select id="ex-strategy" value={form.strategy} onChange={(e) => setForm({ ...form, strategy: e.target.value as typeof form.strategy, incremental: e.target.value === "append" ? true : form.incremental })}
                  options={[
                    { value: "upsert", label: "Обновление по ключу: изменённые строки обновляются, новые добавляются" },
                    { value: "append", label: "Дозапись: новые и изменённые строки добавляются в конец" },
                    { value: "replace", label: "Полная замена: лист перезаписывается целиком" },
                  ]} />
              </FormField>
              <Checkbox label="Инкрементально: только изменённое с прошлого запуска" checked={form.incremental} disabled={form.strategy === "replace" || form.strategy === "append"}
                onChange={(e) => setForm({ ...form, incremental: e.target.checked })} />
              <div className="grid grid-cols-2 gap-3">
                <FormField label="Расписание" htmlFor="ex-kind">
                  <Select id="ex-kind" value={form.kind} onChange={(e) => setForm({ ...form, kind: e.target.value as typeof form.kind })}
                    options={[{ value: "every15", label: "Каждые 15 минут" }, { value: "hourly", label: "Каждый час" }, { value: "daily", label: "Ежедневно" }, { value: "cron", label: "Cron-выражение" }, { value: "manual", label: "Только вручную" }]} />
                </FormField>
                {form.kind === "daily" ? (
                  <FormField label="Время (ЧЧ:ММ)" htmlFor="ex-time"><Input id="ex-time" value={form.time} onChange={(e) => setForm({ ...form, time: e.target.value })} placeholder="07:30" /></FormField>
                ) : form.kind === "cron" ? (
                  <FormField label="Cron-выражение" htmlFor="ex-cron" hint="мин час день месяц день_недели"><Input id="ex-cron" value={form.cron} onChange={(e) => setForm({ ...form, cron: e.target.value })} /></FormField>
                ) : <div />}
              </div>
              <fieldset className="space-y-1">
                <legend className="mb-1 text-sm font-medium">Столбцы {item.hasAttributes ? <span className="font-normal text-muted-foreground">(дополнительные поля МойСклад добавляются автоматически, пока выбраны все)</span> : null}</legend>
                <div className="grid max-h-56 grid-cols-2 gap-1 overflow-y-auto rounded-md border border-border p-2">
                  {item.columns.map((col) => (
                    <Checkbox key={col.key} label={col.header} checked={form.columns.includes(col.key)}
                      onChange={(e) => setForm({ ...form, columns: e.target.checked ? item.columns.map((x) => x.key).filter((k) => k === col.key || form.columns.includes(k)) : form.columns.filter((k) => k !== col.key) })} />
                  ))}
                </div>
              </fieldset>
              {save.error ? <Alert variant="danger">{errorMessage(save.error)}</Alert> : null}
              <DialogFooter>
                <Button variant="outline" onClick={() => onOpenChange(false)}>Отмена</Button>
                <Button type="submit" loading={save.isPending} disabled={form.columns.length === 0} data-testid="exporter-save">Сохранить</Button>
              </DialogFooter>
            </form>
          </TabsContent>
          <TabsContent value="history">
            <p className="pt-3 text-sm text-muted-foreground" data-testid="exporter-next-run">
              {c.nextRunAt ? `Следующий запуск по расписанию: ${formatDateTime(c.nextRunAt)} (${c.scheduleLabel.toLowerCase()})` : "Запускается только вручную"}
            </p>
            <Table className="mt-2" data-testid="exporter-history">
              <THead><TR><TH>Начало</TH><TH>Запуск</TH><TH>Статус</TH><TH>Прочитано</TH><TH>Добавлено</TH><TH>Обновлено</TH><TH>Удалено</TH><TH>Запросов</TH><TH>Длительность</TH></TR></THead>
              <TBody>
                {!runs.data ? <DataTableEmpty colSpan={9} title="Загрузка…" />
                  : runs.data.items.length === 0 ? <DataTableEmpty colSpan={9} title="Запусков ещё не было" />
                  : runs.data.items.map((r) => {
                    const s = r.skipped ? { label: "Пропущен", variant: "neutral" as const } : JOB_STATUS[r.status]!;
                    const active = isActiveStatus(r.status);
                    const n = (k: string) => (r.counters[k] ?? (r.finishedAt && !r.skipped ? 0 : "—")).toLocaleString("ru-RU");
                    return [
                      <TR key={r.id} data-testid="exporter-run">
                        <TD className="whitespace-nowrap"><Link className="text-primary hover:underline" href={`/jobs/${r.id}`}>{formatDateTime(r.startedAt ?? r.createdAt)}</Link></TD>
                        <TD data-testid="exporter-run-trigger">{JOB_TRIGGER[r.trigger]}</TD>
                        <TD><Badge variant={s.variant} data-testid="exporter-run-status">{s.label}</Badge></TD>
                        <TD>{n("fetched")}</TD><TD>{n("inserted")}</TD><TD>{n("updated")}</TD><TD>{n("deleted")}</TD><TD>{n("requests")}</TD>
                        <TD>{r.skipped ? "—" : formatDuration(runDuration(r))}</TD>
                      </TR>,
                      active ? (
                        <TR key={`${r.id}-progress`}>
                          <TD colSpan={9}>
                            <div className="flex items-center gap-3" data-testid="exporter-run-progress">
                              <Progress value={r.progress} showValue className="flex-1" />
                              <span className="text-xs text-muted-foreground">{r.cancelRequested ? "Отмена…" : r.currentStep ?? "В очереди"} · страниц: {r.counters.pages ?? 0}</span>
                              <ConfirmDialog
                                trigger={<Button size="sm" variant="outline" disabled={r.cancelRequested}>Отменить</Button>}
                                title="Остановить выгрузку?" description="Уже записанные строки останутся в таблице; при полной замене старый лист не тронется." confirmLabel="Остановить"
                                onConfirm={() => cancel.mutateAsync({ id: r.id }).then(() => undefined)}
                              />
                            </div>
                          </TD>
                        </TR>
                      ) : null,
                      r.error ? (
                        <TR key={`${r.id}-error`}>
                          <TD colSpan={9} className={r.skipped ? "text-xs text-muted-foreground" : "text-xs text-danger"} data-testid="exporter-run-error">{r.error}</TD>
                        </TR>
                      ) : null,
                    ];
                  })}
              </TBody>
            </Table>
            {runs.data && runs.data.total > 10 ? <Pagination className="mt-2" page={page} pageSize={10} total={runs.data.total} onPageChange={setPage} /> : null}
          </TabsContent>
        </Tabs>
      </DialogContent>
    </Dialog>
  );
}
