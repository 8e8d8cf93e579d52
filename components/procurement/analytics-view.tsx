"use client";

import { useState, type ReactNode } from "react";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { ChartNoAxesColumn } from "lucide-react";
import { useTRPC, errorMessage } from "@/components/trpc";
import { PageHeader } from "@/components/ui/page-header";
import { Alert } from "@/components/ui/alert";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Select } from "@/components/ui/select";
import { Skeleton } from "@/components/ui/skeleton";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, THead, TBody, TR, TH, TD } from "@/components/ui/table";
import { BarChart } from "@/components/crm/bar-chart";
import { ProcurementTabs } from "./procurement-tabs";

const DAY = 86_400_000;
const PRESETS = [
  { value: "4", label: "4 недели" },
  { value: "12", label: "12 недель" },
  { value: "26", label: "Полгода" },
  { value: "52", label: "Год" },
  { value: "custom", label: "Свой период" },
];
const dayString = (d: Date) => d.toISOString().slice(0, 10);
const weekLabel = (iso: string) => `${iso.slice(8, 10)}.${iso.slice(5, 7)}`;
const pct = (v: number | null) => (v === null ? "—" : `${v.toLocaleString("ru-RU")}\u00a0%`);
const hours = (v: number | null) => (v === null ? "—" : v < 24 ? `${v.toLocaleString("ru-RU")}\u00a0ч` : `${(Math.round((v / 24) * 10) / 10).toLocaleString("ru-RU")}\u00a0дн`);
const rub = (v: number) => `${Math.round(v).toLocaleString("ru-RU")}\u00a0₽`;

function Kpi({ title, value, hint, testId }: { title: string; value: string; hint: string; testId: string }) {
  return (
    <div className="rounded-lg border border-border bg-surface p-3" data-testid={testId}>
      <p className="text-xs text-muted-foreground">{title}</p>
      <p className="text-2xl font-semibold">{value}</p>
      <p className="text-xs text-muted-foreground">{hint}</p>
    </div>
  );
}

function Panel({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="rounded-lg border border-border bg-surface p-3">
      <h2 className="mb-2 text-sm font-semibold">{title}</h2>
      {children}
    </section>
  );
}

/** «Аналитика» of procurement: orders per week, conversion to won, suppliers' responses, margin of the offers. */
export function AnalyticsView() {
  const trpc = useTRPC();
  const [preset, setPreset] = useState("12");
  const [today] = useState(() => dayString(new Date()));
  const daysBefore = (days: number) => dayString(new Date(new Date(`${today}T00:00:00Z`).getTime() - days * DAY));
  const [custom, setCustom] = useState(() => ({ from: daysBefore(27), to: today }));
  const period = preset === "custom" ? custom : { from: daysBefore(Number(preset) * 7 - 1), to: today };
  const invalid = !period.from || !period.to || period.from > period.to;
  const q = useQuery({ ...trpc.procurement.analytics.queryOptions(period), enabled: !invalid, placeholderData: keepPreviousData });
  const d = q.data;
  const empty = d && d.totals.orders === 0 && d.totals.rfqsSent === 0 && d.totals.offers === 0;

  return (
    <div className="space-y-4">
      <PageHeader title="Аналитика" description="Заявки по неделям, конверсия в выигранные, ответы поставщиков и маржа коммерческих предложений." />
      <ProcurementTabs active="/procurement/analytics" />
      <div className="flex flex-wrap items-end gap-3" data-testid="analytics-filters">
        <div className="space-y-1">
          <Label htmlFor="an-period">Период</Label>
          <Select id="an-period" className="w-44" value={preset} onChange={(e) => setPreset(e.target.value)} options={PRESETS} />
        </div>
        {preset === "custom" ? (
          <>
            <div className="space-y-1">
              <Label htmlFor="an-from">с</Label>
              <Input id="an-from" type="date" value={custom.from} onChange={(e) => setCustom({ ...custom, from: e.target.value })} />
            </div>
            <div className="space-y-1">
              <Label htmlFor="an-to">по</Label>
              <Input id="an-to" type="date" value={custom.to} onChange={(e) => setCustom({ ...custom, to: e.target.value })} />
            </div>
          </>
        ) : null}
      </div>
      {invalid ? <Alert variant="danger">Начало периода позже его конца</Alert>
        : q.error ? <Alert variant="danger">{errorMessage(q.error)}</Alert>
          : !d ? <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4" data-testid="analytics-loading">{Array.from({ length: 4 }, (_, i) => <Skeleton key={i} className="h-24" />)}<Skeleton className="h-64 sm:col-span-2 lg:col-span-4" /></div>
            : empty ? (
              <EmptyState icon={<ChartNoAxesColumn />} title="За период данных нет" description="Заявки появятся из писем клиентов; выберите другой период." data-testid="analytics-empty" />
            ) : (
              <div className={q.isFetching ? "space-y-4 opacity-70" : "space-y-4"} data-testid="analytics">
                <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
                  <Kpi testId="kpi-orders" title="Заявок" value={d.totals.orders.toLocaleString("ru-RU")} hint={`выиграно ${d.totals.won}, проиграно ${d.totals.lost}`} />
                  <Kpi testId="kpi-conversion" title="Конверсия в выигранные" value={pct(d.totals.conversionPct)} hint="выиграно / заявок за период" />
                  <Kpi testId="kpi-response" title="Ответы поставщиков" value={pct(d.totals.responseRatePct)} hint={`${d.totals.rfqsAnswered} из ${d.totals.rfqsSent} запросов · медиана ${hours(d.totals.medianResponseHours)}`} />
                  <Kpi testId="kpi-margin" title="Средняя маржа КП" value={pct(d.totals.marginPct)} hint={`${d.totals.offers} КП на ${rub(d.totals.offersTotal)}`} />
                </div>
                <div className="grid gap-3 lg:grid-cols-2">
                  <Panel title="Заявки по неделям">
                    <BarChart title="Заявки по неделям" labels={d.weeks.map((w) => weekLabel(w.week))} format={(v) => v.toLocaleString("ru-RU")}
                      series={[
                        { name: "Заявки", color: "#2563eb", values: d.weeks.map((w) => w.orders) },
                        { name: "Выиграны", color: "#16a34a", values: d.weeks.map((w) => w.won) },
                      ]} />
                  </Panel>
                  <Panel title="Конверсия и маржа по неделям, %">
                    <BarChart title="Конверсия и маржа по неделям" labels={d.weeks.map((w) => weekLabel(w.week))} format={(v) => pct(Math.round(v * 10) / 10)}
                      series={[
                        { name: "Конверсия в выигранные", color: "#16a34a", values: d.weeks.map((w) => w.conversionPct ?? 0) },
                        { name: "Маржа КП", color: "#d97706", values: d.weeks.map((w) => w.marginPct ?? 0) },
                      ]} />
                  </Panel>
                </div>
                <Panel title="Поставщики: доля ответов и медианное время ответа">
                  {d.suppliers.length === 0 ? <p className="text-sm text-muted-foreground">За период запросы поставщикам не отправлялись.</p> : (
                    <>
                      <BarChart title="Доля ответов поставщиков" labels={d.suppliers.slice(0, 12).map((s) => s.name.slice(0, 14))} format={(v) => pct(v)}
                        series={[{ name: "Доля ответов", color: "#7c3aed", values: d.suppliers.slice(0, 12).map((s) => s.responseRatePct ?? 0) }]} />
                      <Table data-testid="analytics-suppliers">
                        <THead><TR><TH>Поставщик</TH><TH className="text-right">Запросов</TH><TH className="text-right">Ответов</TH><TH className="text-right">Доля ответов</TH><TH className="text-right">Медиана ответа</TH></TR></THead>
                        <TBody>
                          {d.suppliers.map((s) => (
                            <TR key={s.supplierId}>
                              <TD>{s.name}</TD><TD className="text-right">{s.sent}</TD><TD className="text-right">{s.answered}</TD>
                              <TD className="text-right">{pct(s.responseRatePct)}</TD><TD className="text-right">{hours(s.medianResponseHours)}</TD>
                            </TR>
                          ))}
                        </TBody>
                      </Table>
                    </>
                  )}
                </Panel>
              </div>
            )}
    </div>
  );
}
