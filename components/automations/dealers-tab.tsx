"use client";

import { useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import { Link2, Pause, Pencil, Play, Plus, Trash2 } from "lucide-react";
import type { TAppRouter } from "@/server/api/root";
import { useTRPC, errorMessage, fieldErrors } from "@/components/trpc";
import { Table, THead, TBody, TR, TH, TD, DataTableEmpty } from "@/components/ui/table";
import { Dialog, DialogContent, DialogFooter } from "@/components/ui/dialog";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Checkbox } from "@/components/ui/checkbox";
import { FormField } from "@/components/ui/form-field";
import { Alert } from "@/components/ui/alert";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { toast } from "@/components/ui/toaster";
import { formatDateTime } from "@/components/format";
import { DEALER_STATUS } from "./labels";

type TDealer = inferRouterOutputs<TAppRouter>["dealers"]["list"][number];

export function DealersTab({ canEdit }: { canEdit: boolean }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const dealers = useQuery({ ...trpc.dealers.list.queryOptions(), refetchInterval: 5000 });
  const refresh = () => qc.invalidateQueries({ queryKey: trpc.dealers.list.queryKey() });
  const [editing, setEditing] = useState<TDealer | "new" | null>(null);
  const [link, setLink] = useState<{ name: string; url: string; expiresAt: Date } | null>(null);
  const pause = useMutation(trpc.dealers.setPaused.mutationOptions({ onSuccess: () => void refresh(), onError: (e) => toast.error(errorMessage(e)) }));
  const remove = useMutation(trpc.dealers.remove.mutationOptions({ onSuccess: () => void refresh(), onError: (e) => toast.error(errorMessage(e)) }));
  const subscribe = useMutation(trpc.dealers.subscribeLink.mutationOptions({ onError: (e) => toast.error(errorMessage(e)) }));

  return (
    <div className="space-y-3">
      <div className="flex items-center justify-between gap-2">
        <p className="text-sm text-muted-foreground">Дилеры получают в Telegram сообщения о заказах, платежах и отгрузках своих контрагентов. Бот — из «Настройки → Интеграции → Telegram».</p>
        {canEdit ? <Button onClick={() => setEditing("new")} data-testid="dealer-new"><Plus /> Добавить дилера</Button> : null}
      </div>
      {dealers.error ? <Alert variant="danger">{errorMessage(dealers.error)}</Alert> : null}
      <Table>
        <THead><TR><TH>Дилер</TH><TH>Telegram</TH><TH>Привязки</TH><TH>Статус</TH><TH>Отправлено / не доставлено</TH><TH /></TR></THead>
        <TBody>
          {dealers.data?.length === 0 ? <DataTableEmpty colSpan={6} title="Дилеров пока нет" /> : null}
          {dealers.data?.map((d) => {
            const s = DEALER_STATUS[d.status]!;
            return (
              <TR key={d.id} data-testid={`dealer-row-${d.name}`}>
                <TD><div className="font-medium">{d.name}</div><div className="text-xs text-muted-foreground">{d.phone ?? ""}</div></TD>
                <TD>{d.subscribed ? `${d.telegramUsername ? `@${d.telegramUsername}` : "подписан"} · ${formatDateTime(d.subscribedAt)}` : d.linkPending ? "ссылка отправлена" : "—"}</TD>
                <TD className="text-xs">Контрагентов: {d.counterpartyIds.length} · точек продаж: {d.salesPointIds.length}</TD>
                <TD><Badge variant={s.variant} data-testid="dealer-status">{s.label}{d.status === "paused" && d.pausedBy === "user" ? " (сам)" : ""}</Badge></TD>
                <TD>{d.sent} / {d.failed}</TD>
                <TD className="whitespace-nowrap text-right">
                  {canEdit ? (
                    <>
                      <Button size="sm" variant="ghost" loading={subscribe.isPending && subscribe.variables?.dealerId === d.id} onClick={() => subscribe.mutate({ dealerId: d.id }, { onSuccess: (r) => { setLink({ name: d.name, url: r.url, expiresAt: r.expiresAt }); void refresh(); } })} data-testid="dealer-subscribe-link"><Link2 /> Ссылка</Button>
                      <Button size="icon-sm" variant="ghost" aria-label="Изменить" onClick={() => setEditing(d)}><Pencil /></Button>
                      {d.status === "paused" ? (
                        <Button size="icon-sm" variant="ghost" aria-label="Возобновить" onClick={() => pause.mutate({ id: d.id, paused: false })} data-testid="dealer-resume"><Play /></Button>
                      ) : (
                        <Button size="icon-sm" variant="ghost" aria-label="Приостановить" onClick={() => pause.mutate({ id: d.id, paused: true })} data-testid="dealer-pause"><Pause /></Button>
                      )}
                      <ConfirmDialog trigger={<Button size="icon-sm" variant="ghost" aria-label="Удалить"><Trash2 /></Button>} title={`Удалить дилера «${d.name}»?`} description="Журнал его доставок тоже будет удалён." onConfirm={() => remove.mutateAsync({ id: d.id })} />
                    </>
                  ) : null}
                </TD>
              </TR>
            );
          })}
        </TBody>
      </Table>
      {editing ? <DealerDialog dealer={editing === "new" ? null : editing} onClose={() => setEditing(null)} onSaved={() => { setEditing(null); void refresh(); }} /> : null}
      <Dialog open={Boolean(link)} onOpenChange={(o) => !o && setLink(null)}>
        {link ? (
          <DialogContent title={`Ссылка для подписки: ${link.name}`} description="Отправьте её дилеру. Ссылка одноразовая и действует 7 дней; после открытия в Telegram дилер нажимает «Запустить».">
            <Input readOnly value={link.url} onFocus={(e) => e.target.select()} data-testid="dealer-link-url" />
            <p className="text-xs text-muted-foreground">Действует до {formatDateTime(link.expiresAt)}. Код показан один раз.</p>
          </DialogContent>
        ) : null}
      </Dialog>
    </div>
  );
}

function DealerDialog({ dealer, onClose, onSaved }: { dealer: TDealer | null; onClose: () => void; onSaved: () => void }) {
  const trpc = useTRPC();
  const [name, setName] = useState(dealer?.name ?? "");
  const [phone, setPhone] = useState(dealer?.phone ?? "");
  const [search, setSearch] = useState("");
  const [counterparties, setCounterparties] = useState<string[]>(dealer?.counterpartyIds ?? []);
  const [points, setPoints] = useState<string[]>(dealer?.salesPointIds ?? []);
  const cps = useQuery(trpc.dealers.counterparties.queryOptions({ search: search || null, kind: "counterparty" }));
  const stores = useQuery(trpc.dealers.counterparties.queryOptions({ search: null, kind: "store" }));
  const save = useMutation(trpc.dealers.save.mutationOptions({ onSuccess: () => { toast.success("Дилер сохранён"); onSaved(); }, onError: (e) => toast.error(errorMessage(e)) }));
  const errors = fieldErrors(save.error);
  const toggle = (list: string[], id: string, on: boolean) => (on ? [...new Set([...list, id])] : list.filter((x) => x !== id));
  return (
    <Dialog open onOpenChange={(o) => !o && onClose()}>
      <DialogContent title={dealer ? "Дилер" : "Новый дилер"} size="lg">
        <form className="space-y-3" onSubmit={(e) => { e.preventDefault(); save.mutate({ id: dealer?.id ?? null, name, phone: phone || null, counterpartyIds: counterparties, salesPointIds: points }); }} data-testid="dealer-form">
          <div className="grid gap-3 md:grid-cols-2">
            <FormField label="Имя" htmlFor="dealer-name" error={errors.name?.[0]} required><Input id="dealer-name" value={name} onChange={(e) => setName(e.target.value)} data-testid="dealer-name" /></FormField>
            <FormField label="Телефон" htmlFor="dealer-phone" error={errors.phone?.[0]}><Input id="dealer-phone" value={phone} onChange={(e) => setPhone(e.target.value)} placeholder="+7 900 000-00-00" /></FormField>
          </div>
          <FormField label={`Контрагенты в МойСклад (выбрано: ${counterparties.length})`} htmlFor="dealer-cp-search" error={errors.counterpartyIds?.[0]}>
            <Input id="dealer-cp-search" value={search} onChange={(e) => setSearch(e.target.value)} placeholder="Поиск по названию или ИНН" data-testid="dealer-cp-search" />
          </FormField>
          {cps.error ? <Alert variant="warning">{errorMessage(cps.error)}</Alert> : null}
          <div className="max-h-48 space-y-1 overflow-auto rounded border border-border p-2">
            {(cps.data ?? []).map((c) => (
              <label key={c.id} className="flex items-center gap-2 text-sm">
                <Checkbox checked={counterparties.includes(c.id)} onChange={(e) => setCounterparties(toggle(counterparties, c.id, e.target.checked))} data-testid={`dealer-cp-${c.name}`} />
                {c.name} {c.inn ? <span className="text-xs text-muted-foreground">ИНН {c.inn}</span> : null}
              </label>
            ))}
          </div>
          <div className="text-sm font-medium">Точки продаж (склады)</div>
          <div className="flex flex-wrap gap-3">
            {(stores.data ?? []).map((s) => (
              <label key={s.id} className="flex items-center gap-2 text-sm"><Checkbox checked={points.includes(s.id)} onChange={(e) => setPoints(toggle(points, s.id, e.target.checked))} />{s.name}</label>
            ))}
          </div>
          <DialogFooter>
            <Button type="button" variant="ghost" onClick={onClose}>Отмена</Button>
            <Button type="submit" loading={save.isPending} data-testid="dealer-save">Сохранить</Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
