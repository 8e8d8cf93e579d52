"use client";

import { useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Eye } from "lucide-react";
import { useTRPC, errorMessage } from "@/components/trpc";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { Button } from "@/components/ui/button";
import { Textarea } from "@/components/ui/textarea";
import { Checkbox } from "@/components/ui/checkbox";
import { Skeleton } from "@/components/ui/skeleton";
import { Alert } from "@/components/ui/alert";
import { toast } from "@/components/ui/toaster";

const PLACEHOLDERS = ["number", "date", "sum", "counterparty", "positions", "link", "dealer"];

type TTrigger = "order_created" | "payment_in" | "shipment";

export function TemplatesTab({ canEdit }: { canEdit: boolean }) {
  const trpc = useTRPC();
  const templates = useQuery(trpc.dealers.templates.queryOptions());
  if (templates.error) return <Alert variant="danger">{errorMessage(templates.error)}</Alert>;
  if (!templates.data) return <Skeleton className="h-64" />;
  return (
    <div className="space-y-4">
      <p className="text-sm text-muted-foreground">Подстановки: {PLACEHOLDERS.map((p) => `{{${p}}}`).join(", ")}. Предпросмотр — на последнем документе этого типа из МойСклад.</p>
      <div className="grid gap-4 xl:grid-cols-3">
        {templates.data.map((t) => <TemplateCard key={t.trigger} trigger={t.trigger as TTrigger} label={t.label} text={t.text} enabled={t.enabled} canEdit={canEdit} />)}
      </div>
    </div>
  );
}

function TemplateCard({ trigger, label, text: initial, enabled: initialEnabled, canEdit }: { trigger: TTrigger; label: string; text: string; enabled: boolean; canEdit: boolean }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const [text, setText] = useState(initial);
  const [enabled, setEnabled] = useState(initialEnabled);
  const save = useMutation(trpc.dealers.saveTemplate.mutationOptions({
    onSuccess: () => { toast.success("Шаблон сохранён"); void qc.invalidateQueries({ queryKey: trpc.dealers.templates.queryKey() }); },
    onError: (e) => toast.error(errorMessage(e)),
  }));
  const preview = useMutation(trpc.dealers.previewTemplate.mutationOptions({ onError: (e) => toast.error(errorMessage(e)) }));
  return (
    <Card data-testid={`template-${trigger}`}>
      <CardHeader><CardTitle>{label}</CardTitle></CardHeader>
      <CardContent className="space-y-3">
        <label className="flex items-center gap-2 text-sm"><Checkbox checked={enabled} disabled={!canEdit} onChange={(e) => setEnabled(e.target.checked)} /> Отправлять дилерам</label>
        <Textarea rows={8} value={text} onChange={(e) => setText(e.target.value)} disabled={!canEdit} aria-label={`Шаблон: ${label}`} data-testid={`template-text-${trigger}`} />
        <div className="flex gap-2">
          <Button type="button" variant="outline" size="sm" loading={preview.isPending} onClick={() => preview.mutate({ trigger, text })} data-testid={`template-preview-${trigger}`}><Eye /> Предпросмотр</Button>
          {canEdit ? <Button type="button" size="sm" loading={save.isPending} onClick={() => save.mutate({ trigger, text, enabled })} data-testid={`template-save-${trigger}`}>Сохранить</Button> : null}
        </div>
        {preview.data ? (
          <div className="space-y-1">
            <div className="text-xs text-muted-foreground">Пример: {preview.data.sample}</div>
            <pre className="whitespace-pre-wrap rounded bg-muted p-2 text-sm" data-testid={`template-preview-text-${trigger}`}>{preview.data.text}</pre>
          </div>
        ) : null}
      </CardContent>
    </Card>
  );
}
