"use client";

import { useState } from "react";
import Link from "next/link";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import { ArrowLeft, Download, FileText, Paperclip, Send } from "lucide-react";
import type { TAppRouter } from "@/server/api/root";
import { useTRPC, errorMessage } from "@/components/trpc";
import { PageHeader } from "@/components/ui/page-header";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Button, buttonVariants } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { Badge } from "@/components/ui/badge";
import { Alert } from "@/components/ui/alert";
import { Checkbox } from "@/components/ui/checkbox";
import { Skeleton } from "@/components/ui/skeleton";
import { Dialog, DialogContent, DialogFooter } from "@/components/ui/dialog";
import { Table, THead, TBody, TR, TH, TD, DataTableEmpty } from "@/components/ui/table";
import { toast } from "@/components/ui/toaster";
import { formatDateTime } from "@/components/format";
import { OrderItemsEditor } from "./order-items-editor";
import { AI_STATUSES, HISTORY_ACTIONS, money, ORDER_STATUSES, orderStatus, RFQ_STATUSES } from "./labels";

type TOrder = inferRouterOutputs<TAppRouter>["procurement"]["order"];

export function OrderView({ orderId, canEdit }: { orderId: string; canEdit: boolean }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const q = useQuery({
    ...trpc.procurement.order.queryOptions({ id: orderId }),
    refetchInterval: (query) => (query.state.data?.rfqs.some((r) => r.status === "queued" || r.status === "sent") ? 3000 : 15_000),
  });
  const refresh = () => qc.invalidateQueries({ queryKey: trpc.procurement.order.queryKey({ id: orderId }) });
  const setStatus = useMutation(trpc.procurement.setStatus.mutationOptions({
    onSuccess: () => { toast.success("Статус изменён"); void refresh(); },
    onError: (e) => toast.error(errorMessage(e)),
  }));

  if (q.error) return <Alert variant="danger">{errorMessage(q.error)}</Alert>;
  if (!q.data) return <Skeleton className="h-96" />;
  const o = q.data;
  const s = orderStatus(o.status);
  return (
    <div className="space-y-4">
      <PageHeader
        eyebrow={<Link href="/procurement" className="inline-flex items-center gap-1 text-sm text-muted-foreground hover:text-foreground"><ArrowLeft className="size-4" /> Заявки</Link>}
        title={`Заявка ${o.number}`}
        description={[o.client ? `${o.client.name}${o.client.email ? ` <${o.client.email}>` : ""}` : "Клиент не определён", `получена ${formatDateTime(o.createdAt)}`, AI_STATUSES[o.aiStatus]].join(" · ")}
        actions={
          <div className="flex items-center gap-2">
            <Badge variant={s.variant} dot data-testid="order-status">{s.label}</Badge>
            {canEdit && (
              <Select aria-label="Сменить статус" className="w-48" value={o.status} onChange={(e) => setStatus.mutate({ orderId, status: e.target.value as never })} options={ORDER_STATUSES.map((x) => ({ value: x.value, label: x.label }))} data-testid="order-status-select" />
            )}
          </div>
        }
      />
      {o.status === "needs_review" && o.reviewReason && <Alert variant="warning" title="Требует проверки" data-testid="order-review-reason">{o.reviewReason}</Alert>}

      <div className="grid gap-4 xl:grid-cols-2">
        <Card>
          <CardHeader><CardTitle>Позиции</CardTitle></CardHeader>
          <CardContent>
            <OrderItemsEditor key={o.items.map((i) => i.id).join()} orderId={orderId} items={o.items} canEdit={canEdit} onSaved={refresh} />
          </CardContent>
        </Card>
        <SourceEmail source={o.source} />
      </div>

      <RfqCard order={o} canEdit={canEdit} onChanged={refresh} />
      {o.comparison.suppliers.length > 0 && <ComparisonCard order={o} canEdit={canEdit} onChanged={refresh} />}
      {o.offers.length > 0 && <OffersCard order={o} canEdit={canEdit} onChanged={refresh} />}
      <HistoryCard history={o.history} />
    </div>
  );
}

function SourceEmail({ source }: { source: TOrder["source"] }) {
  const [view, setView] = useState<"text" | "html">("text");
  if (!source) return <Card><CardHeader><CardTitle>Письмо клиента</CardTitle><CardDescription>Заявка создана вручную</CardDescription></CardHeader></Card>;
  return (
    <Card data-testid="order-source-email">
      <CardHeader>
        <CardTitle>Письмо клиента</CardTitle>
        <CardDescription>
          От {source.fromName ? `${source.fromName} <${source.fromAddress}>` : source.fromAddress} · {formatDateTime(source.sentAt)}<br />
          Тема: <span data-testid="source-subject">{source.subject || "(без темы)"}</span>
        </CardDescription>
      </CardHeader>
      <CardContent className="space-y-3">
        {source.html && (
          <div className="flex gap-2">
            <Button size="sm" variant={view === "text" ? "secondary" : "ghost"} onClick={() => setView("text")}>Текст</Button>
            <Button size="sm" variant={view === "html" ? "secondary" : "ghost"} onClick={() => setView("html")}>Как в письме</Button>
          </div>
        )}
        {view === "html" && source.html ? (
          // Sanitized on the server, and sandboxed here: no scripts, no same-origin access, no forms.
          <iframe title="Письмо клиента" sandbox="" srcDoc={source.html} className="h-96 w-full rounded border border-border bg-white" data-testid="source-html" />
        ) : (
          <pre className="max-h-96 overflow-auto whitespace-pre-wrap rounded bg-muted p-3 font-sans text-sm" data-testid="source-text">{source.text || "(пустое письмо)"}</pre>
        )}
        {source.attachments.length > 0 && (
          <ul className="space-y-1 text-sm" data-testid="source-attachments">
            {source.attachments.map((a) => (
              <li key={a.id} className="flex items-center gap-2">
                <Paperclip className="size-4 text-muted-foreground" />
                {a.skippedReason ? (
                  <span className="text-muted-foreground">{a.filename} — не сохранён: {a.skippedReason}</span>
                ) : (
                  <a className="text-primary hover:underline" href={`/api/procurement/attachments/${a.id}`}>{a.filename}</a>
                )}
                <span className="text-xs text-muted-foreground">{Math.max(1, Math.round(a.size / 1024))} КБ</span>
              </li>
            ))}
          </ul>
        )}
        {source.processError && <p className="text-xs text-muted-foreground">Разбор ИИ: {source.processError}</p>}
      </CardContent>
    </Card>
  );
}

function RfqCard({ order, canEdit, onChanged }: { order: TOrder; canEdit: boolean; onChanged: () => void }) {
  const trpc = useTRPC();
  const [open, setOpen] = useState(false);
  const [picked, setPicked] = useState<string[]>([]);
  const request = useMutation(trpc.procurement.requestRfqs.mutationOptions({
    onSuccess: (r) => { toast.success(`Запросов поставлено в очередь: ${r.created}`); setOpen(false); onChanged(); },
    onError: (e) => toast.error(errorMessage(e)),
  }));
  const openDialog = () => { setPicked(order.suggestions.filter((s) => s.score > 0 && !s.alreadyAsked).map((s) => s.id)); setOpen(true); };
  const closed = ["won", "lost", "cancelled"].includes(order.status);
  return (
    <Card>
      <CardHeader className="flex flex-row items-start justify-between gap-2">
        <div>
          <CardTitle>Запросы поставщикам</CardTitle>
          <CardDescription>Каждое письмо уходит со своим Message-ID и кодом запроса в теме; ответы привязываются автоматически.</CardDescription>
        </div>
        {canEdit && !closed && <Button onClick={openDialog} disabled={order.items.length === 0} data-testid="rfq-open">Запросить цены</Button>}
      </CardHeader>
      <CardContent>
        <Table data-testid="rfq-table">
          <THead><TR><TH>Поставщик</TH><TH>Код</TH><TH>Отправлен</TH><TH>Статус</TH></TR></THead>
          <TBody>
            {order.rfqs.length === 0 ? <DataTableEmpty colSpan={4} title="Запросов ещё не было" /> : order.rfqs.map((r) => {
              const st = RFQ_STATUSES[r.status];
              return (
                <TR key={r.id} data-testid={`rfq-row-${r.supplier.email}`}>
                  <TD>{r.supplier.name}<div className="text-xs text-muted-foreground">{r.supplier.email}</div></TD>
                  <TD className="font-mono text-xs">RFQ-{r.token}</TD>
                  <TD>{formatDateTime(r.sentAt)}{r.remindedAt && <div className="text-xs text-muted-foreground">напоминание {formatDateTime(r.remindedAt)}</div>}</TD>
                  <TD><Badge variant={st.variant} data-testid="rfq-status">{st.label}</Badge>{r.error && <div className="mt-1 text-xs text-danger-strong">{r.error}</div>}</TD>
                </TR>
              );
            })}
          </TBody>
        </Table>
      </CardContent>
      <Dialog open={open} onOpenChange={setOpen}>
        <DialogContent title="Запросить цены" description="Поставщики отсортированы по брендам и категориям позиций и по прошлым ответам." size="lg">
          {order.suggestions.length === 0 ? (
            <Alert variant="info">Поставщиков нет: добавьте их в разделе <Link className="underline" href="/procurement/suppliers">«Поставщики»</Link>.</Alert>
          ) : (
            <div className="max-h-96 space-y-1 overflow-auto" data-testid="rfq-suppliers">
              {order.suggestions.map((s) => (
                <Checkbox
                  key={s.id}
                  label={`${s.name} <${s.email}>`}
                  description={s.alreadyAsked ? "уже запрошен" : s.reasons.join(", ") || "нет совпадений по брендам и категориям"}
                  disabled={s.alreadyAsked}
                  checked={picked.includes(s.id)}
                  onChange={(e) => setPicked((p) => (e.target.checked ? [...p, s.id] : p.filter((x) => x !== s.id)))}
                />
              ))}
            </div>
          )}
          <DialogFooter>
            <Button variant="ghost" onClick={() => setOpen(false)}>Отмена</Button>
            <Button onClick={() => request.mutate({ orderId: order.id, supplierIds: picked })} disabled={picked.length === 0} loading={request.isPending} data-testid="rfq-send">
              <Send /> Отправить ({picked.length})
            </Button>
          </DialogFooter>
        </DialogContent>
      </Dialog>
    </Card>
  );
}

function ComparisonCard({ order, canEdit, onChanged }: { order: TOrder; canEdit: boolean; onChanged: () => void }) {
  const trpc = useTRPC();
  const [markup, setMarkup] = useState(String(order.markupPct));
  const select = useMutation(trpc.procurement.selectQuoteItem.mutationOptions({ onSuccess: onChanged, onError: (e) => toast.error(errorMessage(e)) }));
  const create = useMutation(trpc.procurement.createOffer.mutationOptions({
    onSuccess: (r) => { toast.success(`Сформировано ${r.number}`); onChanged(); },
    onError: (e) => toast.error(errorMessage(e)),
  }));
  const { suppliers, rows } = order.comparison;
  const m = Number(markup.replace(",", "."));
  const chosenTotal = rows.reduce((sum, r) => {
    const id = r.selectedQuoteItemId ?? r.bestQuoteItemId;
    const cell = Object.values(r.cells).find((c) => c.quoteItemId === id);
    return sum + (cell?.total ?? 0);
  }, 0);
  return (
    <Card data-testid="comparison">
      <CardHeader>
        <CardTitle>Сравнение предложений</CardTitle>
        <CardDescription>Цены за единицу с НДС {order.vatRatePct}% (без НДС — пересчитаны). Выберите поставщика по каждой позиции; по умолчанию — самая низкая цена.</CardDescription>
      </CardHeader>
      <CardContent className="space-y-4">
        <Table data-testid="comparison-table">
          <THead>
            <TR>
              <TH>Позиция</TH>
              {suppliers.map((s) => <TH key={s.id}>{s.name}<div className="text-xs font-normal text-muted-foreground">{[s.validUntil && `до ${s.validUntil}`, s.terms].filter(Boolean).join(" · ")}</div></TH>)}
            </TR>
          </THead>
          <TBody>
            {rows.map((r) => {
              const chosen = r.selectedQuoteItemId ?? r.bestQuoteItemId;
              return (
                <TR key={r.orderItemId}>
                  <TD>{r.position}. {r.name}<div className="text-xs text-muted-foreground">{r.quantity.toLocaleString("ru-RU")} {r.unit}</div></TD>
                  {suppliers.map((s) => {
                    const c = r.cells[s.id];
                    if (!c) return <TD key={s.id} className="text-muted-foreground">нет ответа</TD>;
                    return (
                      <TD key={s.id} className={chosen === c.quoteItemId ? "bg-success-soft" : undefined} data-testid={`cell-${r.position}-${s.name}`}>
                        {c.grossPrice === null ? (
                          <span className="text-muted-foreground">{c.availability ?? "нет цены"}</span>
                        ) : (
                          <label className="flex items-start gap-2">
                            {canEdit && <input type="radio" name={`line-${r.orderItemId}`} checked={chosen === c.quoteItemId} onChange={() => select.mutate({ orderItemId: r.orderItemId, quoteItemId: c.quoteItemId })} aria-label={`Выбрать ${s.name} для позиции ${r.position}`} />}
                            <span>
                              <span className="font-medium">{money(c.grossPrice)} ₽</span>{c.vatIncluded === false && <span className="text-xs text-muted-foreground"> ({money(c.price)} без НДС)</span>}
                              <span className="block text-xs text-muted-foreground">{[c.leadTimeDays === null ? null : c.leadTimeDays === 0 ? "в наличии" : `${c.leadTimeDays} дн.`, c.availability].filter(Boolean).join(" · ")}</span>
                              <span className="block text-xs">итого {money(c.total)} ₽</span>
                            </span>
                          </label>
                        )}
                      </TD>
                    );
                  })}
                </TR>
              );
            })}
          </TBody>
        </Table>
        {canEdit && (
          <div className="flex flex-wrap items-end gap-3">
            <label className="text-sm">Наценка, %<Input className="mt-1 w-28" inputMode="decimal" value={markup} onChange={(e) => setMarkup(e.target.value)} aria-label="Наценка, %" data-testid="offer-markup" /></label>
            <div className="pb-2 text-sm text-muted-foreground">Закупка: {money(chosenTotal)} ₽ → клиенту: {Number.isFinite(m) ? money(Math.round(chosenTotal * (1 + m / 100) * 100) / 100) : "—"} ₽</div>
            <div className="flex-1" />
            <Button onClick={() => create.mutate({ orderId: order.id, markupPct: m })} disabled={!Number.isFinite(m) || m < 0} loading={create.isPending} data-testid="offer-create"><FileText /> Сформировать КП</Button>
          </div>
        )}
      </CardContent>
    </Card>
  );
}

function OffersCard({ order, canEdit, onChanged }: { order: TOrder; canEdit: boolean; onChanged: () => void }) {
  const trpc = useTRPC();
  const [to, setTo] = useState(order.client?.email ?? order.source?.fromAddress ?? "");
  const send = useMutation(trpc.procurement.sendOffer.mutationOptions({
    onSuccess: (r) => { toast.success(`КП отправлено на ${r.to}`); onChanged(); },
    onError: (e) => { toast.error(errorMessage(e)); onChanged(); },
  }));
  return (
    <Card>
      <CardHeader><CardTitle>Коммерческие предложения</CardTitle></CardHeader>
      <CardContent className="space-y-3">
        {canEdit && <label className="block text-sm">Адрес клиента<Input className="mt-1 max-w-sm" type="email" value={to} onChange={(e) => setTo(e.target.value)} aria-label="Адрес клиента" /></label>}
        <Table>
          <THead><TR><TH>Номер</TH><TH>Создано</TH><TH className="text-right">Сумма с НДС</TH><TH>Наценка</TH><TH>Действует до</TH><TH>Отправка</TH><TH /></TR></THead>
          <TBody>
            {order.offers.map((f) => (
              <TR key={f.id} data-testid={`offer-row-${f.number}`}>
                <TD className="font-medium">{f.number}</TD>
                <TD>{formatDateTime(f.createdAt)}</TD>
                <TD className="text-right whitespace-nowrap">{money(f.total)} ₽</TD>
                <TD>{f.markupPct}%</TD>
                <TD>{new Date(f.validUntil).toLocaleDateString("ru-RU")}</TD>
                <TD data-testid="offer-sent">{f.sentAt ? `отправлено ${f.sentTo}, ${formatDateTime(f.sentAt)}` : f.sendError ? <span className="text-danger-strong">ошибка: {f.sendError}</span> : "не отправлено"}</TD>
                <TD className="whitespace-nowrap text-right">
                  <a className={buttonVariants({ variant: "ghost", size: "sm" })} href={`/api/procurement/offers/${f.id}`} data-testid="offer-download"><Download /> PDF</a>
                  {canEdit && <Button variant="outline" size="sm" onClick={() => send.mutate({ offerId: f.id, to })} loading={send.isPending && send.variables?.offerId === f.id} data-testid="offer-send"><Send /> Отправить клиенту</Button>}
                </TD>
              </TR>
            ))}
          </TBody>
        </Table>
      </CardContent>
    </Card>
  );
}

function HistoryCard({ history }: { history: TOrder["history"] }) {
  return (
    <Card>
      <CardHeader><CardTitle>История</CardTitle></CardHeader>
      <CardContent>
        <ol className="space-y-2 text-sm" data-testid="order-history">
          {history.map((h) => (
            <li key={h.id} className="flex gap-3">
              <span className="w-36 shrink-0 text-muted-foreground">{formatDateTime(h.createdAt)}</span>
              <span><span className="font-medium">{HISTORY_ACTIONS[h.action] ?? h.action}</span> — {h.actorName ?? "Система"}{describe(h.changes)}</span>
            </li>
          ))}
        </ol>
      </CardContent>
    </Card>
  );
}

function describe(changes: unknown): string {
  if (!changes || typeof changes !== "object") return "";
  const c = changes as Record<string, unknown>;
  const parts = [c.supplier && `поставщик ${String(c.supplier)}`, c.number && String(c.number), c.to && `→ ${String(c.to)}`, c.error && `ошибка: ${String(c.error)}`, c.from && typeof c.from === "string" && c.to ? null : null]
    .filter(Boolean);
  return parts.length ? ` (${parts.join(", ")})` : "";
}
