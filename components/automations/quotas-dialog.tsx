"use client";

import { useState } from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTRPC, errorMessage, fieldErrors } from "@/components/trpc";
import { Dialog, DialogContent, DialogFooter } from "@/components/ui/dialog";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Button } from "@/components/ui/button";
import { toast } from "@/components/ui/toaster";

/** The company admin's automation quotas: rules per company and runs per day (audited on the server). */
export function QuotasDialog({ quotas, onClose }: { quotas: { maxRules: number; maxRunsPerDay: number }; onClose: () => void }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const [maxRules, setMaxRules] = useState(String(quotas.maxRules));
  const [maxRunsPerDay, setMaxRunsPerDay] = useState(String(quotas.maxRunsPerDay));
  const save = useMutation(trpc.automations.setQuotas.mutationOptions({
    onSuccess: () => {
      toast.success("Квоты сохранены");
      void qc.invalidateQueries({ queryKey: trpc.automations.overview.queryKey() });
      onClose();
    },
    onError: (e) => toast.error(errorMessage(e)),
  }));
  const errors = fieldErrors(save.error);
  return (
    <Dialog open onOpenChange={(o) => !o && onClose()}>
      <DialogContent title="Квоты автоматизаций" description="Сверх квоты новое правило не сохранится, а запуск правила завершится ошибкой с понятной причиной в журнале.">
        <form className="space-y-3" onSubmit={(e) => { e.preventDefault(); save.mutate({ maxRules: Number(maxRules), maxRunsPerDay: Number(maxRunsPerDay) }); }} data-testid="quotas-form">
          <FormField label="Правил на компанию" htmlFor="quota-rules" error={errors.maxRules?.[0]} required>
            <Input id="quota-rules" type="number" inputMode="numeric" min={1} value={maxRules} onChange={(e) => setMaxRules(e.target.value)} data-testid="quota-rules" />
          </FormField>
          <FormField label="Запусков правил за сутки" htmlFor="quota-runs" error={errors.maxRunsPerDay?.[0]} required>
            <Input id="quota-runs" type="number" inputMode="numeric" min={1} value={maxRunsPerDay} onChange={(e) => setMaxRunsPerDay(e.target.value)} data-testid="quota-runs" />
          </FormField>
          <DialogFooter>
            <Button type="button" variant="ghost" onClick={onClose}>Отмена</Button>
            <Button type="submit" loading={save.isPending} data-testid="quotas-save">Сохранить</Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
