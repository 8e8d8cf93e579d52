"use client";

import { useState } from "react";
import Link from "next/link";
import { keepPreviousData, useQuery, useQueryClient } from "@tanstack/react-query";
import { Download } from "lucide-react";
import { useTRPC, errorMessage } from "@/components/trpc";
import { PageHeader } from "@/components/ui/page-header";
import { Button } from "@/components/ui/button";
import { Badge } from "@/components/ui/badge";
import { Alert } from "@/components/ui/alert";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Select } from "@/components/ui/select";
import { Skeleton } from "@/components/ui/skeleton";
import { Pagination } from "@/components/ui/pagination";
import { Table, THead, TBody, TR, TH, TD, DataTableEmpty } from "@/components/ui/table";
import { CrmNav } from "./crm-nav";
import { BarChart } from "./bar-chart";
import { formatDay, formatRub, todayString } from "./format";

const PAGE_SIZE = 50;
type TFilters = { insurerId: string; sellerId: string; from: string; to: string };
type TCsvInput = { report: "receivables"; filters: ReturnType<typeof apiFilters>; status: "all" | "overdue" | "due" }
  | { report: "finance"; filters: ReturnType<typeof apiFilters>; groupBy: "month" | "insurer" | "seller" };

function apiFilters(f: TFilters) {
  return { insurerId: f.insurerId || undefined, sellerId: f.sellerId || undefined, from: f.from || undefined, to: f.to || undefined };
}

function downloadCsv(filename: string, content: string) {
  const url = URL.createObjectURL(new Blob([content], { type: "text/csv;charset=utf-8" }));
  const a = document.createElement("a");
  a.href = url;
  a.download = filename;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

function CsvButton({ input }: { input: TCsvInput }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  return (
    <span className="inline-flex items-center gap-2">
      <Button variant="outline" size="sm" disabled={busy} data-testid={`csv-${input.report}`} onClick={async () => {
        setBusy(true);
        setError(null);
        try {
          const r = await qc.fetchQuery({ ...trpc.crm.reportCsv.queryOptions(input), staleTime: 0 });
          downloadCsv(r.filename, r.content);
        } catch (e) {
          setError(errorMessage(e));
        } finally {
          setBusy(false);
        }
      }}><Download /> CSV</Button>
      {error ? <span className="text-sm text-danger-strong">{error}</span> : null}
    </span>
  );
}

function Filters({ value, onChange, periodLabel }: { value: TFilters; onChange: (v: TFilters) => void; periodLabel: string }) {
  const trpc = useTRPC();
  const members = useQuery(trpc.crm.members.queryOptions());
  const insurers = useQuery(trpc.crm.insurers.queryOptions());
  const set = (patch: Partial<TFilters>) => onChange({ ...value, ...patch });
  return (
    <div className="mb-3 grid gap-3 rounded-lg border border-border bg-surface p-3 sm:grid-cols-2 lg:grid-cols-4">
      <div className="space-y-1">
        <Label htmlFor="rep-insurer">Страховщик</Label>
        <Select id="rep-insurer" value={value.insurerId} onChange={(e) => set({ insurerId: e.target.value })}
          options={[{ value: "", label: "Все" }, ...(insurers.data ?? []).map((i) => ({ value: i.id, label: i.name }))]} />
      </div>
      <div className="space-y-1">
        <Label htmlFor="rep-seller">Продавец</Label>
        <Select id="rep-seller" value={value.sellerId} onChange={(e) => set({ sellerId: e.target.value })}
          options={[{ value: "", label: "Все" }, ...(members.data ?? []).map((m) => ({ value: m.userId, label: m.name }))]} />
      </div>
      <div className="space-y-1">
        <Label htmlFor="rep-from">{periodLabel}: с</Label>
        <Input id="rep-from" type="date" value={value.from} onChange={(e) => set({ from: e.target.value })} />
      </div>
      <div className="space-y-1">
        <Label htmlFor="rep-to">по</Label>
        <Input id="rep-to" type="date" value={value.to} onChange={(e) => set({ to: e.target.value })} />
      </div>
    </div>
  );
}

function Receivables() {
  const trpc = useTRPC();
  const [filters, setFilters] = useState<TFilters>({ insurerId: "", sellerId: "", from: "", to: todayString(30) });
  const [status, setStatus] = useState<"all" | "overdue" | "due">("all");
  const [page, setPage] = useState(1);
  const invalid = Boolean(filters.from && filters.to && filters.from > filters.to);
  const q = useQuery({
    ...trpc.crm.receivables.queryOptions({ filters: apiFilters(filters), status, page, pageSize: PAGE_SIZE }),
    placeholderData: keepPreviousData, enabled: !invalid,
  });
  return (
    <section className="mb-8" data-testid="receivables">
      <div className="mb-2 flex flex-wrap items-center justify-between gap-2">
        <h2 className="text-lg font-semibold">Дебиторская задолженность</h2>
        <div className="flex items-center gap-2">
          <Select aria-label="Статус" className="w-48" value={status} onChange={(e) => { setStatus(e.target.value as typeof status); setPage(1); }}
            options={[{ value: "all", label: "Все неоплаченные" }, { value: "overdue", label: "Просроченные" }, { value: "due", label: "Предстоящие" }]} />
          <CsvButton input={{ report: "receivables", filters: apiFilters(filters), status }} />
        </div>
      </div>
      <Filters value={filters} onChange={(v) => { setFilters(v); setPage(1); }} periodLabel="Срок оплаты" />
      {invalid ? <Alert variant="danger">Начало периода позже его конца</Alert> : q.error ? <Alert variant="danger">{errorMessage(q.error)}</Alert> : !q.data ? <Skeleton className="h-48" /> : (
        <>
          <p className="mb-2 text-sm" data-testid="receivables-totals">
            Взносов: <b>{q.data.total}</b> · к оплате: <b>{formatRub(q.data.outstanding)}</b> · из них просрочено: <b className="text-danger-strong">{formatRub(q.data.overdue)}</b>
          </p>
          <Table>
            <THead><TR><TH>Срок</TH><TH>Сделка</TH><TH>Клиент</TH><TH>Продавец</TH><TH>Страховщик · полис</TH><TH className="text-right">Взнос</TH><TH className="text-right">Оплачено</TH><TH className="text-right">К оплате</TH></TR></THead>
            <TBody>
              {q.data.items.length === 0 ? <DataTableEmpty colSpan={8} title="Неоплаченных взносов нет" description="Измените фильтры или период." /> : null}
              {q.data.items.map((x) => (
                <TR key={x.id} data-testid="receivable-row">
                  <TD className={x.overdue ? "font-medium text-danger-strong" : undefined}>{formatDay(x.dueDate)}{x.overdue ? <Badge variant="danger" className="ml-2">просрочен</Badge> : null}</TD>
                  <TD><Link className="text-primary hover:underline" href={`/crm/deals/${x.deal.id}`}>{x.deal.title}</Link></TD>
                  <TD>{x.clientName}</TD>
                  <TD>{x.sellerName}</TD>
                  <TD>{x.insurerName} · {x.policy.number}</TD>
                  <TD className="text-right">{formatRub(x.amount)}</TD>
                  <TD className="text-right">{formatRub(x.paidAmount)}</TD>
                  <TD className="text-right font-medium">{formatRub(x.outstanding)}</TD>
                </TR>
              ))}
            </TBody>
          </Table>
          <Pagination page={page} pageSize={PAGE_SIZE} total={q.data.total} onPageChange={setPage} disabled={q.isFetching} />
        </>
      )}
    </section>
  );
}

const GROUP_LABELS = { month: "Месяц", insurer: "Страховщик", seller: "Продавец" } as const;

function Finance() {
  const trpc = useTRPC();
  const [filters, setFilters] = useState<TFilters>({ insurerId: "", sellerId: "", from: `${todayString().slice(0, 4)}-01-01`, to: "" });
  const [groupBy, setGroupBy] = useState<"month" | "insurer" | "seller">("month");
  const invalid = Boolean(filters.from && filters.to && filters.from > filters.to);
  const q = useQuery({ ...trpc.crm.financeReport.queryOptions({ filters: apiFilters(filters), groupBy }), placeholderData: keepPreviousData, enabled: !invalid });
  return (
    <section data-testid="finance-report">
      <div className="mb-2 flex flex-wrap items-center justify-between gap-2">
        <h2 className="text-lg font-semibold">Комиссии и расходы</h2>
        <div className="flex items-center gap-2">
          <Select aria-label="Группировка" className="w-48" value={groupBy} onChange={(e) => setGroupBy(e.target.value as typeof groupBy)}
            options={[{ value: "month", label: "По месяцам" }, { value: "insurer", label: "По страховщикам" }, { value: "seller", label: "По продавцам" }]} />
          <CsvButton input={{ report: "finance", filters: apiFilters(filters), groupBy }} />
        </div>
      </div>
      <Filters value={filters} onChange={setFilters} periodLabel="Дата поступления / оплаты" />
      {invalid ? <Alert variant="danger">Начало периода позже его конца</Alert> : q.error ? <Alert variant="danger">{errorMessage(q.error)}</Alert> : !q.data ? <Skeleton className="h-48" /> : (
        <>
          {q.data.groupBy === "month" && q.data.items.length > 0 ? (
            <div className="mb-3 rounded-lg border border-border bg-surface p-3">
              <BarChart title="Комиссии и расходы по месяцам" labels={q.data.items.map((x) => x.label)} format={formatRub}
                series={[
                  { name: "Комиссия", color: "#2563eb", values: q.data.items.map((x) => x.commission) },
                  { name: "Прочие доходы", color: "#16a34a", values: q.data.items.map((x) => x.otherIncome) },
                  { name: "Расходы", color: "#dc2626", values: q.data.items.map((x) => x.expenses) },
                ]} />
            </div>
          ) : null}
          <Table>
            <THead><TR><TH>{GROUP_LABELS[q.data.groupBy]}</TH><TH className="text-right">Комиссия</TH><TH className="text-right">Прочие доходы</TH><TH className="text-right">Расходы</TH><TH className="text-right">Маржа</TH></TR></THead>
            <TBody>
              {q.data.items.length === 0 ? <DataTableEmpty colSpan={5} title="За период движения денег нет" description="Доходы и расходы записываются на вкладке «Платежи» сделки." /> : null}
              {q.data.items.map((x) => (
                <TR key={x.key} data-testid="finance-row">
                  <TD>{x.label}</TD>
                  <TD className="text-right">{formatRub(x.commission)}</TD>
                  <TD className="text-right">{formatRub(x.otherIncome)}</TD>
                  <TD className="text-right">{formatRub(x.expenses)}</TD>
                  <TD className="text-right font-medium">{formatRub(x.margin)}</TD>
                </TR>
              ))}
              {q.data.items.length > 0 ? (
                <TR className="font-semibold">
                  <TD>Итого</TD>
                  <TD className="text-right">{formatRub(q.data.totals.commission)}</TD>
                  <TD className="text-right">{formatRub(q.data.totals.otherIncome)}</TD>
                  <TD className="text-right">{formatRub(q.data.totals.expenses)}</TD>
                  <TD className="text-right">{formatRub(q.data.totals.margin)}</TD>
                </TR>
              ) : null}
            </TBody>
          </Table>
        </>
      )}
    </section>
  );
}

export function ReportsView() {
  return (
    <div>
      <PageHeader title="CRM: отчёты" description="Неоплаченные взносы клиентов, комиссии и расходы по месяцам, страховщикам и продавцам. Выгрузка в CSV для Excel." />
      <CrmNav />
      <Receivables />
      <Finance />
    </div>
  );
}
