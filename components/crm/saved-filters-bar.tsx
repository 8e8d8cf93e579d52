"use client";

import { useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Bookmark, Pencil, Trash2 } from "lucide-react";
import { useTRPC, errorMessage, fieldErrors } from "@/components/trpc";
import { Button } from "@/components/ui/button";
import { Select } from "@/components/ui/select";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Checkbox } from "@/components/ui/checkbox";
import { Alert } from "@/components/ui/alert";
import { Dialog, DialogContent, DialogFooter } from "@/components/ui/dialog";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { toast } from "@/components/ui/toaster";
import type { TDealFilterState } from "./deal-filters";

export type TDealSort = "updatedAt" | "reviewDate" | "title";

/** Saved filter sets of the deals table: pick one, save the current one, rename / share, delete (with confirmation). */
export function SavedFiltersBar({ filters, sort, onApply }: { filters: TDealFilterState; sort: TDealSort; onApply: (f: TDealFilterState, sort: TDealSort) => void }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const list = useQuery(trpc.crm.savedFilters.queryOptions());
  const [selectedId, setSelectedId] = useState("");
  const [dialog, setDialog] = useState<null | "create" | "edit">(null);
  const refresh = () => qc.invalidateQueries({ queryKey: trpc.crm.savedFilters.queryKey() });
  const del = useMutation(trpc.crm.deleteSavedFilter.mutationOptions({
    onSuccess: () => { toast.success("Фильтр удалён"); setSelectedId(""); void refresh(); },
    onError: (e) => toast.error(errorMessage(e)),
  }));
  const rows = list.data ?? [];
  const selected = rows.find((r) => r.id === selectedId);

  return (
    <div className="mb-2 flex flex-wrap items-center gap-2 text-sm" data-testid="saved-filters">
      <Bookmark className="size-4 text-muted-foreground" aria-hidden="true" />
      <label htmlFor="saved-filter" className="text-muted-foreground">Сохранённые фильтры</label>
      <Select id="saved-filter" className="w-64" value={selectedId} placeholder={rows.length ? "Выберите фильтр" : "Пока нет"}
        disabled={!rows.length}
        onChange={(e) => {
          setSelectedId(e.target.value);
          const f = rows.find((r) => r.id === e.target.value);
          if (f) onApply({ search: f.filters.search, stage: f.filters.stage, sellerId: f.filters.sellerId, executorId: f.filters.executorId, insurerId: f.filters.insurerId, reviewFrom: f.filters.reviewFrom, reviewTo: f.filters.reviewTo }, f.filters.sort);
        }}
        options={rows.map((r) => ({ value: r.id, label: r.mine ? `${r.name}${r.shared ? " (общий)" : ""}` : `${r.name} — ${r.authorName}` }))} />
      {selected?.mine ? (
        <>
          <Button variant="ghost" size="sm" onClick={() => setDialog("edit")} data-testid="saved-filter-edit"><Pencil /> Переименовать</Button>
          <ConfirmDialog
            trigger={<Button variant="ghost" size="sm" data-testid="saved-filter-delete"><Trash2 /> Удалить</Button>}
            title={`Удалить фильтр «${selected.name}»?`}
            description={selected.shared ? "Фильтр пропадёт и у коллег, которым он был показан." : "Сами сделки не изменятся."}
            onConfirm={() => del.mutateAsync({ id: selected.id })}
          />
        </>
      ) : null}
      <Button variant="outline" size="sm" onClick={() => setDialog("create")} data-testid="saved-filter-save">Сохранить текущий…</Button>
      {list.error ? <span className="text-danger-strong">{errorMessage(list.error)}</span> : null}
      {dialog ? (
        <SaveFilterDialog
          key={dialog + (selected?.id ?? "")}
          mode={dialog}
          initial={dialog === "edit" && selected ? { id: selected.id, name: selected.name, shared: selected.shared } : { name: "", shared: false }}
          values={{ ...filters, sort }}
          onClose={() => setDialog(null)}
          onSaved={(id) => { setDialog(null); setSelectedId(id); void refresh(); }}
        />
      ) : null}
    </div>
  );
}

function SaveFilterDialog({ mode, initial, values, onClose, onSaved }: {
  mode: "create" | "edit";
  initial: { id?: string; name: string; shared: boolean };
  values: TDealFilterState & { sort: TDealSort };
  onClose: () => void;
  onSaved: (id: string) => void;
}) {
  const trpc = useTRPC();
  const [name, setName] = useState(initial.name);
  const [shared, setShared] = useState(initial.shared);
  const save = useMutation(trpc.crm.saveFilter.mutationOptions({
    onSuccess: (r) => { toast.success(mode === "create" ? "Фильтр сохранён" : "Фильтр изменён"); onSaved(r.id); },
  }));
  const errs = save.error ? fieldErrors(save.error) : undefined;
  return (
    <Dialog open onOpenChange={(o) => { if (!o) onClose(); }}>
      <DialogContent title={mode === "create" ? "Сохранить фильтр" : "Переименовать фильтр"}
        description={mode === "create" ? "Текущие значения фильтров и сортировка сохранятся под этим названием." : undefined}>
        <form className="space-y-3" data-testid="saved-filter-form" onSubmit={(e) => {
          e.preventDefault();
          save.mutate(mode === "create" ? { name, shared, filters: values as never } : { id: initial.id, name, shared });
        }}>
          <div className="space-y-1">
            <Label htmlFor="saved-filter-name">Название</Label>
            <Input id="saved-filter-name" value={name} onChange={(e) => setName(e.target.value)} maxLength={80} autoFocus placeholder="Например, «Продления декабря»" />
            {errs?.name?.length ? <p className="text-sm text-danger-strong">{errs.name.join(" ")}</p> : null}
          </div>
          <Checkbox label="Показывать всей компании" checked={shared} onChange={(e) => setShared(e.target.checked)} />
          {save.error && !errs?.name?.length ? <Alert variant="danger">{errorMessage(save.error)}</Alert> : null}
          <DialogFooter>
            <Button type="button" variant="ghost" onClick={onClose}>Отмена</Button>
            <Button type="submit" loading={save.isPending}>Сохранить</Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
