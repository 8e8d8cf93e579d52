"use client";

import { useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useTRPC, errorMessage, fieldErrors } from "@/components/trpc";
import { PageHeader } from "@/components/ui/page-header";
import { Card, CardContent, CardFooter, CardHeader, CardTitle, CardDescription } from "@/components/ui/card";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Checkbox } from "@/components/ui/checkbox";
import { Button } from "@/components/ui/button";
import { Skeleton } from "@/components/ui/skeleton";
import { Alert } from "@/components/ui/alert";
import { toast } from "@/components/ui/toaster";

type TForm = { name: string; inn: string; timezone: string; enabledModules: string[] };

export function CompanyView() {
  const trpc = useTRPC();
  const q = useQuery(trpc.company.get.queryOptions());
  if (q.error) return <Alert variant="danger">{errorMessage(q.error)}</Alert>;
  if (!q.data) return <Skeleton className="h-96 w-full max-w-2xl" />;
  const c = q.data.company;
  return (
    <CompanyForm
      modules={q.data.modules}
      initial={{ name: c.name, inn: c.inn ?? "", timezone: c.timezone, enabledModules: c.enabledModules }}
    />
  );
}

function CompanyForm({ initial, modules }: { initial: TForm; modules: readonly { id: string; label: string }[] }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const router = useRouter();
  const [form, setForm] = useState<TForm>(initial);
  const update = useMutation(trpc.company.update.mutationOptions({
    onSuccess: () => { toast.success("Настройки компании сохранены"); void qc.invalidateQueries(); router.refresh(); },
    onError: (e) => toast.error(errorMessage(e)),
  }));
  const errors = fieldErrors(update.error);

  const toggle = (id: string, on: boolean) =>
    setForm({ ...form, enabledModules: on ? [...form.enabledModules, id] : form.enabledModules.filter((m) => m !== id) });

  return (
    <div className="max-w-2xl space-y-6">
      <PageHeader title="Компания" description="Реквизиты, часовой пояс и подключённые модули" />
      <form
        data-testid="company-form"
        onSubmit={(e) => { e.preventDefault(); update.mutate({ ...form, inn: form.inn.trim() || null, enabledModules: form.enabledModules as never }); }}
      >
        <Card>
          <CardHeader><CardTitle>Реквизиты</CardTitle></CardHeader>
          <CardContent className="space-y-3">
            <FormField label="Название" htmlFor="c-name" error={errors.name?.[0]} required>
              <Input id="c-name" value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} />
            </FormField>
            <FormField label="ИНН" htmlFor="c-inn" error={errors.inn?.[0]}>
              <Input id="c-inn" inputMode="numeric" value={form.inn} onChange={(e) => setForm({ ...form, inn: e.target.value })} />
            </FormField>
            <FormField label="Часовой пояс" htmlFor="c-tz" hint="Например, Europe/Moscow или Asia/Yekaterinburg" error={errors.timezone?.[0]}>
              <Input id="c-tz" value={form.timezone} onChange={(e) => setForm({ ...form, timezone: e.target.value })} />
            </FormField>
          </CardContent>
        </Card>
        <Card className="mt-4">
          <CardHeader>
            <CardTitle>Модули</CardTitle>
            <CardDescription>В меню видны только включённые модули</CardDescription>
          </CardHeader>
          <CardContent className="space-y-2">
            {modules.map((m) => (
              <Checkbox
                key={m.id}
                label={m.label}
                data-testid={`module-${m.id}`}
                checked={form.enabledModules.includes(m.id)}
                onChange={(e) => toggle(m.id, e.target.checked)}
              />
            ))}
          </CardContent>
          <CardFooter className="justify-end">
            <Button type="submit" loading={update.isPending} data-testid="company-save">Сохранить</Button>
          </CardFooter>
        </Card>
      </form>
    </div>
  );
}
