"use client";

import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/components/trpc";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { Label } from "@/components/ui/label";
import { Button } from "@/components/ui/button";
import { DEAL_STAGES, STAGE_LABELS } from "./labels";

export type TDealFilterState = {
  search: string; stage: string; sellerId: string; executorId: string; insurerId: string; reviewFrom: string; reviewTo: string;
};
export const EMPTY_FILTERS: TDealFilterState = { search: "", stage: "", sellerId: "", executorId: "", insurerId: "", reviewFrom: "", reviewTo: "" };

/** The filter values as the API expects them (empty fields dropped). */
export function toApiFilters(f: TDealFilterState) {
  return {
    search: f.search.trim() || undefined, sellerId: f.sellerId || undefined, executorId: f.executorId || undefined,
    insurerId: f.insurerId || undefined, reviewFrom: f.reviewFrom || undefined, reviewTo: f.reviewTo || undefined,
  };
}

export function DealFilters({ value, onChange, showStage = true }: { value: TDealFilterState; onChange: (v: TDealFilterState) => void; showStage?: boolean }) {
  const trpc = useTRPC();
  const members = useQuery(trpc.crm.members.queryOptions());
  const insurers = useQuery(trpc.crm.insurers.queryOptions());
  const set = (patch: Partial<TDealFilterState>) => onChange({ ...value, ...patch });
  const people = members.data ?? [];
  return (
    <div className="mb-4 grid gap-3 rounded-lg border border-border bg-surface p-3 sm:grid-cols-2 lg:grid-cols-4 xl:grid-cols-8" data-testid="deal-filters">
      <div className="space-y-1 sm:col-span-2">
        <Label htmlFor="f-search">Поиск</Label>
        <Input id="f-search" value={value.search} onChange={(e) => set({ search: e.target.value })} placeholder="Сделка или клиент" />
      </div>
      {showStage ? (
        <div className="space-y-1">
          <Label htmlFor="f-stage">Этап</Label>
          <Select id="f-stage" value={value.stage} onChange={(e) => set({ stage: e.target.value })} placeholder="Все"
            options={DEAL_STAGES.map((s) => ({ value: s, label: STAGE_LABELS[s] }))} />
        </div>
      ) : null}
      <div className="space-y-1">
        <Label htmlFor="f-seller">Продавец</Label>
        <Select id="f-seller" value={value.sellerId} onChange={(e) => set({ sellerId: e.target.value })} placeholder="Все"
          options={people.filter((m) => m.role !== "executor").map((m) => ({ value: m.userId, label: m.name }))} />
      </div>
      <div className="space-y-1">
        <Label htmlFor="f-executor">Исполнитель</Label>
        <Select id="f-executor" value={value.executorId} onChange={(e) => set({ executorId: e.target.value })} placeholder="Все"
          options={people.map((m) => ({ value: m.userId, label: m.name }))} />
      </div>
      <div className="space-y-1">
        <Label htmlFor="f-insurer">Страховщик</Label>
        <Select id="f-insurer" value={value.insurerId} onChange={(e) => set({ insurerId: e.target.value })} placeholder="Все"
          options={(insurers.data ?? []).map((i) => ({ value: i.id, label: i.name }))} />
      </div>
      <div className="space-y-1">
        <Label htmlFor="f-from">Просмотр с</Label>
        <Input id="f-from" type="date" value={value.reviewFrom} onChange={(e) => set({ reviewFrom: e.target.value })} />
      </div>
      <div className="space-y-1">
        <Label htmlFor="f-to">по</Label>
        <div className="flex gap-1">
          <Input id="f-to" type="date" value={value.reviewTo} onChange={(e) => set({ reviewTo: e.target.value })} />
          <Button variant="ghost" size="sm" onClick={() => onChange(EMPTY_FILTERS)} aria-label="Сбросить фильтры">✕</Button>
        </div>
      </div>
    </div>
  );
}
