"use client";

import { useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Building2, Plus } from "lucide-react";
import { useTRPC, errorMessage, fieldErrors } from "@/components/trpc";
import { PageHeader } from "@/components/ui/page-header";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Checkbox } from "@/components/ui/checkbox";
import { FormField } from "@/components/ui/form-field";
import { Alert } from "@/components/ui/alert";
import { Dialog, DialogContent, DialogFooter } from "@/components/ui/dialog";
import { Table, THead, TBody, TR, TH, TD, DataTableEmpty } from "@/components/ui/table";
import { Skeleton } from "@/components/ui/skeleton";
import { toast } from "@/components/ui/toaster";
import { formatDateTime } from "@/components/format";
import { MODULES } from "@/server/tenancy/modules";

const EMPTY = { name: "", inn: "", timezone: "Europe/Moscow", ownerEmail: "", ownerName: "", enabledModules: [] as string[] };

export function CompaniesView() {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const [search, setSearch] = useState("");
  const [open, setOpen] = useState(false);
  const [form, setForm] = useState(EMPTY);
  const list = useQuery(trpc.platform.companies.queryOptions({ search }));
  const create = useMutation(trpc.platform.createCompany.mutationOptions({
    onSuccess: (r) => {
      void qc.invalidateQueries({ queryKey: trpc.platform.companies.queryKey() });
      if (r.ownerAdded) { toast.success("Компания создана, владелец добавлен"); setOpen(false); setForm(EMPTY); }
    },
  }));
  const errors = fieldErrors(create.error);

  return (
    <div className="space-y-4">
      <PageHeader title="Компании платформы" description="Все компании-клиенты Пульта" actions={<Button onClick={() => { create.reset(); setOpen(true); }}><Plus /> Новая компания</Button>} />
      <Input className="max-w-xs" placeholder="Поиск по названию или ИНН" aria-label="Поиск" value={search} onChange={(e) => setSearch(e.target.value)} />
      <Table>
        <THead><TR><TH>Название</TH><TH>ИНН</TH><TH>Часовой пояс</TH><TH>Модули</TH><TH>Пользователей</TH><TH>Создана</TH></TR></THead>
        <TBody>
          {list.isLoading ? <TR><TD colSpan={6}><Skeleton className="h-6" /></TD></TR>
            : list.error ? <DataTableEmpty colSpan={6} title="Не удалось загрузить" description={errorMessage(list.error)} />
            : list.data!.length === 0 ? <DataTableEmpty colSpan={6} icon={<Building2 />} title="Компаний не найдено" />
            : list.data!.map((c) => (
              <TR key={c.id}>
                <TD className="font-medium">{c.name}</TD><TD>{c.inn ?? "—"}</TD><TD>{c.timezone}</TD>
                <TD className="text-xs text-muted-foreground">{c.enabledModules.length ? c.enabledModules.join(", ") : "—"}</TD>
                <TD>{c.members}</TD><TD>{formatDateTime(c.createdAt)}</TD>
              </TR>
            ))}
        </TBody>
      </Table>
      <Dialog open={open} onOpenChange={setOpen}>
        <DialogContent title="Новая компания" description="Первый владелец получит доступ сразу или по ссылке-приглашению">
          {create.data?.invitationUrl ? (
            <div className="space-y-3">
              <p className="text-sm">Компания создана. Отправьте владельцу ссылку-приглашение:</p>
              <Input readOnly value={create.data.invitationUrl} onFocus={(e) => e.currentTarget.select()} />
              <DialogFooter><Button onClick={() => { setOpen(false); setForm(EMPTY); create.reset(); }}>Готово</Button></DialogFooter>
            </div>
          ) : (
            <form className="space-y-3" onSubmit={(e) => { e.preventDefault(); create.mutate({ ...form, inn: form.inn.trim() || null, enabledModules: form.enabledModules as never }); }}>
              <FormField label="Название" htmlFor="nc-name" error={errors.name?.[0]} required><Input id="nc-name" value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} /></FormField>
              <FormField label="ИНН" htmlFor="nc-inn" error={errors.inn?.[0]}><Input id="nc-inn" value={form.inn} onChange={(e) => setForm({ ...form, inn: e.target.value })} /></FormField>
              <FormField label="Часовой пояс" htmlFor="nc-tz" error={errors.timezone?.[0]}><Input id="nc-tz" value={form.timezone} onChange={(e) => setForm({ ...form, timezone: e.target.value })} /></FormField>
              <FormField label="Email владельца" htmlFor="nc-oe" error={errors.ownerEmail?.[0]} required><Input id="nc-oe" type="email" value={form.ownerEmail} onChange={(e) => setForm({ ...form, ownerEmail: e.target.value })} /></FormField>
              <FormField label="Имя владельца" htmlFor="nc-on" error={errors.ownerName?.[0]} required><Input id="nc-on" value={form.ownerName} onChange={(e) => setForm({ ...form, ownerName: e.target.value })} /></FormField>
              <div className="space-y-1">
                {MODULES.map((m) => (
                  <Checkbox key={m.id} label={m.label} checked={form.enabledModules.includes(m.id)}
                    onChange={(e) => setForm({ ...form, enabledModules: e.target.checked ? [...form.enabledModules, m.id] : form.enabledModules.filter((x) => x !== m.id) })} />
                ))}
              </div>
              {create.error && !Object.keys(errors).length ? <Alert variant="danger">{errorMessage(create.error)}</Alert> : null}
              <DialogFooter>
                <Button variant="outline" onClick={() => setOpen(false)}>Отмена</Button>
                <Button type="submit" loading={create.isPending}>Создать</Button>
              </DialogFooter>
            </form>
          )}
        </DialogContent>
      </Dialog>
    </div>
  );
}
