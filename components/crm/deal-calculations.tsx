"use client";

import { useState } from "react";
import { useMutation, useQuery } from "@tanstack/react-query";
import { Check, Plus } from "lucide-react";
import { useTRPC, errorMessage, fieldErrors } from "@/components/trpc";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Textarea } from "@/components/ui/textarea";
import { Select } from "@/components/ui/select";
import { Badge } from "@/components/ui/badge";
import { Alert } from "@/components/ui/alert";
import { FormField } from "@/components/ui/form-field";
import { Dialog, DialogContent, DialogFooter } from "@/components/ui/dialog";
import { Table, THead, TBody, TR, TH, TD, DataTableEmpty } from "@/components/ui/table";
import { ConfirmDeleteButton } from "@/components/confirm-delete-button";
import { toast } from "@/components/ui/toaster";
import { formatDay, formatRub, parseRub } from "./format";
import { useRefreshDeal } from "./use-deal";
import { TaskDialog } from "./deal-tasks";
import type { TDeal } from "./deal-types";

export function DealCalculations({ deal }: { deal: TDeal }) {
  const trpc = useTRPC();
  const refresh = useRefreshDeal(deal.id);
  const [adding, setAdding] = useState(false);
  const [issuing, setIssuing] = useState<TDeal["calculations"][number] | null>(null);
  const choose = useMutation(trpc.crm.chooseCalculation.mutationOptions({
    onSuccess: () => { toast.success("Вариант отмечен как выбранный клиентом"); void refresh(); }, onError: (e) => toast.error(errorMessage(e)),
  }));
  const remove = useMutation(trpc.crm.deleteCalculation.mutationOptions({ onSuccess: () => { toast.success("Вариант удалён"); void refresh(); } }));
  const docName = (id: string | null) => deal.documents.find((d) => d.id === id)?.name;
  return (
    <div className="space-y-3">
      {deal.canEdit ? <Button onClick={() => setAdding(true)} data-testid="calc-new"><Plus /> Добавить вариант</Button> : null}
      <Table data-testid="calculations-table">
        <THead><TR><TH>Страховщик / продукт</TH><TH className="text-right">Премия</TH><TH className="text-right">Страховая сумма</TH><TH className="text-right">Франшиза</TH><TH>Условия</TH><TH>Действует до</TH><TH>Файл</TH><TH /></TR></THead>
        <TBody>
          {deal.calculations.length === 0 ? <DataTableEmpty colSpan={8} title="Расчётов пока нет" description="Исполнитель вносит варианты по задаче на расчёт." /> : null}
          {deal.calculations.map((c) => (
            <TR key={c.id} data-testid="calculation-row" data-chosen={c.chosen ? "true" : "false"} className={c.chosen ? "bg-success-soft" : undefined}>
              <TD className="font-medium">{c.insurer.name}{c.product ? ` · ${c.product.name}` : ""}</TD>
              <TD className="text-right tabular-nums">{formatRub(c.premium)}</TD>
              <TD className="text-right tabular-nums">{formatRub(c.sumInsured)}</TD>
              <TD className="text-right tabular-nums">{formatRub(c.deductible)}</TD>
              <TD className="max-w-64 text-sm whitespace-pre-wrap">{c.conditions ?? "—"}</TD>
              <TD>{formatDay(c.validUntil)}</TD>
              <TD className="text-sm">{docName(c.documentId) ?? "—"}</TD>
              <TD>
                <div className="flex justify-end gap-1">
                  {c.chosen ? <Badge variant="success" data-testid="calc-chosen">Выбран клиентом</Badge> : deal.canEdit ? (
                    <Button size="sm" variant="outline" onClick={() => choose.mutate({ calculationId: c.id })} loading={choose.isPending} data-testid="calc-choose"><Check /> Клиент выбрал</Button>
                  ) : null}
                  {c.chosen && deal.canEdit ? <Button size="sm" onClick={() => setIssuing(c)} data-testid="calc-issue">Задача на оформление</Button> : null}
                  {!c.chosen && deal.canEdit ? (
                    <ConfirmDeleteButton label={`Удалить вариант ${c.insurer.name}`} title="Удалить вариант расчёта?" description={`${c.insurer.name}: ${formatRub(c.premium)}`} onDelete={() => remove.mutateAsync({ calculationId: c.id })} />
                  ) : null}
                </div>
              </TD>
            </TR>
          ))}
        </TBody>
      </Table>
      {adding ? <CalculationDialog deal={deal} onClose={() => setAdding(false)} /> : null}
      {issuing ? <TaskDialog deal={deal} onClose={() => setIssuing(null)} preset={{ type: "issuing", calculationId: issuing.id, title: `Оформить полис: ${issuing.insurer.name}${issuing.product ? ` · ${issuing.product.name}` : ""}` }} /> : null}
    </div>
  );
}

function CalculationDialog({ deal, onClose }: { deal: TDeal; onClose: () => void }) {
  const trpc = useTRPC();
  const refresh = useRefreshDeal(deal.id);
  const insurers = useQuery(trpc.crm.insurers.queryOptions());
  const openCalcTask = deal.tasks.find((t) => t.type === "calculation" && t.status === "open");
  const [f, setF] = useState({ insurerId: "", productId: "", premium: "", sumInsured: "", deductible: "0", conditions: "", validUntil: "", documentId: "" });
  const set = (p: Partial<typeof f>) => setF((x) => ({ ...x, ...p }));
  const add = useMutation(trpc.crm.addCalculation.mutationOptions({ onSuccess: () => { toast.success("Вариант расчёта добавлен"); onClose(); void refresh(); } }));
  const errors = fieldErrors(add.error);
  const products = insurers.data?.find((i) => i.id === f.insurerId)?.products ?? [];
  const [local, setLocal] = useState<string | null>(null);
  return (
    <Dialog open onOpenChange={(o) => { if (!o) onClose(); }}>
      <DialogContent title="Вариант расчёта" size="lg">
        <form className="space-y-3" data-testid="calc-form" onSubmit={(e) => {
          e.preventDefault();
          const premium = parseRub(f.premium), sumInsured = parseRub(f.sumInsured), deductible = parseRub(f.deductible || "0");
          if ([premium, sumInsured, deductible].some(Number.isNaN)) { setLocal("Суммы — числа в рублях, например 85 000 или 85000,50"); return; }
          setLocal(null);
          add.mutate({ dealId: deal.id, taskId: openCalcTask?.id, insurerId: f.insurerId, productId: f.productId || undefined, premium, sumInsured, deductible,
            conditions: f.conditions || undefined, validUntil: f.validUntil || undefined, documentId: f.documentId || undefined });
        }}>
          {local ? <Alert variant="danger">{local}</Alert> : null}
          {add.error && !Object.keys(errors).length ? <Alert variant="danger">{errorMessage(add.error)}</Alert> : null}
          <div className="grid gap-3 sm:grid-cols-2">
            <FormField label="Страховщик" htmlFor="calc-insurer" required error={errors.insurerId?.[0]}>
              <Select id="calc-insurer" value={f.insurerId} onChange={(e) => set({ insurerId: e.target.value, productId: "" })} placeholder="Выберите…"
                options={(insurers.data ?? []).map((i) => ({ value: i.id, label: i.name }))} />
            </FormField>
            <FormField label="Продукт" htmlFor="calc-product" error={errors.productId?.[0]}>
              <Select id="calc-product" value={f.productId} onChange={(e) => set({ productId: e.target.value })} placeholder="—"
                options={products.map((p) => ({ value: p.id, label: p.name }))} />
            </FormField>
            <FormField label="Премия, ₽" htmlFor="calc-premium" required error={errors.premium?.[0]}><Input id="calc-premium" inputMode="decimal" value={f.premium} onChange={(e) => set({ premium: e.target.value })} /></FormField>
            <FormField label="Страховая сумма, ₽" htmlFor="calc-sum" required error={errors.sumInsured?.[0]}><Input id="calc-sum" inputMode="decimal" value={f.sumInsured} onChange={(e) => set({ sumInsured: e.target.value })} /></FormField>
            <FormField label="Франшиза, ₽" htmlFor="calc-deductible" error={errors.deductible?.[0]}><Input id="calc-deductible" inputMode="decimal" value={f.deductible} onChange={(e) => set({ deductible: e.target.value })} /></FormField>
            <FormField label="Действует до" htmlFor="calc-valid"><Input id="calc-valid" type="date" value={f.validUntil} onChange={(e) => set({ validUntil: e.target.value })} /></FormField>
          </div>
          <FormField label="Условия" htmlFor="calc-conditions"><Textarea id="calc-conditions" rows={2} value={f.conditions} onChange={(e) => set({ conditions: e.target.value })} /></FormField>
          <FormField label="Файл расчёта из папки сделки" htmlFor="calc-doc">
            <Select id="calc-doc" value={f.documentId} onChange={(e) => set({ documentId: e.target.value })} placeholder="—"
              options={deal.documents.map((d) => ({ value: d.id, label: d.name }))} />
          </FormField>
          <DialogFooter>
            <Button variant="outline" onClick={onClose}>Отмена</Button>
            <Button type="submit" loading={add.isPending} data-testid="calc-submit">Добавить</Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
