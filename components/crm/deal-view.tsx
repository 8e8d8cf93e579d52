"use client";

import { useState } from "react";
import Link from "next/link";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useTRPC, errorMessage, fieldErrors } from "@/components/trpc";
import { PageHeader } from "@/components/ui/page-header";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "@/components/ui/tabs";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { Badge } from "@/components/ui/badge";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { Skeleton } from "@/components/ui/skeleton";
import { FormField } from "@/components/ui/form-field";
import { Dialog, DialogContent, DialogFooter } from "@/components/ui/dialog";
import { toast } from "@/components/ui/toaster";
import { formatDateTime } from "@/components/format";
import { CLIENT_KIND_LABELS, DEAL_STAGES, STAGE_LABELS, STAGE_VARIANTS } from "./labels";
import { formatDay, formatRub } from "./format";
import { ReviewDate } from "./deals-view";
import { useRefreshDeal } from "./use-deal";
import type { TDeal } from "./deal-types";
import { DealJournal } from "./deal-journal";
import { DealDocuments } from "./deal-documents";
import { DealTasks } from "./deal-tasks";
import { DealCalculations } from "./deal-calculations";
import { DealPolicies } from "./deal-policies";
import { DealPayments } from "./deal-payments";

export function DealView({ dealId }: { dealId: string }) {
  const trpc = useTRPC();
  const q = useQuery(trpc.crm.deal.queryOptions({ dealId }));
  const [tab, setTab] = useState("overview");
  if (q.error) return <Alert variant="danger" data-testid="deal-error">{errorMessage(q.error)}</Alert>;
  if (!q.data) return <Skeleton className="h-96" />;
  const d = q.data;
  return (
    <div>
      <PageHeader
        eyebrow={<Link href="/crm" className="hover:underline">← Сделки</Link>}
        title={<span data-testid="deal-title">{d.title}</span>}
        description={`${d.client.name} · продавец ${d.seller.name}`}
        actions={<Badge variant={STAGE_VARIANTS[d.stage]} data-testid="deal-stage">{STAGE_LABELS[d.stage]}</Badge>}
      />
      <Tabs value={tab} onValueChange={setTab}>
        <TabsList>
          <TabsTrigger value="overview">Обзор</TabsTrigger>
          <TabsTrigger value="journal">Журнал ({d.journal.length})</TabsTrigger>
          <TabsTrigger value="documents">Документы ({d.documents.length})</TabsTrigger>
          <TabsTrigger value="tasks">Задачи ({d.tasks.filter((t) => t.status === "open").length})</TabsTrigger>
          <TabsTrigger value="calculations">Расчёты ({d.calculations.length})</TabsTrigger>
          <TabsTrigger value="policies">Полисы ({d.policies.length})</TabsTrigger>
          <TabsTrigger value="payments">Платежи</TabsTrigger>
        </TabsList>
        <TabsContent value="overview"><DealOverview deal={d} /></TabsContent>
        <TabsContent value="journal"><DealJournal deal={d} /></TabsContent>
        <TabsContent value="documents"><DealDocuments deal={d} /></TabsContent>
        <TabsContent value="tasks"><DealTasks deal={d} /></TabsContent>
        <TabsContent value="calculations"><DealCalculations deal={d} /></TabsContent>
        <TabsContent value="policies"><DealPolicies deal={d} /></TabsContent>
        <TabsContent value="payments"><DealPayments deal={d} /></TabsContent>
      </Tabs>
    </div>
  );
}

function Row({ label, children, testId }: { label: string; children: React.ReactNode; testId?: string }) {
  return (
    <div className="flex justify-between gap-4 border-b border-border py-1.5 text-sm last:border-0">
      <span className="text-muted-foreground">{label}</span><span className="text-right" data-testid={testId}>{children}</span>
    </div>
  );
}

function DealOverview({ deal: d }: { deal: TDeal }) {
  const trpc = useTRPC();
  const refresh = useRefreshDeal(d.id);
  const update = useMutation(trpc.crm.updateDeal.mutationOptions({ onSuccess: () => { toast.success("Этап изменён"); void refresh(); }, onError: (e) => toast.error(errorMessage(e)) }));
  const [reviewOpen, setReviewOpen] = useState(false);
  return (
    <div className="grid gap-4 lg:grid-cols-3">
      <Card>
        <CardHeader><CardTitle>Сделка</CardTitle></CardHeader>
        <CardContent>
          <Row label="Этап">
            {d.canEdit ? (
              <Select aria-label="Этап сделки" className="h-8 w-48" value={d.stage} disabled={update.isPending}
                onChange={(e) => update.mutate({ dealId: d.id, stage: e.target.value as TDeal["stage"] })}
                options={DEAL_STAGES.map((s) => ({ value: s, label: STAGE_LABELS[s] }))} />
            ) : STAGE_LABELS[d.stage]}
          </Row>
          <Row label="Продавец">{d.seller.name}</Row>
          <Row label="Участники">{d.participants.map((p) => p.name).join(", ") || "—"}</Row>
          <Row label="Создана">{formatDateTime(d.createdAt)}</Row>
          {d.description ? <p className="mt-2 text-sm whitespace-pre-wrap">{d.description}</p> : null}
        </CardContent>
      </Card>
      <Card>
        <CardHeader><CardTitle>Клиент</CardTitle></CardHeader>
        <CardContent>
          <Row label="Имя / название">{d.client.name}</Row>
          <Row label="Тип">{CLIENT_KIND_LABELS[d.client.kind]}</Row>
          {d.client.inn ? <Row label="ИНН">{d.client.inn}</Row> : null}
          <Row label="Телефон">{d.client.phone ?? "—"}</Row>
          <Row label="Email">{d.client.email ?? "—"}</Row>
        </CardContent>
      </Card>
      <Card>
        <CardHeader><CardTitle>Следующий просмотр</CardTitle></CardHeader>
        <CardContent>
          <Row label="Дата просмотра" testId="deal-review-date"><ReviewDate date={d.reviewDate} manual={d.reviewDateManual !== null} /></Row>
          <Row label="По полисам и взносам">{formatDay(d.reviewDateAuto)}</Row>
          {d.reviewDateManual ? <Row label="Перенесено вручную">{d.reviewDateReason}</Row> : null}
          <Row label="Ожидаемая комиссия">{formatRub(d.finance.expectedCommission)}</Row>
          <Row label="Получено комиссии">{formatRub(d.finance.receivedCommission)}</Row>
          {d.canEdit ? (
            <div className="mt-3 flex gap-2">
              <Button size="sm" variant="outline" onClick={() => setReviewOpen(true)} data-testid="review-date-edit">Перенести дату</Button>
            </div>
          ) : null}
        </CardContent>
      </Card>
      <ReviewDateDialog deal={d} open={reviewOpen} onOpenChange={setReviewOpen} />
    </div>
  );
}

function ReviewDateDialog({ deal, open, onOpenChange }: { deal: TDeal; open: boolean; onOpenChange: (o: boolean) => void }) {
  const trpc = useTRPC();
  const refresh = useRefreshDeal(deal.id);
  const [date, setDate] = useState(deal.reviewDateManual ? deal.reviewDateManual.toISOString().slice(0, 10) : "");
  const [reason, setReason] = useState(deal.reviewDateReason ?? "");
  const save = useMutation(trpc.crm.setReviewDate.mutationOptions({
    onSuccess: () => { toast.success("Дата просмотра сохранена"); onOpenChange(false); void refresh(); },
  }));
  const errors = fieldErrors(save.error);
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent title="Дата следующего просмотра" description="Обычно дата считается сама: ближайшее окончание полиса или неоплаченный взнос. Ручная дата действует, пока её не сбросят.">
        <form className="space-y-3" onSubmit={(e) => { e.preventDefault(); save.mutate({ dealId: deal.id, date: date || null, reason }); }}>
          {save.error && !Object.keys(errors).length ? <Alert variant="danger">{errorMessage(save.error)}</Alert> : null}
          <FormField label="Дата" htmlFor="review-date"><Input id="review-date" type="date" value={date} onChange={(e) => setDate(e.target.value)} /></FormField>
          <FormField label="Причина" htmlFor="review-reason" error={errors.reason?.[0]}><Input id="review-reason" value={reason} onChange={(e) => setReason(e.target.value)} /></FormField>
          <DialogFooter>
            {deal.reviewDateManual ? <Button variant="outline" onClick={() => save.mutate({ dealId: deal.id, date: null })}>Вернуть расчётную</Button> : null}
            <Button type="submit" loading={save.isPending} disabled={!date}>Сохранить</Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
