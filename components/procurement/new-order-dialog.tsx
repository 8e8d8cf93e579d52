"use client";

import { useState } from "react";
import { useRouter } from "next/navigation";
import { useMutation } from "@tanstack/react-query";
import { Plus } from "lucide-react";
import { useTRPC, errorMessage, fieldErrors } from "@/components/trpc";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { FormField } from "@/components/ui/form-field";
import { Dialog, DialogContent, DialogFooter } from "@/components/ui/dialog";
import { toast } from "@/components/ui/toaster";

const EMPTY = { clientName: "", clientEmail: "", clientPhone: "", subject: "" };

/** «Новая заявка» without an email (a call, a messenger): the order gets the next number; items are typed on its page. */
export function NewOrderDialog() {
  const trpc = useTRPC();
  const router = useRouter();
  const [form, setForm] = useState<typeof EMPTY | null>(null);
  const create = useMutation(trpc.procurement.createOrder.mutationOptions({
    onSuccess: (order) => {
      toast.success(`Заявка ${order.number} создана: заполните позиции`);
      setForm(null);
      router.push(`/procurement/orders/${order.id}`);
    },
    onError: (e) => toast.error(errorMessage(e)),
  }));
  const errors = fieldErrors(create.error);
  return (
    <>
      <Button onClick={() => setForm(EMPTY)} data-testid="order-new"><Plus /> Заявка</Button>
      <Dialog open={form !== null} onOpenChange={(o) => !o && setForm(null)}>
        {form && (
          <DialogContent title="Новая заявка вручную" description="Номер присваивается по общей нумерации; позиции вводятся на странице заявки.">
            <form className="space-y-3" onSubmit={(e) => {
              e.preventDefault();
              create.mutate({
                client: form.clientName.trim() ? { name: form.clientName, email: form.clientEmail || null, phone: form.clientPhone || null } : null,
                subject: form.subject,
                items: [],
              });
            }}>
              <FormField label="Тема" required error={errors.subject?.[0]}><Input value={form.subject} placeholder="Например: звонок — подшипники" onChange={(e) => setForm({ ...form, subject: e.target.value })} data-testid="order-new-subject" /></FormField>
              <FormField label="Клиент" error={errors["client.name"]?.[0]}><Input value={form.clientName} placeholder="Название или имя" onChange={(e) => setForm({ ...form, clientName: e.target.value })} /></FormField>
              <FormField label="Email клиента" error={errors["client.email"]?.[0]}><Input type="email" value={form.clientEmail} onChange={(e) => setForm({ ...form, clientEmail: e.target.value })} /></FormField>
              <FormField label="Телефон клиента"><Input value={form.clientPhone} onChange={(e) => setForm({ ...form, clientPhone: e.target.value })} /></FormField>
              <DialogFooter><Button variant="ghost" onClick={() => setForm(null)}>Отмена</Button><Button type="submit" loading={create.isPending} data-testid="order-new-save">Создать</Button></DialogFooter>
            </form>
          </DialogContent>
        )}
      </Dialog>
    </>
  );
}
