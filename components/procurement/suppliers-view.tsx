"use client";

import { useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Plus, Truck } from "lucide-react";
import { useTRPC, errorMessage, fieldErrors } from "@/components/trpc";
import { PageHeader } from "@/components/ui/page-header";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { Textarea } from "@/components/ui/textarea";
import { Checkbox } from "@/components/ui/checkbox";
import { Badge } from "@/components/ui/badge";
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
type TForm = { id: string | null; name: string; email: string; phone: string; categories: string; brands: string; notes: string; active: boolean };
const EMPTY: TForm = { id: null, name: "", email: "", phone: "", categories: "", brands: "", notes: "", active: true };
const splitList = (s: string) => s.split(",").map((x) => x.trim()).filter(Boolean);

export function SuppliersView({ canEdit }: { canEdit: boolean }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const [search, setSearch] = useState("");
  const [brand, setBrand] = useState("");
  const [category, setCategory] = useState("");
  const [page, setPage] = useState(1);
  const [form, setForm] = useState<TForm | null>(null);
  const list = useQuery({ ...trpc.procurement.suppliers.queryOptions({ search: search || null, brand: brand || null, category: category || null, page, pageSize: PAGE_SIZE }), placeholderData: (p) => p });
  const refresh = () => qc.invalidateQueries({ queryKey: trpc.procurement.suppliers.queryKey() });
  const save = useMutation(trpc.procurement.saveSupplier.mutationOptions({
    onSuccess: () => { toast.success("Поставщик сохранён"); setForm(null); void refresh(); },
    onError: (e) => toast.error(errorMessage(e)),
  }));
  const remove = useMutation(trpc.procurement.deleteSupplier.mutationOptions({ onSuccess: () => { toast.success("Поставщик удалён"); void refresh(); } }));
  const errors = fieldErrors(save.error);

  return (
    <div className="space-y-4">
      <PageHeader title="Поставщики" description="Бренды и категории помогают подобрать поставщиков для запроса цен." actions={canEdit ? <Button onClick={() => setForm(EMPTY)} data-testid="supplier-new"><Plus /> Поставщик</Button> : null} />
      <ProcurementTabs active="/procurement/suppliers" />
      <div className="flex flex-wrap gap-3">
        <Input className="w-72" placeholder="Поиск: название, email, заметки" aria-label="Поиск поставщиков" value={search} onChange={(e) => { setSearch(e.target.value); setPage(1); }} />
        <Select className="w-48" aria-label="Бренд" value={brand} onChange={(e) => { setBrand(e.target.value); setPage(1); }} options={[{ value: "", label: "Все бренды" }, ...(list.data?.brands ?? []).map((b) => ({ value: b, label: b }))]} />
        <Select className="w-48" aria-label="Категория" value={category} onChange={(e) => { setCategory(e.target.value); setPage(1); }} options={[{ value: "", label: "Все категории" }, ...(list.data?.categories ?? []).map((b) => ({ value: b, label: b }))]} />
      </div>
      {list.error ? <Alert variant="danger">{errorMessage(list.error)}</Alert> : !list.data ? <Skeleton className="h-64" /> : (
        <>
          <Table data-testid="suppliers-table">
            <THead><TR><TH>Название</TH><TH>Email</TH><TH>Категории</TH><TH>Бренды</TH><TH>Запросов / ответов</TH><TH /></TR></THead>
            <TBody>
              {list.data.rows.length === 0 ? <DataTableEmpty colSpan={6} icon={<Truck />} title={search || brand || category ? "Ничего не найдено" : "Поставщиков пока нет"} /> : list.data.rows.map((s) => (
                <TR key={s.id} data-testid={`supplier-row-${s.email}`}>
                  <TD className="font-medium">{s.name}{!s.active && <Badge className="ml-2">отключён</Badge>}</TD>
                  <TD>{s.email}</TD>
                  <TD>{s.categories.join(", ") || "—"}</TD>
                  <TD>{s.brands.join(", ") || "—"}</TD>
                  <TD>{s._count.rfqs} / {s._count.quotes}</TD>
                  <TD className="whitespace-nowrap text-right">
                    {canEdit && (
                      <EditDeleteCell name={s.name} onEdit={() => setForm({ id: s.id, name: s.name, email: s.email, phone: s.phone ?? "", categories: s.categories.join(", "), brands: s.brands.join(", "), notes: s.notes ?? "", active: s.active })}
                        deleteTitle={`Удалить поставщика «${s.name}»?`} onDelete={() => remove.mutateAsync({ id: s.id })} />
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
          <DialogContent title={form.id ? "Поставщик" : "Новый поставщик"}>
            <form className="space-y-3" onSubmit={(e) => {
              e.preventDefault();
              save.mutate({ id: form.id, data: { name: form.name, email: form.email, phone: form.phone || null, categories: splitList(form.categories), brands: splitList(form.brands), notes: form.notes || null, active: form.active } });
            }}>
              <FormField label="Название" required error={errors["data.name"]?.[0]}><Input value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} /></FormField>
              <FormField label="Email для запросов" required error={errors["data.email"]?.[0]}><Input type="email" value={form.email} onChange={(e) => setForm({ ...form, email: e.target.value })} /></FormField>
              <FormField label="Телефон"><Input value={form.phone} onChange={(e) => setForm({ ...form, phone: e.target.value })} /></FormField>
              <FormField label="Категории" hint="Через запятую: подшипники, ремни"><Input value={form.categories} onChange={(e) => setForm({ ...form, categories: e.target.value })} /></FormField>
              <FormField label="Бренды" hint="Через запятую: SKF, Gates"><Input value={form.brands} onChange={(e) => setForm({ ...form, brands: e.target.value })} /></FormField>
              <FormField label="Заметки"><Textarea value={form.notes} onChange={(e) => setForm({ ...form, notes: e.target.value })} /></FormField>
              <Checkbox label="Активен" checked={form.active} onChange={(e) => setForm({ ...form, active: e.target.checked })} />
              <DialogFooter><Button variant="ghost" onClick={() => setForm(null)}>Отмена</Button><Button type="submit" loading={save.isPending} data-testid="supplier-save">Сохранить</Button></DialogFooter>
            </form>
          </DialogContent>
        )}
      </Dialog>
    </div>
  );
}
