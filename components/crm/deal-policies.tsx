"use client";

import { useState } from "react";
import { useMutation, useQuery } from "@tanstack/react-query";
import { Pencil, Plus, Trash2 } from "lucide-react";
import { useTRPC, errorMessage, fieldErrors } from "@/components/trpc";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { Badge } from "@/components/ui/badge";
import { Alert } from "@/components/ui/alert";
import { FormField } from "@/components/ui/form-field";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Dialog, DialogContent, DialogFooter } from "@/components/ui/dialog";
import { Table, THead, TBody, TR, TH, TD } from "@/components/ui/table";
import { EmptyState } from "@/components/ui/empty-state";
import { toast } from "@/components/ui/toaster";
import { INSTALLMENT_STATUS } from "./labels";
import { formatDay, formatRub, parseRub, todayString } from "./format";
import { useRefreshDeal } from "./use-deal";
import type { TDeal, TPolicy } from "./deal-types";

export function DealPolicies({ deal }: { deal: TDeal }) {
  const [adding, setAdding] = useState(false);
  return (
    <div className="space-y-3">
      {deal.canEdit ? <Button onClick={() => setAdding(true)} data-testid="policy-new"><Plus /> Внести полис</Button> : null}
      {deal.policies.length === 0 ? <EmptyState title="Полисов пока нет" description="Когда клиент оплатит, внесите полис с графиком взносов." /> : null}
      {deal.policies.map((p) => <PolicyCard key={p.id} deal={deal} policy={p} />)}
      {adding ? <PolicyDialog deal={deal} onClose={() => setAdding(false)} /> : null}
    </div>
  );
}

function PolicyCard({ deal, policy: p }: { deal: TDeal; policy: TPolicy }) {
  const trpc = useTRPC();
  const refresh = useRefreshDeal(deal.id);
  const [editing, setEditing] = useState(false);
  const del = useMutation(trpc.crm.deletePolicy.mutationOptions({ onSuccess: () => { toast.success("Полис удалён"); void refresh(); } }));
  const doc = deal.documents.find((d) => d.id === p.documentId);
  return (
    <Card data-testid="policy-card">
      <CardHeader className="flex flex-row flex-wrap items-center justify-between gap-2">
        <CardTitle>Полис {p.number} · {p.insurer.name}{p.product ? ` · ${p.product.name}` : ""}</CardTitle>
        {deal.canEdit ? (
          <div className="flex gap-1">
            <Button size="sm" variant="outline" onClick={() => setEditing(true)} data-testid="policy-edit"><Pencil /> Изменить</Button>
            <ConfirmDialog title="Удалить полис?" confirmLabel="Удалить полис" data-testid="policy-delete-confirm"
              description={`Полис ${p.number} и его график взносов будут удалены. Полис с внесёнными оплатами, доходами или расходами удалить нельзя — сначала отмените их.`}
              trigger={<Button size="sm" variant="ghost" data-testid="policy-delete"><Trash2 /> Удалить</Button>}
              onConfirm={() => del.mutateAsync({ policyId: p.id }).catch((e) => { toast.error(errorMessage(e)); throw e; })} />
          </div>
        ) : null}
      </CardHeader>
      <CardContent className="space-y-3">
        <dl className="grid gap-x-6 gap-y-1 text-sm sm:grid-cols-3">
          <div><dt className="text-muted-foreground">Период</dt><dd>{formatDay(p.startDate)} — {formatDay(p.endDate)}</dd></div>
          <div><dt className="text-muted-foreground">Премия</dt><dd className="tabular-nums">{formatRub(p.premium)}</dd></div>
          <div><dt className="text-muted-foreground">Ожидаемая комиссия</dt><dd className="tabular-nums" data-testid="policy-expected-commission">{formatRub(p.expectedCommission)} {p.commissionManual ? "(вручную)" : p.commissionRateBp != null ? `(${p.commissionRateBp / 100}%)` : ""}</dd></div>
          <div><dt className="text-muted-foreground">Ожидаемые расходы</dt><dd className="tabular-nums">{formatRub(p.expectedExpenses)}</dd></div>
          <div><dt className="text-muted-foreground">Файл полиса</dt><dd>{doc?.name ?? "—"}</dd></div>
        </dl>
        <InstallmentsTable policy={p} />
        {editing ? <PolicyDialog deal={deal} policy={p} onClose={() => setEditing(false)} /> : null}
      </CardContent>
    </Card>
  );
}

type TInstallment = TPolicy["installments"][number];

export function InstallmentsTable({ policy, onPay, paymentActions }: {
  policy: TPolicy;
  onPay?: (i: TInstallment) => void;
  /** Buttons next to each recorded payment (correct / undo); the payments are listed when given. */
  paymentActions?: (payment: TInstallment["payments"][number], installment: TInstallment) => React.ReactNode;
}) {
  return (
    <Table data-testid="installments-table">
      <THead><TR><TH>Срок</TH><TH className="text-right">Сумма</TH><TH className="text-right">Оплачено</TH><TH>Статус</TH>{onPay ? <TH /> : null}</TR></THead>
      <TBody>
        {policy.installments.map((i) => (
          <TR key={i.id} data-testid="installment-row" data-status={i.status} className={i.status === "overdue" ? "bg-danger-soft" : undefined}>
            <TD>{formatDay(i.dueDate)}</TD>
            <TD className="text-right tabular-nums">{formatRub(i.amount)}</TD>
            <TD className="text-right tabular-nums">
              {formatRub(i.paidAmount)}{i.payments.length > 1 ? ` (${i.payments.length} платежа)` : ""}
              {paymentActions && i.payments.length ? (
                <ul className="mt-1 space-y-0.5 text-xs text-muted-foreground">
                  {i.payments.map((x) => (
                    <li key={x.id} className="flex items-center justify-end gap-1" data-testid="payment-row">
                      {formatRub(x.amount)} от {formatDay(x.paidOn)} {paymentActions(x, i)}
                    </li>
                  ))}
                </ul>
              ) : null}
            </TD>
            <TD><Badge variant={INSTALLMENT_STATUS[i.status].variant}>{INSTALLMENT_STATUS[i.status].label}</Badge></TD>
            {onPay ? <TD>{i.status !== "paid" ? <Button size="sm" variant="outline" onClick={() => onPay(i)} data-testid="installment-pay">Внести оплату</Button> : null}</TD> : null}
          </TR>
        ))}
      </TBody>
    </Table>
  );
}

type TRow = { id?: string; dueDate: string; amount: string; paidAmount?: number };

const dayOf = (d: Date | string) => (typeof d === "string" ? d : d.toISOString()).slice(0, 10);
const rubText = (kopecks: number) => (kopecks / 100).toFixed(2).replace(".", ",");

/** Adds a policy, or edits one when `policy` is given (the whole schedule is sent; paid installments stay protected on the server). */
function PolicyDialog({ deal, policy, onClose }: { deal: TDeal; policy?: TPolicy; onClose: () => void }) {
  const trpc = useTRPC();
  const refresh = useRefreshDeal(deal.id);
  const insurers = useQuery(trpc.crm.insurers.queryOptions());
  const chosen = deal.calculations.find((c) => c.chosen);
  const [f, setF] = useState(policy ? {
    insurerId: policy.insurer.id, productId: policy.product?.id ?? "", number: policy.number, startDate: dayOf(policy.startDate), endDate: dayOf(policy.endDate),
    premium: rubText(policy.premium), commissionMode: (policy.commissionManual ? "manual" : "rate") as "rate" | "manual",
    commission: policy.commissionManual ? rubText(policy.expectedCommission) : "", expenses: rubText(policy.expectedExpenses), documentId: policy.documentId ?? "",
  } : {
    insurerId: chosen?.insurer.id ?? "", productId: chosen?.product?.id ?? "", number: "", startDate: todayString(), endDate: todayString(364),
    premium: chosen ? String(chosen.premium / 100) : "", commissionMode: "rate" as "rate" | "manual", commission: "", expenses: "0", documentId: "",
  });
  const [rows, setRows] = useState<TRow[]>(policy ? policy.installments.map((i) => ({ id: i.id, dueDate: dayOf(i.dueDate), amount: rubText(i.amount), paidAmount: i.paidAmount })) : []);
  const [local, setLocal] = useState<string | null>(null);
  const set = (p: Partial<typeof f>) => setF((x) => ({ ...x, ...p }));
  const create = useMutation(trpc.crm.addPolicy.mutationOptions({ onSuccess: () => { toast.success("Полис внесён"); onClose(); void refresh(); } }));
  const update = useMutation(trpc.crm.updatePolicy.mutationOptions({ onSuccess: () => { toast.success("Полис сохранён"); onClose(); void refresh(); } }));
  const add = policy ? update : create;
  const errors = fieldErrors(add.error);
  const products = insurers.data?.find((i) => i.id === f.insurerId)?.products ?? [];
  const product = products.find((p) => p.id === f.productId);

  function split(n: number) {
    const premium = parseRub(f.premium);
    if (Number.isNaN(premium) || premium <= 0) { setLocal("Сначала укажите премию"); return; }
    const base = Math.floor(premium / n);
    const start = new Date(`${f.startDate}T00:00:00Z`);
    if (rows.some((r) => (r.paidAmount ?? 0) > 0)) { setLocal("В графике есть оплаченные взносы: меняйте суммы по строкам"); return; }
    setRows(Array.from({ length: n }, (_, k) => {
      const d = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + Math.round((12 / n) * k), start.getUTCDate()));
      const amount = k === n - 1 ? premium - base * (n - 1) : base;
      return { dueDate: d.toISOString().slice(0, 10), amount: (amount / 100).toFixed(2).replace(".", ",") };
    }));
  }

  function submit(e: React.FormEvent) {
    e.preventDefault();
    const premium = parseRub(f.premium), expenses = parseRub(f.expenses || "0");
    const installments = rows.map((r) => ({ ...(r.id ? { id: r.id } : {}), dueDate: r.dueDate, amount: parseRub(r.amount) }));
    const commission = f.commissionMode === "manual" ? parseRub(f.commission) : 0;
    if ([premium, expenses, commission, ...installments.map((i) => i.amount)].some(Number.isNaN)) { setLocal("Суммы — числа в рублях, например 85 000 или 85000,50"); return; }
    setLocal(null);
    if (policy) {
      const sameProduct = (f.productId || null) === (policy.product?.id ?? null);
      update.mutate({
        policyId: policy.id, insurerId: f.insurerId, productId: f.productId || undefined, number: f.number, startDate: f.startDate, endDate: f.endDate,
        premium, expectedExpenses: expenses, documentId: f.documentId || null, installments,
        commission: f.commissionMode === "manual" ? { mode: "manual", amount: commission } : { mode: "rate", rateBp: sameProduct && policy.commissionRateBp != null ? policy.commissionRateBp : undefined },
      });
      return;
    }
    create.mutate({
      dealId: deal.id, calculationId: chosen?.id, insurerId: f.insurerId, productId: f.productId || undefined, number: f.number,
      startDate: f.startDate, endDate: f.endDate, premium, expectedExpenses: expenses, documentId: f.documentId || undefined,
      commission: f.commissionMode === "manual" ? { mode: "manual", amount: commission } : { mode: "rate" }, installments,
    });
  }

  return (
    <Dialog open onOpenChange={(o) => { if (!o) onClose(); }}>
      <DialogContent title={policy ? `Полис ${policy.number}` : "Новый полис"} size="xl"
        description={policy ? "Ожидаемая комиссия, график и дата следующего просмотра пересчитаются после сохранения." : chosen ? `По выбранному варианту: ${chosen.insurer.name}` : undefined}>
        <form className="space-y-3" onSubmit={submit} data-testid="policy-form">
          {local ? <Alert variant="danger">{local}</Alert> : null}
          {add.error ? <Alert variant="danger" data-testid="policy-error">{errorMessage(add.error)}{Object.values(errors).flat().length ? `: ${Object.values(errors).flat().join("; ")}` : ""}</Alert> : null}
          <div className="grid gap-3 sm:grid-cols-3">
            <FormField label="Страховщик" htmlFor="pol-insurer" required>
              <Select id="pol-insurer" value={f.insurerId} onChange={(e) => set({ insurerId: e.target.value, productId: "" })} placeholder="Выберите…"
                options={(insurers.data ?? []).map((i) => ({ value: i.id, label: i.name }))} />
            </FormField>
            <FormField label="Продукт" htmlFor="pol-product">
              <Select id="pol-product" value={f.productId} onChange={(e) => set({ productId: e.target.value })} placeholder="—"
                options={products.map((p) => ({ value: p.id, label: `${p.name} (${p.commissionRateBp / 100}%)` }))} />
            </FormField>
            <FormField label="Номер полиса" htmlFor="pol-number" required error={errors.number?.[0]}><Input id="pol-number" value={f.number} onChange={(e) => set({ number: e.target.value })} /></FormField>
            <FormField label="Начало" htmlFor="pol-start" required><Input id="pol-start" type="date" value={f.startDate} onChange={(e) => set({ startDate: e.target.value })} /></FormField>
            <FormField label="Окончание" htmlFor="pol-end" required error={errors.endDate?.[0]}><Input id="pol-end" type="date" value={f.endDate} onChange={(e) => set({ endDate: e.target.value })} /></FormField>
            <FormField label="Премия, ₽" htmlFor="pol-premium" required error={errors.premium?.[0]}><Input id="pol-premium" inputMode="decimal" value={f.premium} onChange={(e) => set({ premium: e.target.value })} /></FormField>
            <FormField label="Комиссия" htmlFor="pol-commission-mode" hint={f.commissionMode === "rate" ? (product ? `По ставке продукта ${product.commissionRateBp / 100}%` : "Выберите продукт со ставкой") : undefined}>
              <Select id="pol-commission-mode" value={f.commissionMode} onChange={(e) => set({ commissionMode: e.target.value as "rate" | "manual" })}
                options={[{ value: "rate", label: "По ставке продукта" }, { value: "manual", label: "Ввести вручную" }]} />
            </FormField>
            {f.commissionMode === "manual" ? (
              <FormField label="Комиссия, ₽" htmlFor="pol-commission"><Input id="pol-commission" inputMode="decimal" value={f.commission} onChange={(e) => set({ commission: e.target.value })} /></FormField>
            ) : null}
            <FormField label="Ожидаемые расходы, ₽" htmlFor="pol-expenses"><Input id="pol-expenses" inputMode="decimal" value={f.expenses} onChange={(e) => set({ expenses: e.target.value })} /></FormField>
            <FormField label="Файл полиса" htmlFor="pol-doc">
              <Select id="pol-doc" value={f.documentId} onChange={(e) => set({ documentId: e.target.value })} placeholder="—" options={deal.documents.map((d) => ({ value: d.id, label: d.name }))} />
            </FormField>
          </div>
          <fieldset className="space-y-2 rounded-md border border-border p-3">
            <legend className="px-1 text-sm font-medium">График взносов</legend>
            <div className="flex flex-wrap gap-2 text-sm">
              <span className="text-muted-foreground">Разбить премию:</span>
              {[1, 2, 4, 12].map((n) => <Button key={n} size="sm" variant="outline" onClick={() => split(n)} data-testid={`split-${n}`}>{n === 1 ? "одним платежом" : n < 5 ? `${n} взноса` : `${n} взносов`}</Button>)}
              <Button size="sm" variant="ghost" onClick={() => setRows((r) => [...r, { dueDate: f.startDate, amount: "" }])}><Plus /> Взнос</Button>
            </div>
            {rows.length === 0 && !policy ? <p className="text-xs text-muted-foreground">Без графика — один взнос на всю премию в дату начала.</p> : null}
            {rows.map((r, k) => (
              <div key={k} className="flex items-center gap-2" data-testid="installment-input">
                <Input aria-label={`Срок взноса ${k + 1}`} type="date" className="w-44" value={r.dueDate} onChange={(e) => setRows((rs) => rs.map((x, j) => (j === k ? { ...x, dueDate: e.target.value } : x)))} />
                <Input aria-label={`Сумма взноса ${k + 1}`} inputMode="decimal" className="w-40" value={r.amount} onChange={(e) => setRows((rs) => rs.map((x, j) => (j === k ? { ...x, amount: e.target.value } : x)))} />
                {(r.paidAmount ?? 0) > 0
                  ? <span className="text-xs text-muted-foreground">оплачено {formatRub(r.paidAmount!)} — не меньше этой суммы; удалить можно после отмены оплаты</span>
                  : <Button size="icon-sm" variant="ghost" aria-label="Убрать взнос" onClick={() => setRows((rs) => rs.filter((_, j) => j !== k))}><Trash2 /></Button>}
              </div>
            ))}
          </fieldset>
          <DialogFooter>
            <Button variant="outline" onClick={onClose}>Отмена</Button>
            <Button type="submit" loading={add.isPending} data-testid="policy-submit">{policy ? "Сохранить" : "Внести полис"}</Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
