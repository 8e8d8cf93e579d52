"use client";

import { useState } from "react";
import { useMutation, useQuery } from "@tanstack/react-query";
import { Plus } from "lucide-react";
import { useTRPC, errorMessage, fieldErrors } from "@/components/trpc";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { Badge } from "@/components/ui/badge";
import { Alert } from "@/components/ui/alert";
import { FormField } from "@/components/ui/form-field";
import { Dialog, DialogContent, DialogFooter } from "@/components/ui/dialog";
import { Table, THead, TBody, TR, TH, TD, DataTableEmpty } from "@/components/ui/table";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { toast } from "@/components/ui/toaster";
import { TASK_STATUS_LABELS, TASK_TYPE_LABELS } from "./labels";
import { formatDay } from "./format";
import { useRefreshDeal } from "./use-deal";
import type { TDeal } from "./deal-types";

export function DealTasks({ deal }: { deal: TDeal }) {
  const trpc = useTRPC();
  const refresh = useRefreshDeal(deal.id);
  const me = useQuery(trpc.crm.me.queryOptions());
  const [open, setOpen] = useState(false);
  const complete = useMutation(trpc.crm.completeTask.mutationOptions({
    onSuccess: () => { toast.success("Задача завершена"); void refresh(); }, onError: (e) => toast.error(errorMessage(e)),
  }));
  return (
    <div className="space-y-3">
      {deal.canEdit ? <Button onClick={() => setOpen(true)} data-testid="task-new"><Plus /> Поставить задачу</Button> : null}
      <Table data-testid="tasks-table">
        <THead><TR><TH>Задача</TH><TH>Тип</TH><TH>Исполнитель</TH><TH>Срок</TH><TH>Статус</TH><TH /></TR></THead>
        <TBody>
          {deal.tasks.length === 0 ? <DataTableEmpty colSpan={6} title="Задач нет" /> : null}
          {deal.tasks.map((t) => {
            const mayComplete = t.status === "open" && (t.assignee.id === me.data?.userId || deal.canManage);
            return (
              <TR key={t.id} data-testid="task-row">
                <TD className="font-medium">{t.title}</TD>
                <TD>{TASK_TYPE_LABELS[t.type]}</TD>
                <TD>{t.assignee.name}</TD>
                <TD>{formatDay(t.dueDate)}</TD>
                <TD><Badge variant={t.status === "open" ? "info" : t.status === "done" ? "success" : "neutral"}>{TASK_STATUS_LABELS[t.status]}</Badge></TD>
                <TD>
                  {mayComplete ? (
                    <div className="flex justify-end gap-1">
                      <Button size="sm" variant="outline" loading={complete.isPending} onClick={() => complete.mutate({ taskId: t.id, status: "done" })} data-testid="task-complete">Завершить</Button>
                      <ConfirmDialog title="Отменить задачу?" description={`«${t.title}» будет отменена; исполнитель увидит это в своих задачах.`} confirmLabel="Отменить задачу"
                        trigger={<Button size="sm" variant="ghost">Отменить</Button>}
                        onConfirm={() => complete.mutateAsync({ taskId: t.id, status: "cancelled" })} />
                    </div>
                  ) : null}
                </TD>
              </TR>
            );
          })}
        </TBody>
      </Table>
      {open ? <TaskDialog deal={deal} onClose={() => setOpen(false)} /> : null}
    </div>
  );
}

export function TaskDialog({ deal, onClose, preset }: { deal: TDeal; onClose: () => void; preset?: { type: "issuing"; calculationId: string; title: string } }) {
  const trpc = useTRPC();
  const refresh = useRefreshDeal(deal.id);
  const members = useQuery(trpc.crm.members.queryOptions());
  const [form, setForm] = useState({ type: preset?.type ?? "calculation", title: preset?.title ?? "", assigneeId: "", dueDate: "", description: "", calculationId: preset?.calculationId ?? "" });
  const create = useMutation(trpc.crm.createTask.mutationOptions({ onSuccess: () => { toast.success("Задача поставлена"); onClose(); void refresh(); } }));
  const errors = fieldErrors(create.error);
  const set = (p: Partial<typeof form>) => setForm((f) => ({ ...f, ...p }));
  return (
    <Dialog open onOpenChange={(o) => { if (!o) onClose(); }}>
      <DialogContent title="Новая задача" size="lg">
        <form className="space-y-3" data-testid="task-form" onSubmit={(e) => {
          e.preventDefault();
          create.mutate({ dealId: deal.id, type: form.type as "calculation" | "issuing" | "other", title: form.title, assigneeId: form.assigneeId,
            dueDate: form.dueDate || undefined, description: form.description || undefined, calculationId: form.calculationId || undefined });
        }}>
          {create.error && !Object.keys(errors).length ? <Alert variant="danger">{errorMessage(create.error)}</Alert> : null}
          <div className="grid gap-3 sm:grid-cols-2">
            <FormField label="Тип" htmlFor="task-type">
              <Select id="task-type" value={form.type} onChange={(e) => set({ type: e.target.value as typeof form.type })}
                options={Object.entries(TASK_TYPE_LABELS).map(([value, label]) => ({ value, label }))} />
            </FormField>
            <FormField label="Исполнитель" htmlFor="task-assignee" required error={errors.assigneeId?.[0]}>
              <Select id="task-assignee" value={form.assigneeId} onChange={(e) => set({ assigneeId: e.target.value })} placeholder="Выберите…"
                options={(members.data ?? []).map((m) => ({ value: m.userId, label: m.name }))} />
            </FormField>
          </div>
          <FormField label="Что сделать" htmlFor="task-title" required error={errors.title?.[0]}>
            <Input id="task-title" value={form.title} onChange={(e) => set({ title: e.target.value })} />
          </FormField>
          <div className="grid gap-3 sm:grid-cols-2">
            <FormField label="Срок" htmlFor="task-due"><Input id="task-due" type="date" value={form.dueDate} onChange={(e) => set({ dueDate: e.target.value })} /></FormField>
            {form.type === "issuing" ? (
              <FormField label="Вариант к оформлению" htmlFor="task-calc">
                <Select id="task-calc" value={form.calculationId} onChange={(e) => set({ calculationId: e.target.value })} placeholder="—"
                  options={deal.calculations.map((c) => ({ value: c.id, label: `${c.insurer.name}${c.product ? ` · ${c.product.name}` : ""}${c.chosen ? " (выбран)" : ""}` }))} />
              </FormField>
            ) : null}
          </div>
          <FormField label="Комментарий" htmlFor="task-desc"><Input id="task-desc" value={form.description} onChange={(e) => set({ description: e.target.value })} /></FormField>
          <DialogFooter>
            <Button variant="outline" onClick={onClose}>Отмена</Button>
            <Button type="submit" loading={create.isPending} data-testid="task-submit">Поставить задачу</Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
