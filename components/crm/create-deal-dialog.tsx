"use client";

import { useState } from "react";
import { useRouter } from "next/navigation";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useTRPC, errorMessage, fieldErrors } from "@/components/trpc";
import { Dialog, DialogContent, DialogFooter } from "@/components/ui/dialog";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Textarea } from "@/components/ui/textarea";
import { Select } from "@/components/ui/select";
import { FormField } from "@/components/ui/form-field";
import { Alert } from "@/components/ui/alert";
import { toast } from "@/components/ui/toaster";

type TProps = { open: boolean; onOpenChange: (o: boolean) => void; canPickSeller: boolean };

/** New deal: an existing client (searched) or a new one created on the way. */
export function CreateDealDialog({ open, onOpenChange, canPickSeller }: TProps) {
  const trpc = useTRPC();
  const router = useRouter();
  const [form, setForm] = useState({ title: "", description: "", mode: "new" as "new" | "existing", clientId: "", clientSearch: "", sellerId: "",
    kind: "person" as "person" | "company", name: "", phone: "", email: "", inn: "" });
  const clients = useQuery({ ...trpc.crm.clients.queryOptions({ search: form.clientSearch, page: 1, pageSize: 20 }), enabled: open && form.mode === "existing" });
  const members = useQuery({ ...trpc.crm.members.queryOptions(), enabled: open && canPickSeller });
  const create = useMutation(trpc.crm.createDeal.mutationOptions({
    onSuccess: (r) => { toast.success("Сделка создана"); onOpenChange(false); router.push(`/crm/deals/${r.id}`); },
  }));
  const errors = fieldErrors(create.error);
  const set = (patch: Partial<typeof form>) => setForm((f) => ({ ...f, ...patch }));

  function submit(e: React.FormEvent) {
    e.preventDefault();
    create.mutate({
      title: form.title, description: form.description || undefined, sellerId: form.sellerId || undefined,
      ...(form.mode === "existing"
        ? { clientId: form.clientId || undefined }
        : { newClient: { kind: form.kind, name: form.name, phone: form.phone || undefined, email: form.email || undefined, inn: form.inn || undefined } }),
    });
  }

  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent title="Новая сделка" size="lg">
        <form className="space-y-3" onSubmit={submit} data-testid="create-deal-form">
          {create.error && !Object.keys(errors).length ? <Alert variant="danger">{errorMessage(create.error)}</Alert> : null}
          <FormField label="Название сделки" htmlFor="deal-title" required error={errors.title?.[0]}>
            <Input id="deal-title" value={form.title} onChange={(e) => set({ title: e.target.value })} placeholder="Например: КАСКО Toyota Camry" />
          </FormField>
          <FormField label="Клиент" htmlFor="deal-client-mode">
            <Select id="deal-client-mode" value={form.mode} onChange={(e) => set({ mode: e.target.value as "new" | "existing" })}
              options={[{ value: "new", label: "Новый клиент" }, { value: "existing", label: "Существующий клиент" }]} />
          </FormField>
          {form.mode === "existing" ? (
            <div className="grid gap-3 sm:grid-cols-2">
              <FormField label="Поиск клиента" htmlFor="deal-client-search">
                <Input id="deal-client-search" value={form.clientSearch} onChange={(e) => set({ clientSearch: e.target.value })} placeholder="Имя, ИНН, телефон" />
              </FormField>
              <FormField label="Выберите клиента" htmlFor="deal-client" error={errors.clientId?.[0]}>
                <Select id="deal-client" value={form.clientId} onChange={(e) => set({ clientId: e.target.value })} placeholder="—"
                  options={(clients.data?.items ?? []).map((c) => ({ value: c.id, label: c.name }))} />
              </FormField>
            </div>
          ) : (
            <div className="grid gap-3 rounded-md border border-border p-3 sm:grid-cols-2">
              <FormField label="Тип клиента" htmlFor="client-kind">
                <Select id="client-kind" value={form.kind} onChange={(e) => set({ kind: e.target.value as "person" | "company" })}
                  options={[{ value: "person", label: "Физлицо" }, { value: "company", label: "Организация" }]} />
              </FormField>
              <FormField label="Имя или название клиента" htmlFor="client-name" required error={errors["newClient.name"]?.[0] ?? errors.newClient?.[0]}>
                <Input id="client-name" value={form.name} onChange={(e) => set({ name: e.target.value })} />
              </FormField>
              <FormField label="Телефон" htmlFor="client-phone"><Input id="client-phone" value={form.phone} onChange={(e) => set({ phone: e.target.value })} /></FormField>
              <FormField label="Email" htmlFor="client-email"><Input id="client-email" type="email" value={form.email} onChange={(e) => set({ email: e.target.value })} /></FormField>
              {form.kind === "company" ? (
                <FormField label="ИНН" htmlFor="client-inn"><Input id="client-inn" value={form.inn} onChange={(e) => set({ inn: e.target.value })} /></FormField>
              ) : null}
            </div>
          )}
          {canPickSeller ? (
            <FormField label="Продавец" htmlFor="deal-seller" hint="По умолчанию — вы">
              <Select id="deal-seller" value={form.sellerId} onChange={(e) => set({ sellerId: e.target.value })} placeholder="Я"
                options={(members.data ?? []).filter((m) => m.role !== "executor").map((m) => ({ value: m.userId, label: m.name }))} />
            </FormField>
          ) : null}
          <FormField label="Описание" htmlFor="deal-description">
            <Textarea id="deal-description" rows={3} value={form.description} onChange={(e) => set({ description: e.target.value })} />
          </FormField>
          <DialogFooter>
            <Button variant="outline" onClick={() => onOpenChange(false)}>Отмена</Button>
            <Button type="submit" loading={create.isPending} data-testid="create-deal-submit">Создать сделку</Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
