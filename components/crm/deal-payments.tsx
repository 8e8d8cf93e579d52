"use client";

import { useState } from "react";
import { useMutation } from "@tanstack/react-query";
import { Pencil, Trash2, Undo2 } from "lucide-react";
import { useTRPC, errorMessage, fieldErrors } from "@/components/trpc";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { Alert } from "@/components/ui/alert";
import { FormField } from "@/components/ui/form-field";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Dialog, DialogContent, DialogFooter } from "@/components/ui/dialog";
import { Table, THead, TBody, TR, TH, TD, DataTableEmpty } from "@/components/ui/table";
import { EmptyState } from "@/components/ui/empty-state";
import { toast } from "@/components/ui/toaster";
import { EXPENSE_KIND_LABELS, INCOME_KIND_LABELS } from "./labels";
import { formatDay, formatRub, parseRub, todayString } from "./format";
import { InstallmentsTable } from "./deal-policies";
import { useRefreshDeal } from "./use-deal";
import type { TDeal, TPolicy } from "./deal-types";

function Figure({ label, value, testId, tone }: { label: string; value: number; testId: string; tone?: "good" | "bad" }) {
  return (
    <div className="rounded-lg border border-border bg-surface p-3">
      <div className="text-xs text-muted-foreground">{label}</div>
      <div className={`text-lg font-semibold tabular-nums ${tone === "bad" ? "text-danger-strong" : tone === "good" ? "text-success-strong" : ""}`} data-testid={testId}>{formatRub(value)}</div>
    </div>
  );
}

export function DealPayments({ deal }: { deal: TDeal }) {
  const f = deal.finance;
  const trpc = useTRPC();
  const refresh = useRefreshDeal(deal.id);
  const [paying, setPaying] = useState<TPolicy["installments"][number] | null>(null);
  const [editingPayment, setEditingPayment] = useState<{ installment: TPolicy["installments"][number]; payment: TPayment } | null>(null);
  const undo = useMutation(trpc.crm.deletePayment.mutationOptions({ onSuccess: () => { toast.success("Оплата отменена"); void refresh(); } }));
  if (deal.policies.length === 0) return <EmptyState title="Платежей нет" description="Платежи появятся после внесения полиса с графиком взносов." />;
  return (
    <div className="space-y-4">
      <div className="grid gap-3 sm:grid-cols-3 lg:grid-cols-6" data-testid="finance-summary">
        <Figure label="Премия / оплачено" value={f.paidPremium} testId="fin-paid-premium" />
        <Figure label="Ожидаемая комиссия" value={f.expectedCommission} testId="fin-expected-commission" />
        <Figure label="Получено комиссии" value={f.receivedCommission} testId="fin-received-commission" tone={f.receivedCommission >= f.expectedCommission ? "good" : undefined} />
        <Figure label="Расходы (оплачено)" value={f.paidExpenses} testId="fin-paid-expenses" />
        <Figure label="Маржа (факт)" value={f.margin} testId="fin-margin" tone={f.margin < 0 ? "bad" : "good"} />
        <Figure label="Маржа (план)" value={f.expectedMargin} testId="fin-expected-margin" />
      </div>
      {deal.policies.map((p) => (
        <Card key={p.id} data-testid="payments-policy">
          <CardHeader><CardTitle>Полис {p.number} · {p.insurer.name} — оплачено {formatRub(p.paidPremium)} из {formatRub(p.premium)}</CardTitle></CardHeader>
          <CardContent className="space-y-4">
            <InstallmentsTable policy={p} onPay={deal.canEdit ? setPaying : undefined} paymentActions={deal.canEdit ? (x, i) => (
              <>
                <Button size="icon-sm" variant="ghost" aria-label="Исправить оплату" data-testid="payment-edit" onClick={() => setEditingPayment({ installment: i, payment: x })}><Pencil /></Button>
                <ConfirmDialog title="Отменить оплату?" confirmLabel="Отменить оплату" cancelLabel="Не отменять"
                  description={`Оплата ${formatRub(x.amount)} от ${formatDay(x.paidOn)} будет удалена, взнос снова станет к оплате, дата просмотра пересчитается.`}
                  trigger={<Button size="icon-sm" variant="ghost" aria-label="Отменить оплату" data-testid="payment-undo"><Undo2 /></Button>}
                  onConfirm={() => undo.mutateAsync({ paymentId: x.id }).catch((e) => { toast.error(errorMessage(e)); throw e; })} />
              </>
            ) : undefined} />
            <div className="grid gap-4 lg:grid-cols-2">
              <MoneyTable deal={deal} policy={p} direction="income" />
              <MoneyTable deal={deal} policy={p} direction="expense" />
            </div>
          </CardContent>
        </Card>
      ))}
      {paying ? <PayDialog dealId={deal.id} installment={paying} onClose={() => setPaying(null)} /> : null}
      {editingPayment ? <PayDialog dealId={deal.id} installment={editingPayment.installment} payment={editingPayment.payment} onClose={() => setEditingPayment(null)} /> : null}
    </div>
  );
}

type TPayment = TPolicy["installments"][number]["payments"][number];
const dayOf = (d: Date | string) => (typeof d === "string" ? d : d.toISOString()).slice(0, 10);

/** Records a payment of an installment, or corrects a recorded one when `payment` is given. */
function PayDialog({ dealId, installment, payment, onClose }: { dealId: string; installment: TPolicy["installments"][number]; payment?: TPayment; onClose: () => void }) {
  const trpc = useTRPC();
  const refresh = useRefreshDeal(dealId);
  const rest = installment.amount - installment.paidAmount + (payment?.amount ?? 0);
  const [amount, setAmount] = useState(((payment?.amount ?? rest) / 100).toFixed(2).replace(".", ","));
  const [date, setDate] = useState(payment ? dayOf(payment.paidOn) : todayString());
  const [local, setLocal] = useState<string | null>(null);
  const done = (msg: string) => ({ onSuccess: () => { toast.success(msg); onClose(); void refresh(); } });
  const record = useMutation(trpc.crm.recordPayment.mutationOptions(done("Оплата внесена")));
  const correct = useMutation(trpc.crm.updatePayment.mutationOptions(done("Оплата исправлена")));
  const pay = payment ? correct : record;
  const errors = fieldErrors(pay.error);
  return (
    <Dialog open onOpenChange={(o) => { if (!o) onClose(); }}>
      <DialogContent title={payment ? `Исправить оплату взноса от ${formatDay(installment.dueDate)}` : `Оплата взноса от ${formatDay(installment.dueDate)}`}
        description={payment ? `Не больше ${formatRub(rest)}.` : `Остаток: ${formatRub(rest)}. Можно внести частичную оплату.`}>
        <form className="space-y-3" data-testid="pay-form" onSubmit={(e) => {
          e.preventDefault();
          const v = parseRub(amount);
          if (Number.isNaN(v)) { setLocal("Сумма — число в рублях"); return; }
          setLocal(null);
          if (payment) correct.mutate({ paymentId: payment.id, amount: v, paidOn: date });
          else record.mutate({ installmentId: installment.id, amount: v, paidOn: date });
        }}>
          {local ? <Alert variant="danger">{local}</Alert> : null}
          {pay.error && !Object.keys(errors).length ? <Alert variant="danger">{errorMessage(pay.error)}</Alert> : null}
          <FormField label="Сумма, ₽" htmlFor="pay-amount" error={errors.amount?.[0]}><Input id="pay-amount" inputMode="decimal" value={amount} onChange={(e) => setAmount(e.target.value)} /></FormField>
          <FormField label="Дата оплаты" htmlFor="pay-date" error={errors.paidOn?.[0]}><Input id="pay-date" type="date" value={date} onChange={(e) => setDate(e.target.value)} /></FormField>
          <DialogFooter>
            <Button variant="outline" onClick={onClose}>Отмена</Button>
            <Button type="submit" loading={pay.isPending} data-testid="pay-submit">{payment ? "Сохранить" : "Внести оплату"}</Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}

function MoneyTable({ deal, policy, direction }: { deal: TDeal; policy: TPolicy; direction: "income" | "expense" }) {
  const trpc = useTRPC();
  const refresh = useRefreshDeal(deal.id);
  const kinds = direction === "income" ? INCOME_KIND_LABELS : EXPENSE_KIND_LABELS;
  const rows = direction === "income"
    ? policy.incomes.map((x) => ({ id: x.id, kind: x.kind, amount: x.amount, date: x.receivedOn, note: x.note }))
    : policy.expenses.map((x) => ({ id: x.id, kind: x.kind, amount: x.amount, date: x.paidOn, note: x.note }));
  const [form, setForm] = useState({ kind: direction === "income" ? "commission" : "agent", amount: "", date: todayString(), note: "" });
  const [local, setLocal] = useState<string | null>(null);
  const opts = { onSuccess: () => { setForm((f) => ({ ...f, amount: "", note: "" })); toast.success(direction === "income" ? "Доход внесён" : "Расход внесён"); void refresh(); } };
  const addIncome = useMutation(trpc.crm.recordIncome.mutationOptions(opts));
  const addExpense = useMutation(trpc.crm.recordExpense.mutationOptions(opts));
  const add = direction === "income" ? addIncome : addExpense;
  const delIncome = useMutation(trpc.crm.deleteIncome.mutationOptions({ onSuccess: () => void refresh() }));
  const delExpense = useMutation(trpc.crm.deleteExpense.mutationOptions({ onSuccess: () => void refresh() }));
  const del = direction === "income" ? delIncome : delExpense;
  const [editing, setEditing] = useState<(typeof rows)[number] | null>(null);
  const title = direction === "income" ? "Доходы (комиссия)" : "Расходы";
  return (
    <div className="space-y-2" data-testid={`${direction}-block`}>
      <h4 className="text-sm font-medium">{title}</h4>
      <Table>
        <THead><TR><TH>Дата</TH><TH>Вид</TH><TH className="text-right">Сумма</TH><TH /></TR></THead>
        <TBody>
          {rows.length === 0 ? <DataTableEmpty colSpan={4} title="Записей нет" /> : null}
          {rows.map((r) => (
            <TR key={r.id} data-testid={`${direction}-row`}>
              <TD>{formatDay(r.date)}</TD>
              <TD>{kinds[r.kind] ?? r.kind}{r.note ? <div className="text-xs text-muted-foreground">{r.note}</div> : null}</TD>
              <TD className="text-right tabular-nums">{formatRub(r.amount)}</TD>
              <TD className="whitespace-nowrap">{deal.canEdit ? (
                <Button size="icon-sm" variant="ghost" aria-label="Изменить запись" data-testid={`${direction}-edit`} onClick={() => setEditing(r)}><Pencil /></Button>
              ) : null}{deal.canEdit ? (
                <ConfirmDialog title="Удалить запись?" description={`${kinds[r.kind] ?? r.kind} на ${formatRub(r.amount)} будет удалена.`}
                  trigger={<Button size="icon-sm" variant="ghost" aria-label="Удалить запись"><Trash2 /></Button>}
                  onConfirm={() => del.mutateAsync({ id: r.id }).catch((e) => { toast.error(errorMessage(e)); throw e; })} />
              ) : null}</TD>
            </TR>
          ))}
        </TBody>
      </Table>
      {deal.canEdit ? (
        <form className="flex flex-wrap items-end gap-2" data-testid={`${direction}-form`} onSubmit={(e) => {
          e.preventDefault();
          const v = parseRub(form.amount);
          if (Number.isNaN(v)) { setLocal("Сумма — число в рублях"); return; }
          setLocal(null);
          add.mutate({ policyId: policy.id, kind: form.kind, amount: v, date: form.date, note: form.note || undefined });
        }}>
          <Select aria-label="Вид" className="w-48" value={form.kind} onChange={(e) => setForm({ ...form, kind: e.target.value })}
            options={Object.entries(kinds).map(([value, label]) => ({ value, label }))} />
          <Input aria-label={direction === "income" ? "Сумма дохода" : "Сумма расхода"} placeholder="Сумма, ₽" inputMode="decimal" className="w-32" value={form.amount} onChange={(e) => setForm({ ...form, amount: e.target.value })} />
          <Input aria-label="Дата" type="date" className="w-40" value={form.date} onChange={(e) => setForm({ ...form, date: e.target.value })} />
          <Button type="submit" size="sm" variant="outline" loading={add.isPending} data-testid={`${direction}-add`}>Внести</Button>
        </form>
      ) : null}
      {local ? <Alert variant="danger">{local}</Alert> : null}
      {add.error ? <Alert variant="danger">{errorMessage(add.error)}</Alert> : null}
      {editing ? <MoneyEditDialog dealId={deal.id} direction={direction} row={editing} onClose={() => setEditing(null)} /> : null}
    </div>
  );
}

function MoneyEditDialog({ dealId, direction, row, onClose }: {
  dealId: string; direction: "income" | "expense"; row: { id: string; kind: string; amount: number; date: Date | string; note: string | null }; onClose: () => void;
}) {
  const trpc = useTRPC();
  const refresh = useRefreshDeal(dealId);
  const kinds = direction === "income" ? INCOME_KIND_LABELS : EXPENSE_KIND_LABELS;
  const [form, setForm] = useState({ kind: row.kind, amount: (row.amount / 100).toFixed(2).replace(".", ","), date: dayOf(row.date), note: row.note ?? "" });
  const [local, setLocal] = useState<string | null>(null);
  const opts = { onSuccess: () => { toast.success("Запись сохранена"); onClose(); void refresh(); } };
  const updIncome = useMutation(trpc.crm.updateIncome.mutationOptions(opts));
  const updExpense = useMutation(trpc.crm.updateExpense.mutationOptions(opts));
  const upd = direction === "income" ? updIncome : updExpense;
  const errors = fieldErrors(upd.error);
  return (
    <Dialog open onOpenChange={(o) => { if (!o) onClose(); }}>
      <DialogContent title={direction === "income" ? "Изменить доход" : "Изменить расход"}>
        <form className="space-y-3" data-testid="money-edit-form" onSubmit={(e) => {
          e.preventDefault();
          const v = parseRub(form.amount);
          if (Number.isNaN(v)) { setLocal("Сумма — число в рублях"); return; }
          setLocal(null);
          upd.mutate({ id: row.id, kind: form.kind, amount: v, date: form.date, note: form.note || undefined });
        }}>
          {local ? <Alert variant="danger">{local}</Alert> : null}
          {upd.error && !Object.keys(errors).length ? <Alert variant="danger">{errorMessage(upd.error)}</Alert> : null}
          <FormField label="Вид" htmlFor="money-kind" error={errors.kind?.[0]}>
            <Select id="money-kind" value={form.kind} onChange={(e) => setForm({ ...form, kind: e.target.value })} options={Object.entries(kinds).map(([value, label]) => ({ value, label }))} />
          </FormField>
          <FormField label="Сумма, ₽" htmlFor="money-amount" error={errors.amount?.[0]}><Input id="money-amount" inputMode="decimal" value={form.amount} onChange={(e) => setForm({ ...form, amount: e.target.value })} /></FormField>
          <FormField label="Дата" htmlFor="money-date" error={errors.date?.[0]}><Input id="money-date" type="date" value={form.date} onChange={(e) => setForm({ ...form, date: e.target.value })} /></FormField>
          <FormField label="Примечание" htmlFor="money-note"><Input id="money-note" value={form.note} onChange={(e) => setForm({ ...form, note: e.target.value })} /></FormField>
          <DialogFooter>
            <Button variant="outline" onClick={onClose}>Отмена</Button>
            <Button type="submit" loading={upd.isPending} data-testid="money-edit-submit">Сохранить</Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
