"use client";

import { useMemo, useState } from "react";
import { useMutation } from "@tanstack/react-query";
import { FlaskConical, Plus, Trash2 } from "lucide-react";
import { useTRPC, errorMessage, fieldErrors } from "@/components/trpc";
import { Dialog, DialogContent, DialogFooter } from "@/components/ui/dialog";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { Textarea } from "@/components/ui/textarea";
import { FormField } from "@/components/ui/form-field";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { toast } from "@/components/ui/toaster";
import { DEFAULT_KEY_TEMPLATE, DEMAND_TO_SUPPLY_MAPPING, SOURCE_EVENTS, TARGET_ACTIONS } from "@/server/automations/catalog";
import type { TRuleRow } from "./rules-tab";

type TFilter = { path: string; op: "eq" | "ne" | "gt" | "gte" | "lt" | "lte" | "contains" | "exists"; value?: string };
type TLink = { id: string; partnerName: string };

const OPS: { value: TFilter["op"]; label: string }[] = [
  { value: "eq", label: "равно" }, { value: "ne", label: "не равно" }, { value: "gt", label: "больше" }, { value: "gte", label: "не меньше" },
  { value: "lt", label: "меньше" }, { value: "lte", label: "не больше" }, { value: "contains", label: "содержит" }, { value: "exists", label: "заполнено" },
];

export function RuleDialog({ rule, links, open, onOpenChange, onSaved }: { rule: TRuleRow | null; links: TLink[]; open: boolean; onOpenChange: (o: boolean) => void; onSaved: () => void }) {
  const trpc = useTRPC();
  const [name, setName] = useState(rule?.name ?? "Отгрузка → приёмка у покупателя");
  const [linkId, setLinkId] = useState(rule?.linkId ?? links[0]?.id ?? "");
  const [sourceEvent, setSourceEvent] = useState<string>(rule?.sourceEvent ?? "demand.created");
  const [action, setAction] = useState<string>(rule?.action ?? "supply");
  const [mappingText, setMappingText] = useState(JSON.stringify(rule?.mapping ?? DEMAND_TO_SUPPLY_MAPPING, null, 2));
  const [filters, setFilters] = useState<TFilter[]>(((rule?.filters ?? []) as TFilter[]).map((f) => ({ ...f, value: f.value === undefined ? undefined : String(f.value) })));
  const [keyTemplate, setKeyTemplate] = useState(rule?.idempotencyTemplate ?? DEFAULT_KEY_TEMPLATE);
  const [sampleId, setSampleId] = useState("");

  const mapping = useMemo(() => {
    try {
      const value = JSON.parse(mappingText) as unknown;
      return value && typeof value === "object" && !Array.isArray(value) ? { ok: true as const, value: value as Record<string, unknown> } : { ok: false as const, error: "Маппинг должен быть JSON-объектом" };
    } catch (e) {
      return { ok: false as const, error: `Ошибка JSON: ${e instanceof Error ? e.message : String(e)}` };
    }
  }, [mappingText]);

  const payload = () => ({
    linkId,
    sourceEvent: sourceEvent as (typeof SOURCE_EVENTS)[number]["id"],
    action: action as (typeof TARGET_ACTIONS)[number]["id"],
    mapping: mapping.ok ? mapping.value : {},
    filters: filters.map((f) => ({ path: f.path, op: f.op, ...(f.op === "exists" ? {} : { value: f.value ?? "" }) })),
    idempotencyTemplate: keyTemplate,
  });
  const save = useMutation(trpc.automations.saveRule.mutationOptions({
    onSuccess: (r) => {
      toast.success("Правило сохранено");
      if (r.webhookError) toast.error(`Подписка на события МойСклад не удалась: ${r.webhookError}. События подхватит сверка по расписанию.`);
      onSaved();
    },
    onError: (e) => toast.error(errorMessage(e)),
  }));
  const dryRun = useMutation(trpc.automations.dryRun.mutationOptions({ onError: (e) => toast.error(errorMessage(e)) }));
  const errors = fieldErrors(save.error);
  const result = dryRun.data;

  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent title={rule ? "Изменить правило" : "Новое правило"} description="Событие в МойСклад вашей компании создаёт документ в МойСклад партнёра." size="xl">
        <form className="space-y-4" onSubmit={(e) => { e.preventDefault(); if (mapping.ok) save.mutate({ id: rule?.id ?? null, name, ...payload() }); }} data-testid="rule-form">
          <div className="grid gap-3 md:grid-cols-2">
            <FormField label="Название" htmlFor="rule-name" error={errors.name?.[0]} required>
              <Input id="rule-name" value={name} onChange={(e) => setName(e.target.value)} data-testid="rule-name" />
            </FormField>
            <FormField label="Партнёр (активная связь)" htmlFor="rule-link" error={errors.linkId?.[0]} required>
              <Select id="rule-link" value={linkId} onChange={(e) => setLinkId(e.target.value)} options={links.map((l) => ({ value: l.id, label: l.partnerName }))} data-testid="rule-link" />
            </FormField>
            <FormField label="Событие у вас" htmlFor="rule-event" required>
              <Select id="rule-event" value={sourceEvent} onChange={(e) => setSourceEvent(e.target.value)} options={SOURCE_EVENTS.map((e) => ({ value: e.id, label: e.label }))} data-testid="rule-event" />
            </FormField>
            <FormField label="Что создать у партнёра" htmlFor="rule-action" required>
              <Select id="rule-action" value={action} onChange={(e) => setAction(e.target.value)} options={TARGET_ACTIONS.map((a) => ({ value: a.id, label: a.label }))} data-testid="rule-action" />
            </FormField>
          </div>
          <FormField
            label="Маппинг полей (JSON)"
            htmlFor="rule-mapping"
            error={mapping.ok ? errors.mapping?.[0] : mapping.error}
            hint="{{source.name}}, {{event.id}}, {{sourceCompany.name}} — значения события; $each — список позиций; $lookup — поиск у партнёра (product по code, counterparty по inn); $first — первый объект типа у партнёра."
          >
            <Textarea id="rule-mapping" rows={12} className="font-mono text-xs" value={mappingText} onChange={(e) => setMappingText(e.target.value)} spellCheck={false} data-testid="rule-mapping" />
          </FormField>
          <div className="space-y-2">
            <div className="text-sm font-medium">Условия (все должны выполняться)</div>
            {filters.map((f, i) => (
              <div key={i} className="flex gap-2">
                <Input aria-label="Поле" value={f.path} onChange={(e) => setFilters(filters.map((x, j) => (j === i ? { ...x, path: e.target.value } : x)))} placeholder="source.sum" className="flex-1" />
                <Select aria-label="Условие" value={f.op} onChange={(e) => setFilters(filters.map((x, j) => (j === i ? { ...x, op: e.target.value as TFilter["op"] } : x)))} options={OPS} className="w-36" />
                {f.op !== "exists" ? <Input aria-label="Значение" value={f.value ?? ""} onChange={(e) => setFilters(filters.map((x, j) => (j === i ? { ...x, value: e.target.value } : x)))} className="w-40" /> : null}
                <Button type="button" size="icon" variant="ghost" aria-label="Убрать условие" onClick={() => setFilters(filters.filter((_, j) => j !== i))}><Trash2 /></Button>
              </div>
            ))}
            <Button type="button" size="sm" variant="outline" onClick={() => setFilters([...filters, { path: "source.sum", op: "gt", value: "0" }])}><Plus /> Условие</Button>
          </div>
          <FormField label="Шаблон ключа идемпотентности" htmlFor="rule-key" error={errors.idempotencyTemplate?.[0]} hint="Одно и то же событие с одинаковым ключом никогда не создаст второй документ.">
            <Input id="rule-key" value={keyTemplate} onChange={(e) => setKeyTemplate(e.target.value)} className="font-mono" data-testid="rule-key" />
          </FormField>
          <div className="rounded-md border border-border p-3">
            <div className="flex flex-wrap items-end gap-2">
              <FormField label="Проверить на событии" htmlFor="rule-sample" hint="Пусто — последнее полученное событие или последний документ в МойСклад" className="flex-1">
                <Input id="rule-sample" value={sampleId} onChange={(e) => setSampleId(e.target.value)} placeholder="ID документа в МойСклад (необязательно)" />
              </FormField>
              <Button type="button" variant="outline" disabled={!mapping.ok || !linkId} loading={dryRun.isPending} onClick={() => dryRun.mutate({ ...payload(), ruleId: rule?.id ?? null, sourceDocumentId: sampleId || null })} data-testid="rule-dry-run"><FlaskConical /> Пробный запуск</Button>
            </div>
            {result ? (
              <div className="mt-3 space-y-2 text-sm" data-testid="dry-run-result">
                <div>Пример: {result.sampleFrom} — {result.source.type} № {String(result.source.name ?? "")}</div>
                <div className="flex flex-wrap gap-2">
                  <Badge variant={result.filtersPassed ? "success" : "warning"}>{result.filtersPassed ? "Условия выполнены" : "Условия не выполнены — документ не будет создан"}</Badge>
                  <Badge variant={result.linkActive ? "success" : "warning"}>{result.linkActive ? "Связь активна" : "Связь не активна"}</Badge>
                </div>
                {result.error ? <Alert variant="danger" data-testid="dry-run-error">{result.error}</Alert> : null}
                <div>Будет создано у «{result.targetCompany}»: <code>{result.request.method} {result.request.path}</code></div>
                <pre className="max-h-72 overflow-auto rounded bg-muted p-2 text-xs" data-testid="dry-run-body">{JSON.stringify(result.request.body, null, 2)}</pre>
                <div className="text-xs text-muted-foreground">Ключ: <code>{result.idempotencyKey}</code></div>
                {result.lookups.length ? <ul className="list-disc pl-5 text-xs text-muted-foreground">{result.lookups.map((l) => <li key={l}>{l}</li>)}</ul> : null}
              </div>
            ) : null}
          </div>
          <DialogFooter>
            <Button type="button" variant="ghost" onClick={() => onOpenChange(false)}>Отмена</Button>
            <Button type="submit" loading={save.isPending} disabled={!mapping.ok} data-testid="rule-save">Сохранить</Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
