"use client";

import { useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { Copy } from "lucide-react";
import { useTRPC, errorMessage } from "@/components/trpc";
import { PageHeader } from "@/components/ui/page-header";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "@/components/ui/tabs";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { toast } from "@/components/ui/toaster";
import { formatDateTime } from "@/components/format";
import { LinksTab } from "./links-tab";
import { RulesTab } from "./rules-tab";
import { JournalTab } from "./journal-tab";
import { DealersTab } from "./dealers-tab";
import { TemplatesTab } from "./templates-tab";
import { DeliveriesTab } from "./deliveries-tab";
import { QuotasDialog } from "./quotas-dialog";

export function AutomationsView({ canEdit, initialTab }: { canEdit: boolean; initialTab: string }) {
  const trpc = useTRPC();
  const overview = useQuery(trpc.automations.overview.queryOptions());
  const o = overview.data;
  const [editQuotas, setEditQuotas] = useState(false);
  return (
    <div className="space-y-6">
      <PageHeader
        title="Автоматизации между компаниями"
        description="Событие в МойСклад одной компании создаёт документ у связанной; дилеры получают уведомления в Telegram."
      />
      {overview.error ? <Alert variant="danger">{errorMessage(overview.error)}</Alert> : null}
      {o ? (
        <div className="flex flex-wrap items-center gap-x-6 gap-y-2 rounded-md border border-border bg-muted/40 px-4 py-3 text-sm">
          <span>
            ID вашей компании: <code className="font-mono" data-testid="own-company-id">{o.companyId}</code>
            <Button size="icon-sm" variant="ghost" aria-label="Скопировать ID" onClick={() => { void navigator.clipboard?.writeText(o.companyId); toast.success("ID скопирован"); }}><Copy /></Button>
          </span>
          <span className="text-muted-foreground">Правил: {o.quotas.rules} из {o.quotas.maxRules}</span>
          <span className="text-muted-foreground">Запусков за сутки: {o.quotas.runsToday} из {o.quotas.maxRunsPerDay}</span>
          {canEdit ? <Button size="sm" variant="outline" onClick={() => setEditQuotas(true)} data-testid="quotas-edit">Квоты</Button> : null}
          <span className="text-muted-foreground">Подписки МойСклад: {o.subscriptions.length ? o.subscriptions.join(", ") : "нет"}</span>
          <span className="text-muted-foreground">Последний вебхук: {o.lastWebhookAt ? formatDateTime(o.lastWebhookAt) : "—"}</span>
        </div>
      ) : null}
      {editQuotas && o ? <QuotasDialog quotas={o.quotas} onClose={() => setEditQuotas(false)} /> : null}
      <Tabs defaultValue={initialTab}>
        <TabsList>
          <TabsTrigger value="links" data-testid="tab-links">Связи</TabsTrigger>
          <TabsTrigger value="rules" data-testid="tab-rules">Правила</TabsTrigger>
          <TabsTrigger value="journal" data-testid="tab-journal">Журнал запусков</TabsTrigger>
          <TabsTrigger value="dealers" data-testid="tab-dealers">Дилеры</TabsTrigger>
          <TabsTrigger value="templates" data-testid="tab-templates">Шаблоны сообщений</TabsTrigger>
          <TabsTrigger value="deliveries" data-testid="tab-deliveries">Журнал доставок</TabsTrigger>
        </TabsList>
        <TabsContent value="links"><LinksTab canEdit={canEdit} /></TabsContent>
        <TabsContent value="rules"><RulesTab canEdit={canEdit} /></TabsContent>
        <TabsContent value="journal"><JournalTab canEdit={canEdit} /></TabsContent>
        <TabsContent value="dealers"><DealersTab canEdit={canEdit} /></TabsContent>
        <TabsContent value="templates"><TemplatesTab canEdit={canEdit} /></TabsContent>
        <TabsContent value="deliveries"><DeliveriesTab /></TabsContent>
      </Tabs>
    </div>
  );
}
