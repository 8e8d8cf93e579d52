"use client";

import { useMemo, useState } from "react";
import Link from "next/link";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { ChevronLeft, ChevronRight } from "lucide-react";
import { useTRPC, errorMessage } from "@/components/trpc";
import { PageHeader } from "@/components/ui/page-header";
import { Button } from "@/components/ui/button";
import { Badge, type BadgeVariant } from "@/components/ui/badge";
import { Alert } from "@/components/ui/alert";
import { Select } from "@/components/ui/select";
import { Label } from "@/components/ui/label";
import { Checkbox } from "@/components/ui/checkbox";
import { Skeleton } from "@/components/ui/skeleton";
import { EmptyState } from "@/components/ui/empty-state";
import { cn } from "@/components/ui/utils";
import { CrmNav } from "./crm-nav";
import { formatDay, formatRub, todayString } from "./format";

type TKind = "review" | "installment" | "policyEnd";
const KINDS: { kind: TKind; label: string; short: string; variant: BadgeVariant }[] = [
  { kind: "review", label: "Даты просмотра", short: "Просмотр", variant: "info" },
  { kind: "installment", label: "Сроки взносов", short: "Взнос", variant: "warning" },
  { kind: "policyEnd", label: "Окончания полисов", short: "Конец полиса", variant: "neutral" },
];
const KIND_BY = Object.fromEntries(KINDS.map((k) => [k.kind, k])) as Record<TKind, (typeof KINDS)[number]>;
const WEEKDAYS = ["Пн", "Вт", "Ср", "Чт", "Пт", "Сб", "Вс"];
const MONTH = new Intl.DateTimeFormat("ru-RU", { month: "long", year: "numeric", timeZone: "UTC" });

const iso = (d: Date) => d.toISOString().slice(0, 10);

/** The grid's days: whole weeks (Monday first) covering the month `ym` (YYYY-MM). */
function monthGrid(ym: string): string[] {
  const [y, m] = ym.split("-").map(Number) as [number, number];
  const first = new Date(Date.UTC(y, m - 1, 1));
  const last = new Date(Date.UTC(y, m, 0));
  const start = new Date(first.getTime() - ((first.getUTCDay() + 6) % 7) * 86_400_000);
  const end = new Date(last.getTime() + (6 - ((last.getUTCDay() + 6) % 7)) * 86_400_000);
  const days: string[] = [];
  for (let t = start.getTime(); t <= end.getTime(); t += 86_400_000) days.push(iso(new Date(t)));
  return days;
}

function shiftMonth(ym: string, delta: number): string {
  const [y, m] = ym.split("-").map(Number) as [number, number];
  return iso(new Date(Date.UTC(y, m - 1 + delta, 1))).slice(0, 7);
}

/** Review dates, installment due dates and policy ends as a month grid with the selected day's list. */
export function CalendarView() {
  const trpc = useTRPC();
  const today = todayString();
  const [month, setMonth] = useState(today.slice(0, 7));
  const [selected, setSelected] = useState(today);
  const [sellerId, setSellerId] = useState("");
  const [executorId, setExecutorId] = useState("");
  const [kinds, setKinds] = useState<TKind[]>(["review", "installment", "policyEnd"]);
  const days = useMemo(() => monthGrid(month), [month]);
  const members = useQuery(trpc.crm.members.queryOptions());
  const q = useQuery({
    ...trpc.crm.calendar.queryOptions({ from: days[0]!, to: days.at(-1)!, sellerId: sellerId || undefined, executorId: executorId || undefined, kinds }, { enabled: kinds.length > 0 }),
    placeholderData: keepPreviousData,
  });
  const data = q.data;
  const byDay = useMemo(() => {
    const map = new Map<string, NonNullable<typeof data>["items"]>();
    for (const i of data?.items ?? []) map.set(i.date, [...(map.get(i.date) ?? []), i]);
    return map;
  }, [data]);
  const people = members.data ?? [];
  const dayItems = byDay.get(selected) ?? [];
  const go = (ym: string) => { setMonth(ym); setSelected(ym === today.slice(0, 7) ? today : `${ym}-01`); };

  return (
    <div>
      <PageHeader title="CRM: календарь" description="Даты просмотра сделок, сроки взносов и окончания полисов. Видны только сделки, доступные вам." />
      <CrmNav />
      <div className="mb-4 flex flex-wrap items-end gap-4 rounded-lg border border-border bg-surface p-3" data-testid="calendar-filters">
        <div className="space-y-1">
          <Label htmlFor="cal-seller">Продавец</Label>
          <Select id="cal-seller" className="w-52" value={sellerId} onChange={(e) => setSellerId(e.target.value)} placeholder="Все"
            options={people.filter((m) => m.role !== "executor").map((m) => ({ value: m.userId, label: m.name }))} />
        </div>
        <div className="space-y-1">
          <Label htmlFor="cal-executor">Исполнитель</Label>
          <Select id="cal-executor" className="w-52" value={executorId} onChange={(e) => setExecutorId(e.target.value)} placeholder="Все"
            options={people.map((m) => ({ value: m.userId, label: m.name }))} />
        </div>
        <fieldset className="flex flex-wrap gap-3">
          <legend className="sr-only">Типы событий</legend>
          {KINDS.map((k) => (
            <Checkbox key={k.kind} label={k.label} checked={kinds.includes(k.kind)}
              onChange={(e) => setKinds((ks) => (e.target.checked ? [...ks, k.kind] : ks.filter((x) => x !== k.kind)))} />
          ))}
        </fieldset>
      </div>

      <div className="mb-2 flex items-center gap-2">
        <Button variant="outline" size="sm" onClick={() => go(shiftMonth(month, -1))} aria-label="Предыдущий месяц"><ChevronLeft /></Button>
        <h2 className="min-w-40 text-center font-medium capitalize" data-testid="calendar-month">{MONTH.format(new Date(`${month}-01T00:00:00Z`))}</h2>
        <Button variant="outline" size="sm" onClick={() => go(shiftMonth(month, 1))} aria-label="Следующий месяц"><ChevronRight /></Button>
        <Button variant="ghost" size="sm" onClick={() => go(today.slice(0, 7))}>Сегодня</Button>
      </div>

      {kinds.length === 0 ? <Alert variant="info">Выберите хотя бы один тип событий.</Alert>
        : q.error ? <Alert variant="danger">{errorMessage(q.error)}</Alert>
        : !q.data ? <Skeleton className="h-96" /> : (
          <div className="grid gap-4 lg:grid-cols-[1fr_22rem]">
            <div>
              {q.data.truncated ? <Alert variant="warning" className="mb-2">Событий слишком много — показана часть. Уточните фильтры.</Alert> : null}
              <div className="grid grid-cols-7 overflow-hidden rounded-lg border border-border text-sm" data-testid="calendar-grid">
                {WEEKDAYS.map((w) => <div key={w} className="border-b border-border bg-muted px-2 py-1 text-xs font-medium text-muted-foreground">{w}</div>)}
                {days.map((d) => {
                  const items = byDay.get(d) ?? [];
                  const counts = KINDS.map((k) => ({ ...k, n: items.filter((i) => i.kind === k.kind).length })).filter((k) => k.n > 0);
                  const overdue = items.some((i) => i.overdue);
                  return (
                    <button key={d} type="button" onClick={() => setSelected(d)} data-testid={`calendar-day-${d}`} aria-pressed={d === selected}
                      aria-label={`${formatDay(d)}: событий ${items.length}`}
                      className={cn("flex min-h-20 flex-col items-start gap-1 border-b border-r border-border p-1.5 text-left hover:bg-muted/60",
                        d.slice(0, 7) !== month && "bg-muted/30 text-muted-foreground", d === selected && "ring-2 ring-inset ring-primary")}>
                      <span className={cn("text-xs", d === today && "rounded bg-primary px-1 font-semibold text-primary-foreground", overdue && d !== today && "font-semibold text-danger-strong")}>
                        {Number(d.slice(8))}
                      </span>
                      {counts.map((k) => <Badge key={k.kind} variant={k.variant} className="px-1 py-0 text-[11px]">{k.short}: {k.n}</Badge>)}
                    </button>
                  );
                })}
              </div>
            </div>
            <section aria-label="События дня" data-testid="calendar-day-list">
              <h3 className="mb-2 font-medium">{formatDay(selected)}</h3>
              {dayItems.length === 0 ? <EmptyState title="Событий нет" description="Выберите другой день или измените фильтры." /> : (
                <ul className="space-y-2">
                  {dayItems.map((i) => (
                    <li key={i.id} className="rounded-md border border-border bg-surface p-2 text-sm" data-testid="calendar-item">
                      <div className="flex items-center gap-2">
                        <Badge variant={i.overdue ? "danger" : i.done ? "success" : KIND_BY[i.kind].variant}>{KIND_BY[i.kind].short}</Badge>
                        {i.overdue ? <span className="text-xs text-danger-strong">просрочено</span> : i.done && i.kind === "installment" ? <span className="text-xs text-muted-foreground">оплачен</span> : null}
                      </div>
                      <div className="mt-1">{i.title}{i.amount !== null && !i.done ? ` — ${formatRub(i.amount)}` : ""}</div>
                      <Link href={`/crm/deals/${i.dealId}`} className="font-medium text-primary hover:underline">{i.dealTitle}</Link>
                      <span className="text-muted-foreground"> · {i.clientName}</span>
                    </li>
                  ))}
                </ul>
              )}
            </section>
          </div>
        )}
    </div>
  );
}
