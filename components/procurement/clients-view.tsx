"use client";

import { useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Plus, Users } from "lucide-react";
import { useTRPC, errorMessage, fieldErrors } from "@/components/trpc";
import { PageHeader } from "@/components/ui/page-header";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Textarea } from "@/components/ui/textarea";
import { Alert } from "@/components/ui/alert";
import { Skeleton } from "@/components/ui/skeleton";
import { Pagination } from "@/components/ui/pagination";
import { FormField } from "@/components/ui/form-field";
import { EditDeleteCell } from "@/components/confirm-delete-button";
import { Dialog, DialogContent, DialogFooter } from "@/components/ui/dialog";
import { Table, THead, TBody, TR, TH, TD, DataTableEmpty } from "@/components/ui/table";
import { toast } from "@/components/ui/toaster";
import { ProcurementTabs } from "./procurement-tabs";

const PAGE_SIZE = 20;
type TForm = { id: string | null; name: string; email: string; phone: string; inn: string; notes: string };
const EMPTY: TForm = { id: null, name: "", email: "", phone: "", inn: "", notes: "" };

export function ClientsView({ canEdit }: { canEdit: boolean }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const [search, setSearch] = useState("");
  const [page, setPage] = useState(1);
  const [form, setForm] = useState<TForm | null>(null);
  const list = useQuery({ ...trpc.procurement.clients.queryOptions({ search: search || null, page, pageSize: PAGE_SIZE }), placeholderData: (p) => p });
  const refresh = () => qc.invalidateQueries({ queryKey: trpc.procurement.clients.queryKey() });
  const save = useMutation(trpc.procurement.saveClient.mutationOptions({
    onSuccess: () => { toast.success("Клиент сохранён"); setForm(null); void refresh(); },
    onError: (e) => toast.error(errorMessage(e)),
  }));
  const remove = useMutation(trpc.procurement.deleteClient.mutationOptions({ onSuccess: () => { toast.success("Клиент удалён"); void refresh(); } }));
  const errors = fieldErrors(save.error);

  return (
    <div className="space-y-4">
      <PageHeader title="Клиенты" description="Клиенты создаются автоматически по адресу отправителя заявки; здесь их можно дополнить." actions={canEdit ? <Button onClick={() => setForm(EMPTY)} data-testid="client-new"><Plus /> Клиент</Button> : null} />
      <ProcurementTabs active="/procurement/clients" />
      <Input className="w-72" placeholder="Поиск: название, email, ИНН, телефон" aria-label="Поиск клиентов" value={search} onChange={(e) => { setSearch(e.target.value); setPage(1); }} />
      {list.error ? <Alert variant="danger">{errorMessage(list.error)}</Alert> : !list.data ? <Skeleton className="h-64" /> : (
        <>
          <Table data-testid="clients-table">
            <THead><TR><TH>Название</TH><TH>Email</TH><TH>Телефон</TH><TH>ИНН</TH><TH>Заявок</TH><TH /></TR></THead>
            <TBody>
              {list.data.rows.length === 0 ? <DataTableEmpty colSpan={6} icon={<Users />} title={search ? "Ничего не найдено" : "Клиентов пока нет"} /> : list.data.rows.map((c) => (
                <TR key={c.id}>
                  <TD className="font-medium">{c.name}</TD><TD>{c.email ?? "—"}</TD><TD>{c.phone ?? "—"}</TD><TD>{c.inn ?? "—"}</TD><TD>{c._count.orders}</TD>
                  <TD className="whitespace-nowrap text-right">
                    {canEdit && (
                      <EditDeleteCell name={c.name} onEdit={() => setForm({ id: c.id, name: c.name, email: c.email ?? "", phone: c.phone ?? "", inn: c.inn ?? "", notes: c.notes ?? "" })}
                        deleteTitle={`Удалить клиента «${c.name}»?`} deleteDescription="Заявки клиента останутся, но без привязки к нему." onDelete={() => remove.mutateAsync({ id: c.id })} />
                    )}
                  </TD>
                </TR>
              ))}
            </TBody>
          </Table>
          <Pagination page={page} pageSize={PAGE_SIZE} total={list.data.total} onPageChange={setPage} />
        </>
      )}
      <Dialog open={form !== null} onOpenChange={(o) => !o && setForm(null)}>
        {form && (
          <DialogContent title={form.id ? "Клиент" : "Новый клиент"}>
            <form className="space-y-3" onSubmit={(e) => { e.preventDefault(); save.mutate({ id: form.id, data: { name: form.name, email: form.email || null, phone: form.phone || null, inn: form.inn || null, notes: form.notes || null } }); }}>
              <FormField label="Название" required error={errors["data.name"]?.[0]}><Input value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} /></FormField>
              <FormField label="Email" error={errors["data.email"]?.[0]}><Input type="email" value={form.email} onChange={(e) => setForm({ ...form, email: e.target.value })} /></FormField>
              <FormField label="Телефон"><Input value={form.phone} onChange={(e) => setForm({ ...form, phone: e.target.value })} /></FormField>
              <FormField label="ИНН" error={errors["data.inn"]?.[0]}><Input value={form.inn} onChange={(e) => setForm({ ...form, inn: e.target.value })} /></FormField>
              <FormField label="Заметки"><Textarea value={form.notes} onChange={(e) => setForm({ ...form, notes: e.target.value })} /></FormField>
              <DialogFooter><Button variant="ghost" onClick={() => setForm(null)}>Отмена</Button><Button type="submit" loading={save.isPending} data-testid="client-save">Сохранить</Button></DialogFooter>
            </form>
          </DialogContent>
        )}
      </Dialog>
    </div>
  );
}
