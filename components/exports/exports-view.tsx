"use client";

import { useState } from "react";
import Link from "next/link";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import { Play, Settings2, Square } from "lucide-react";
import type { TAppRouter } from "@/server/api/root";
import { useTRPC, errorMessage, fieldErrors } from "@/components/trpc";
import { PageHeader } from "@/components/ui/page-header";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Checkbox } from "@/components/ui/checkbox";
import { Badge } from "@/components/ui/badge";
import { Alert } from "@/components/ui/alert";
import { Skeleton } from "@/components/ui/skeleton";
import { Progress } from "@/components/ui/progress";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { FormField } from "@/components/ui/form-field";
import { toast } from "@/components/ui/toaster";
import { formatDateTime } from "@/components/format";
import { ExporterDialog } from "./exporter-dialog";

type TOverview = inferRouterOutputs<TAppRouter>["exports"]["overview"];
export type TExporterItem = TOverview["areas"][number]["exporters"][number];

const STATUS: Record<string, { label: string; variant: "neutral" | "info" | "success" | "danger" | "warning" }> = {
  queued: { label: "В очереди", variant: "neutral" },
  running: { label: "Выполняется", variant: "info" },
  succeeded: { label: "Успешно", variant: "success" },
  failed: { label: "Ошибка", variant: "danger" },
  cancelled: { label: "Отменено", variant: "warning" },
};

export function ExportsView({ canEdit }: { canEdit: boolean }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const q = useQuery({
    ...trpc.exports.overview.queryOptions(),
    refetchInterval: (query) => (query.state.data?.areas.some((a) => a.exporters.some((e) => e.config?.lastStatus === "queued" || e.config?.lastStatus === "running")) ? 2000 : 15_000),
  });
  const refresh = () => qc.invalidateQueries({ queryKey: trpc.exports.overview.queryKey() });
  const [open, setOpen] = useState<string | null>(null);

  // Ticks show at once; the server's answer (or an error) settles them.
  const [optimistic, setOptimistic] = useState<Record<string, boolean>>({});
  const setEnabled = useMutation(trpc.exports.setEnabled.mutationOptions({
    onSettled: async () => { await refresh(); setOptimistic({}); },
    onError: (e) => toast.error(errorMessage(e)),
  }));
  const cancel = useMutation(trpc.jobs.cancel.mutationOptions({
    onSuccess: () => { toast.success("Отмена запрошена: выгрузка остановится после текущей пачки строк"); void refresh(); },
    onError: (e) => toast.error(errorMessage(e)),
  }));
  const runNow = useMutation(trpc.exports.runNow.mutationOptions({
    onSuccess: (r) => { toast.success(r.runIds.length > 1 ? `Запущено выгрузок: ${r.runIds.length}` : "Выгрузка запущена"); void refresh(); },
    onError: (e) => toast.error(errorMessage(e)),
  }));

  if (q.error) return <Alert variant="danger">{errorMessage(q.error)}</Alert>;
  if (!q.data) return <Skeleton className="h-96" />;
  const isOn = (e: TExporterItem) => optimistic[e.slug] ?? !!e.config?.enabled;
  const enabled = q.data.areas.flatMap((a) => a.exporters).filter(isOn).map((e) => e.slug);
  const toggle = (slug: string, on: boolean) => {
    setOptimistic((o) => ({ ...o, [slug]: on }));
    setEnabled.mutate({ exporters: on ? [...enabled, slug] : enabled.filter((s) => s !== slug) });
  };
  const selected = q.data.areas.flatMap((a) => a.exporters).find((e) => e.slug === open) ?? null;

  return (
    <div className="space-y-6">
      <PageHeader
        title="Выгрузки"
        description={`МойСклад → Google Таблицы. Время по часовому поясу компании: ${q.data.timezone}`}
        actions={canEdit ? <Button onClick={() => runNow.mutate({})} loading={runNow.isPending} disabled={!enabled.length || !q.data.spreadsheetId} data-testid="exports-run-all"><Play /> Запустить все</Button> : null}
      />
      <SpreadsheetCard spreadsheetId={q.data.spreadsheetId} canEdit={canEdit} onSaved={refresh} />
      <div className="grid gap-4 xl:grid-cols-2">
        {q.data.areas.map((area) => (
          <Card key={area.area} data-testid={`exports-area-${area.area}`}>
            <CardHeader><CardTitle>{area.label}</CardTitle></CardHeader>
            <CardContent className="divide-y divide-border">
              {area.exporters.map((e) => {
                const c = e.config;
                const status = c?.lastStatus ? STATUS[c.lastStatus] : null;
                return (
                  <div key={e.slug} className="flex items-center gap-3 py-2" data-testid={`exporter-${e.slug}`}>
                    <Checkbox
                      aria-label={e.title}
                      checked={isOn(e)}
                      disabled={!canEdit}
                      onChange={(ev) => toggle(e.slug, ev.target.checked)}
                      data-testid={`exporter-toggle-${e.slug}`}
                    />
                    <div className="min-w-0 flex-1">
                      <div className="truncate text-sm font-medium">{e.title}</div>
                      {c?.enabled ? (
                        <div className="truncate text-xs text-muted-foreground">
                          Лист «{c.sheetName}» · {STRATEGY_LABELS[c.strategy]} · {c.scheduleLabel}
                          {c.nextRunAt ? ` · следующий запуск ${formatDateTime(c.nextRunAt)}` : ""}
                        </div>
                      ) : <div className="text-xs text-muted-foreground">{e.sources.join(", ")}</div>}
                      {c?.enabled && c.failing && c.lastError ? (
                        <div className="mt-0.5 text-xs text-danger" data-testid={`exporter-error-${e.slug}`}>
                          <span className="font-medium">Не работает:</span> {c.lastError}
                        </div>
                      ) : null}
                      {c?.progress ? (
                        <div className="mt-1 space-y-0.5" data-testid={`exporter-progress-${e.slug}`}>
                          <Progress value={c.progress.pct} size="sm" label={`Ход выгрузки «${e.title}»`} />
                          <div className="truncate text-xs text-muted-foreground">
                            {c.progress.cancelRequested ? "Отмена… · " : c.progress.step ? `${c.progress.step} · ` : ""}
                            страниц: {c.progress.counters.pages ?? 0} · строк: {c.progress.counters.fetched ?? 0}
                          </div>
                        </div>
                      ) : null}
                    </div>
                    {c?.enabled && c.failing && c.lastStatus !== "failed" ? <Badge variant="danger" data-testid={`exporter-failing-${e.slug}`}>Не работает</Badge> : null}
                    {status ? (
                      c?.lastJobRunId ? <Link href={`/jobs/${c.lastJobRunId}`}><Badge variant={status.variant} data-testid={`exporter-status-${e.slug}`}>{status.label}</Badge></Link>
                        : <Badge variant={status.variant}>{status.label}</Badge>
                    ) : null}
                    {c?.progress && c.lastJobRunId && canEdit ? (
                      <ConfirmDialog
                        trigger={<Button size="icon-sm" variant="ghost" aria-label={`Остановить «${e.title}»`} disabled={c.progress.cancelRequested} data-testid={`exporter-cancel-${e.slug}`}><Square /></Button>}
                        title="Остановить выгрузку?" description="Уже записанные строки останутся в таблице; при полной замене старый лист не тронется." confirmLabel="Остановить"
                        onConfirm={() => cancel.mutateAsync({ id: c.lastJobRunId! }).then(() => undefined)}
                      />
                    ) : null}
                    {c?.enabled && canEdit ? (
                      <>
                        <Button size="icon-sm" variant="ghost" aria-label={`Настроить «${e.title}»`} onClick={() => setOpen(e.slug)} data-testid={`exporter-settings-${e.slug}`}><Settings2 /></Button>
                        <Button size="icon-sm" variant="ghost" aria-label={`Запустить «${e.title}»`} title={c.progress ? "Выгрузка уже запущена: следующий запуск — после её окончания" : undefined} disabled={!q.data.spreadsheetId || !!c.progress} onClick={() => runNow.mutate({ exporter: e.slug })} data-testid={`exporter-run-${e.slug}`}><Play /></Button>
                      </>
                    ) : null}
                  </div>
                );
              })}
            </CardContent>
          </Card>
        ))}
      </div>
      {selected?.config ? <ExporterDialog item={selected} open onOpenChange={(o) => !o && setOpen(null)} onSaved={refresh} /> : null}
    </div>
  );
}

export const STRATEGY_LABELS: Record<string, string> = { append: "дозапись", upsert: "обновление по ключу", replace: "полная замена" };

function SpreadsheetCard({ spreadsheetId, canEdit, onSaved }: { spreadsheetId: string | null; canEdit: boolean; onSaved: () => void }) {
  const trpc = useTRPC();
  const [value, setValue] = useState(spreadsheetId ?? "");
  const save = useMutation(trpc.exports.saveSettings.mutationOptions({
    onSuccess: () => { toast.success("Таблица сохранена"); onSaved(); },
    onError: (e) => toast.error(errorMessage(e)),
  }));
  const errors = fieldErrors(save.error);
  return (
    <Card>
      <CardHeader>
        <CardTitle>Google Таблица</CardTitle>
        <CardDescription>Все выбранные выгрузки пишут в эту таблицу, каждая — на свой лист. Откройте доступ к таблице для email сервисного аккаунта из настроек интеграции.</CardDescription>
      </CardHeader>
      <CardContent>
        <form className="flex items-end gap-2" onSubmit={(e) => { e.preventDefault(); save.mutate({ spreadsheet: value }); }}>
          <FormField label="Ссылка на таблицу или её ID" htmlFor="spreadsheet" error={errors.spreadsheet?.[0]} className="flex-1">
            <Input id="spreadsheet" value={value} onChange={(e) => setValue(e.target.value)} placeholder="https://docs.google.com/spreadsheets/d/…" disabled={!canEdit} />
          </FormField>
          {canEdit ? <Button type="submit" loading={save.isPending} data-testid="spreadsheet-save">Сохранить</Button> : null}
        </form>
        {!spreadsheetId ? <p className="mt-2 text-xs text-warning-strong">Таблица не указана: выгрузки не запустятся.</p> : null}
      </CardContent>
    </Card>
  );
}
