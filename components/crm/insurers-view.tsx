"use client";

import { useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Plus, Trash2 } from "lucide-react";
import { useTRPC, errorMessage } from "@/components/trpc";
import { PageHeader } from "@/components/ui/page-header";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Skeleton } from "@/components/ui/skeleton";
import { FormField } from "@/components/ui/form-field";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { Table, THead, TBody, TR, TH, TD, DataTableEmpty } from "@/components/ui/table";
import { toast } from "@/components/ui/toaster";
import { CrmNav } from "./crm-nav";

type TProductRow = { name: string; rate: string };

/** Insurers and their products with commission rates (the expected commission of a policy comes from here). */
export function InsurersView({ canEdit }: { canEdit: boolean }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const q = useQuery(trpc.crm.insurers.queryOptions());
  const [name, setName] = useState("");
  const [rows, setRows] = useState<TProductRow[]>([{ name: "", rate: "" }]);
  const [local, setLocal] = useState<string | null>(null);
  const save = useMutation(trpc.crm.saveInsurer.mutationOptions({
    onSuccess: () => { toast.success("Страховщик сохранён"); setName(""); setRows([{ name: "", rate: "" }]); void qc.invalidateQueries({ queryKey: trpc.crm.insurers.queryKey() }); },
  }));

  function submit(e: React.FormEvent) {
    e.preventDefault();
    const products = rows.filter((r) => r.name.trim()).map((r) => ({ name: r.name.trim(), commissionRateBp: Math.round(Number(r.rate.replace(",", ".")) * 100) }));
    if (products.some((p) => !Number.isFinite(p.commissionRateBp))) { setLocal("Ставка — число процентов, например 15 или 12,5"); return; }
    setLocal(null);
    save.mutate({ name, products });
  }

  return (
    <div>
      <PageHeader title="Страховщики и продукты" description="Ставки комиссии по продуктам: из них считается ожидаемая комиссия полиса (её можно ввести и вручную)." />
      <CrmNav />
      <div className="grid gap-4 lg:grid-cols-3">
        <div className="lg:col-span-2">
          {q.error ? <Alert variant="danger">{errorMessage(q.error)}</Alert> : !q.data ? <Skeleton className="h-64" /> : (
            <Table data-testid="insurers-table">
              <THead><TR><TH>Страховщик</TH><TH>Продукт</TH><TH className="text-right">Комиссия</TH></TR></THead>
              <TBody>
                {q.data.length === 0 ? <DataTableEmpty colSpan={3} title="Справочник пуст" description="Добавьте страховщиков, с которыми работаете." /> : null}
                {q.data.flatMap((i) => (i.products.length ? i.products : [null]).map((p, k) => (
                  <TR key={`${i.id}-${p?.id ?? "none"}`}>
                    <TD className="font-medium">{k === 0 ? i.name : ""}</TD>
                    <TD>{p?.name ?? "—"}</TD>
                    <TD className="text-right tabular-nums">{p ? `${(p.commissionRateBp / 100).toLocaleString("ru-RU")}%` : "—"}</TD>
                  </TR>
                )))}
              </TBody>
            </Table>
          )}
        </div>
        {canEdit ? (
          <Card>
            <CardHeader><CardTitle>Добавить или обновить</CardTitle></CardHeader>
            <CardContent>
              <form className="space-y-3" onSubmit={submit} data-testid="insurer-form">
                {local ? <Alert variant="danger">{local}</Alert> : null}
                {save.error ? <Alert variant="danger">{errorMessage(save.error)}</Alert> : null}
                <FormField label="Страховщик" htmlFor="ins-name" hint="Существующий страховщик дополнится продуктами; ставки продуктов с тем же названием обновятся">
                  <Input id="ins-name" value={name} onChange={(e) => setName(e.target.value)} />
                </FormField>
                {rows.map((r, k) => (
                  <div key={k} className="flex items-center gap-2">
                    <Input aria-label={`Продукт ${k + 1}`} placeholder="Продукт" value={r.name} onChange={(e) => setRows((rs) => rs.map((x, j) => (j === k ? { ...x, name: e.target.value } : x)))} />
                    <Input aria-label={`Ставка продукта ${k + 1}, %`} placeholder="%" className="w-20" inputMode="decimal" value={r.rate} onChange={(e) => setRows((rs) => rs.map((x, j) => (j === k ? { ...x, rate: e.target.value } : x)))} />
                    <Button size="icon-sm" variant="ghost" aria-label="Убрать продукт" onClick={() => setRows((rs) => rs.filter((_, j) => j !== k))}><Trash2 /></Button>
                  </div>
                ))}
                <div className="flex justify-between">
                  <Button size="sm" variant="ghost" onClick={() => setRows((rs) => [...rs, { name: "", rate: "" }])}><Plus /> Продукт</Button>
                  <Button type="submit" loading={save.isPending} disabled={!name.trim()}>Сохранить</Button>
                </div>
              </form>
            </CardContent>
          </Card>
        ) : null}
      </div>
    </div>
  );
}
