"use client";

import { useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTRPC, errorMessage } from "@/components/trpc";
import { PageHeader } from "@/components/ui/page-header";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/alert";
import { Checkbox } from "@/components/ui/checkbox";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Skeleton } from "@/components/ui/skeleton";
import { toast } from "@/components/ui/toaster";
import { CrmNav } from "./crm-nav";
import { NOTIFICATION_KIND_LABELS } from "./labels";

/** The member's CRM notification preferences (which kinds to receive) and, for owners/admins, the reminder lead time. */
export function NotificationSettingsView() {
  const trpc = useTRPC();
  const q = useQuery(trpc.crm.notificationSettings.queryOptions());
  return (
    <div>
      <PageHeader title="CRM: уведомления" description="Какие уведомления получать в колокольчике. Напоминания рассылаются раз в час, каждое — один раз." />
      <CrmNav />
      {q.error ? <Alert variant="danger">{errorMessage(q.error)}</Alert> : !q.data ? <Skeleton className="h-64" /> : <SettingsForm data={q.data} />}
    </div>
  );
}

function SettingsForm({ data }: { data: { disabledKinds: string[]; installmentDueDays: number; canEditCompany: boolean } }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const [disabled, setDisabled] = useState<string[]>(data.disabledKinds);
  const [days, setDays] = useState(String(data.installmentDueDays));
  const q = { data };
  const save = useMutation(trpc.crm.saveNotificationSettings.mutationOptions({
    onSuccess: () => { toast.success("Настройки уведомлений сохранены"); void qc.invalidateQueries({ queryKey: trpc.crm.notificationSettings.queryKey() }); },
  }));
  return (
        <form className="max-w-xl space-y-4" data-testid="notification-settings" onSubmit={(e) => {
          e.preventDefault();
          save.mutate({ disabledKinds: disabled as never, ...(q.data.canEditCompany ? { installmentDueDays: Number(days) } : {}) });
        }}>
          <fieldset className="space-y-2 rounded-lg border border-border bg-surface p-4">
            <legend className="px-1 text-sm font-medium">Получать уведомления</legend>
            {Object.entries(NOTIFICATION_KIND_LABELS).map(([kind, label]) => (
              <Checkbox key={kind} label={label} checked={!disabled.includes(kind)}
                onChange={(e) => setDisabled((d) => (e.target.checked ? d.filter((k) => k !== kind) : [...d, kind]))} />
            ))}
          </fieldset>
          {q.data.canEditCompany ? (
            <div className="space-y-1">
              <Label htmlFor="due-days">Напоминать о взносе за (дней до срока, для всей компании)</Label>
              <Input id="due-days" type="number" min={1} max={60} className="w-32" value={days} onChange={(e) => setDays(e.target.value)} />
            </div>
          ) : <p className="text-sm text-muted-foreground">О взносах напоминаем за {q.data.installmentDueDays} дн. до срока (меняет администратор).</p>}
          {save.error ? <Alert variant="danger">{errorMessage(save.error)}</Alert> : null}
          <Button type="submit" disabled={save.isPending}>Сохранить</Button>
        </form>
  );
}
