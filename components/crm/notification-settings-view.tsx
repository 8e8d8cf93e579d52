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
import { TelegramLinkCard } from "@/components/telegram/telegram-link-card";

/** The member's CRM notification preferences (which kinds to receive) and, for owners/admins, the reminder lead time. */
export function NotificationSettingsView() {
  const trpc = useTRPC();
  const q = useQuery(trpc.crm.notificationSettings.queryOptions());
  return (
    <div>
      <PageHeader title="CRM: уведомления" description="Какие уведомления получать в колокольчике и в Telegram. Напоминания рассылаются раз в час, каждое — один раз." />
      <CrmNav />
      <div className="space-y-6">
        {q.error ? <Alert variant="danger">{errorMessage(q.error)}</Alert> : !q.data ? <Skeleton className="h-64" /> : <SettingsForm data={q.data} />}
        <TelegramLinkCard
          module="crm"
          testId="crm-telegram"
          className="max-w-2xl"
          description="Уведомления CRM (задачи, расчёты, сроки взносов и полисов, даты просмотра) — в боте компании, со ссылкой на сделку."
          unlinkDescription="Бот перестанет присылать вам уведомления."
        />
      </div>
    </div>
  );
}

function SettingsForm({ data }: { data: { disabledKinds: string[]; telegramDisabledKinds: string[]; installmentDueDays: number; canEditCompany: boolean } }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const [disabled, setDisabled] = useState<string[]>(data.disabledKinds);
  const [tgDisabled, setTgDisabled] = useState<string[]>(data.telegramDisabledKinds);
  const toggle = (set: typeof setDisabled, kind: string, on: boolean) => set((d) => (on ? d.filter((k) => k !== kind) : [...d, kind]));
  const [days, setDays] = useState(String(data.installmentDueDays));
  const q = { data };
  const save = useMutation(trpc.crm.saveNotificationSettings.mutationOptions({
    onSuccess: () => { toast.success("Настройки уведомлений сохранены"); void qc.invalidateQueries({ queryKey: trpc.crm.notificationSettings.queryKey() }); },
  }));
  return (
        <form className="max-w-xl space-y-4" data-testid="notification-settings" onSubmit={(e) => {
          e.preventDefault();
          save.mutate({ disabledKinds: disabled as never, telegramDisabledKinds: tgDisabled as never, ...(q.data.canEditCompany ? { installmentDueDays: Number(days) } : {}) });
        }}>
          <fieldset className="rounded-lg border border-border bg-surface p-4">
            <legend className="px-1 text-sm font-medium">Получать уведомления</legend>
            <table className="w-full text-sm">
              <thead>
                <tr className="text-left text-xs text-muted-foreground"><th className="py-1 font-normal">Событие</th><th className="w-28 py-1 font-normal">В колокольчике</th><th className="w-24 py-1 font-normal">В Telegram</th></tr>
              </thead>
              <tbody>
                {Object.entries(NOTIFICATION_KIND_LABELS).map(([kind, label]) => (
                  <tr key={kind} className="border-t border-border">
                    <td className="py-1.5 pr-2">{label}</td>
                    <td><Checkbox aria-label={`${label}: в колокольчике`} checked={!disabled.includes(kind)} onChange={(e) => toggle(setDisabled, kind, e.target.checked)} /></td>
                    <td><Checkbox aria-label={`${label}: в Telegram`} checked={!tgDisabled.includes(kind)} onChange={(e) => toggle(setTgDisabled, kind, e.target.checked)} /></td>
                  </tr>
                ))}
              </tbody>
            </table>
            <p className="mt-2 text-xs text-muted-foreground">В Telegram уведомления приходят, если ниже привязан аккаунт.</p>
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
