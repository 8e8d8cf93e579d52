"use client";

import { useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import type { TAppRouter } from "@/server/api/root";
import { useTRPC, errorMessage, fieldErrors } from "@/components/trpc";
import { PageHeader } from "@/components/ui/page-header";
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from "@/components/ui/card";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Textarea } from "@/components/ui/textarea";
import { Alert } from "@/components/ui/alert";
import { Skeleton } from "@/components/ui/skeleton";
import { FormField } from "@/components/ui/form-field";
import { toast } from "@/components/ui/toaster";
import { ProcurementTabs } from "./procurement-tabs";
import { TelegramLinkCard } from "@/components/telegram/telegram-link-card";

type TSettings = inferRouterOutputs<TAppRouter>["procurement"]["settings"];

export function ProcSettingsView({ canEdit }: { canEdit: boolean }) {
  const trpc = useTRPC();
  const q = useQuery(trpc.procurement.settings.queryOptions());
  if (q.error) return <Alert variant="danger">{errorMessage(q.error)}</Alert>;
  return (
    <div className="space-y-4">
      <PageHeader title="Настройки закупок" description="Реквизиты для КП, шаблон запроса поставщикам, сроки ответа." />
      <ProcurementTabs active="/procurement/settings" />
      <TelegramLinkCard
        module="procurement"
        testId="proc-telegram"
        description="Уведомления о новых заявках, ответах поставщиков и просроченных запросах, команды /orders, /order N, /suppliers — в боте компании."
        unlinkDescription="Бот перестанет присылать вам уведомления и отвечать на команды."
      />
      {q.data ? <SettingsForm initial={q.data} canEdit={canEdit} /> : <Skeleton className="h-96" />}
    </div>
  );
}

function SettingsForm({ initial, canEdit }: { initial: TSettings; canEdit: boolean }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const [f, setF] = useState(() => ({
    ...initial,
    rfqTimeoutHours: String(initial.rfqTimeoutHours),
    rfqReminderHours: initial.rfqReminderHours === null ? "" : String(initial.rfqReminderHours),
    offerValidityDays: String(initial.offerValidityDays),
    defaultMarkupPct: String(initial.defaultMarkupPct),
    vatRatePct: String(initial.vatRatePct),
  }));
  const save = useMutation(trpc.procurement.saveSettings.mutationOptions({
    onSuccess: () => { toast.success("Настройки сохранены"); void qc.invalidateQueries({ queryKey: trpc.procurement.settings.queryKey() }); },
    onError: (e) => toast.error(errorMessage(e)),
  }));
  const err = fieldErrors(save.error);
  const num = (s: string) => Number(s.replace(",", "."));
  const text = (key: keyof typeof f, label: string, hint?: string) => (
    <FormField label={label} hint={hint} error={err[key]?.[0]}>
      <Input value={String(f[key] ?? "")} disabled={!canEdit} onChange={(e) => setF({ ...f, [key]: e.target.value })} />
    </FormField>
  );
  return (
    <form
      className="grid gap-4 xl:grid-cols-2"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate({
          ...f,
          rfqTimeoutHours: num(f.rfqTimeoutHours),
          rfqReminderHours: f.rfqReminderHours.trim() ? num(f.rfqReminderHours) : null,
          offerValidityDays: num(f.offerValidityDays),
          defaultMarkupPct: num(f.defaultMarkupPct),
          vatRatePct: num(f.vatRatePct),
        });
      }}
    >
      <Card>
        <CardHeader><CardTitle>Реквизиты для КП</CardTitle></CardHeader>
        <CardContent className="space-y-3">
          {text("legalName", "Название организации")}
          <div className="grid grid-cols-2 gap-3">{text("inn", "ИНН")}{text("kpp", "КПП")}</div>
          {text("address", "Адрес")}
          <div className="grid grid-cols-2 gap-3">{text("phone", "Телефон")}{text("email", "Email")}</div>
          <FormField label="Банковские реквизиты" error={err.bankDetails?.[0]}><Textarea rows={3} value={f.bankDetails} disabled={!canEdit} onChange={(e) => setF({ ...f, bankDetails: e.target.value })} /></FormField>
          <div className="grid grid-cols-3 gap-3">
            {text("offerValidityDays", "КП действует, дней")}
            {text("defaultMarkupPct", "Наценка по умолчанию, %")}
            {text("vatRatePct", "НДС, %")}
          </div>
        </CardContent>
      </Card>
      <Card>
        <CardHeader>
          <CardTitle>Запрос цены поставщику</CardTitle>
          <CardDescription>Подстановки: {"{{token}}"} — код запроса (обязателен в теме), {"{{order}}"} — номер заявки, {"{{items}}"} — позиции, {"{{company}}"}, {"{{supplier}}"}.</CardDescription>
        </CardHeader>
        <CardContent className="space-y-3">
          {text("rfqSubject", "Тема письма")}
          <FormField label="Текст письма" error={err.rfqBody?.[0]}><Textarea rows={10} value={f.rfqBody} disabled={!canEdit} onChange={(e) => setF({ ...f, rfqBody: e.target.value })} /></FormField>
          <div className="grid grid-cols-2 gap-3">
            {text("rfqTimeoutHours", "Ждать ответа, часов", "Потом — «нет ответа»")}
            {text("rfqReminderHours", "Напомнить через, часов", "Пусто — без напоминания")}
          </div>
        </CardContent>
        {canEdit && <CardFooter><Button type="submit" loading={save.isPending} data-testid="proc-settings-save">Сохранить</Button></CardFooter>}
      </Card>
    </form>
  );
}
