"use client";

import { useState } from "react";
import { useMutation } from "@tanstack/react-query";
import { Plus, Trash2 } from "lucide-react";
import { useTRPC, errorMessage } from "@/components/trpc";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Table, THead, TBody, TR, TH, TD, DataTableEmpty } from "@/components/ui/table";
import { toast } from "@/components/ui/toaster";

export type TEditableItem = { id?: string | null; name: string; brand: string | null; article: string | null; quantity: number; unit: string; notes: string | null };

type TRow = { key: string; id: string | null; name: string; brand: string; article: string; quantity: string; unit: string; notes: string };

const toRow = (i: TEditableItem, n: number): TRow => ({
  key: i.id ?? `new-${n}`, id: i.id ?? null, name: i.name, brand: i.brand ?? "", article: i.article ?? "", quantity: String(i.quantity), unit: i.unit, notes: i.notes ?? "",
});

/** Order lines: read-only table, or an editable grid for managers (add, change, remove, save). */
export function OrderItemsEditor({ orderId, items, canEdit, onSaved }: { orderId: string; items: TEditableItem[]; canEdit: boolean; onSaved: () => void }) {
  const trpc = useTRPC();
  const [editing, setEditing] = useState(false);
  const [rows, setRows] = useState<TRow[]>([]);
  const save = useMutation(trpc.procurement.saveItems.mutationOptions({
    onSuccess: () => { toast.success("Позиции сохранены"); setEditing(false); onSaved(); },
    onError: (e) => toast.error(errorMessage(e)),
  }));
  const start = () => { setRows(items.length ? items.map(toRow) : [toRow({ name: "", brand: null, article: null, quantity: 1, unit: "шт", notes: null }, 0)]); setEditing(true); };
  const set = (key: string, field: keyof TRow, value: string) => setRows((rs) => rs.map((r) => (r.key === key ? { ...r, [field]: value } : r)));
  const submit = () => {
    const bad = rows.find((r) => !r.name.trim() || !(Number(r.quantity.replace(",", ".")) > 0) || !r.unit.trim());
    if (bad) return toast.error("Заполните наименование, количество больше нуля и единицу в каждой строке");
    save.mutate({
      orderId,
      items: rows.map((r) => ({ id: r.id, name: r.name.trim(), brand: r.brand || null, article: r.article || null, quantity: Number(r.quantity.replace(",", ".")), unit: r.unit.trim(), notes: r.notes || null })),
    });
  };

  if (!editing) {
    return (
      <div className="space-y-3">
        <Table data-testid="order-items">
          <THead><TR><TH>№</TH><TH>Наименование</TH><TH>Бренд</TH><TH>Артикул</TH><TH className="text-right">Кол-во</TH><TH>Примечание</TH></TR></THead>
          <TBody>
            {items.length === 0 ? (
              <DataTableEmpty colSpan={6} title="Позиций нет" description={canEdit ? "Заполните позиции по письму клиента." : undefined} />
            ) : items.map((i, n) => (
              <TR key={i.id ?? n} data-testid={`order-item-${n + 1}`}>
                <TD>{n + 1}</TD><TD>{i.name}</TD><TD>{i.brand ?? "—"}</TD><TD>{i.article ?? "—"}</TD>
                <TD className="text-right whitespace-nowrap">{i.quantity.toLocaleString("ru-RU")} {i.unit}</TD><TD>{i.notes ?? ""}</TD>
              </TR>
            ))}
          </TBody>
        </Table>
        {canEdit && <Button variant="outline" size="sm" onClick={start} data-testid="items-edit">Изменить позиции</Button>}
      </div>
    );
  }
  return (
    <div className="space-y-3" data-testid="items-editor">
      <Table>
        <THead><TR><TH>Наименование</TH><TH>Бренд</TH><TH>Артикул</TH><TH>Кол-во</TH><TH>Ед.</TH><TH>Примечание</TH><TH><span className="sr-only">Удалить</span></TH></TR></THead>
        <TBody>
          {rows.map((r, n) => (
            <TR key={r.key}>
              <TD><Input aria-label={`Наименование ${n + 1}`} value={r.name} onChange={(e) => set(r.key, "name", e.target.value)} /></TD>
              <TD><Input aria-label={`Бренд ${n + 1}`} value={r.brand} onChange={(e) => set(r.key, "brand", e.target.value)} /></TD>
              <TD><Input aria-label={`Артикул ${n + 1}`} value={r.article} onChange={(e) => set(r.key, "article", e.target.value)} /></TD>
              <TD><Input className="w-24" inputMode="decimal" aria-label={`Количество ${n + 1}`} value={r.quantity} onChange={(e) => set(r.key, "quantity", e.target.value)} /></TD>
              <TD><Input className="w-16" aria-label={`Единица ${n + 1}`} value={r.unit} onChange={(e) => set(r.key, "unit", e.target.value)} /></TD>
              <TD><Input aria-label={`Примечание ${n + 1}`} value={r.notes} onChange={(e) => set(r.key, "notes", e.target.value)} /></TD>
              <TD><Button variant="ghost" size="icon-sm" aria-label={`Удалить строку ${n + 1}`} onClick={() => setRows((rs) => rs.filter((x) => x.key !== r.key))}><Trash2 /></Button></TD>
            </TR>
          ))}
        </TBody>
      </Table>
      <div className="flex gap-2">
        <Button variant="outline" size="sm" onClick={() => setRows((rs) => [...rs, toRow({ name: "", brand: null, article: null, quantity: 1, unit: "шт", notes: null }, Date.now())])}><Plus /> Строка</Button>
        <div className="flex-1" />
        <Button variant="ghost" size="sm" onClick={() => setEditing(false)}>Отмена</Button>
        <Button size="sm" onClick={submit} loading={save.isPending} data-testid="items-save">Сохранить позиции</Button>
      </div>
    </div>
  );
}
