"use client";

import { useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import { Pause, Pencil, Play, Plus, Trash2 } from "lucide-react";
import type { TAppRouter } from "@/server/api/root";
import { useTRPC, errorMessage } from "@/components/trpc";
import { Table, THead, TBody, TR, TH, TD, DataTableEmpty } from "@/components/ui/table";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/alert";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { toast } from "@/components/ui/toaster";
import { ACTION_LABELS, EVENT_LABELS } from "./labels";
import { RuleDialog } from "./rule-dialog";

export type TRuleRow = inferRouterOutputs<TAppRouter>["automations"]["rules"][number];

export function RulesTab({ canEdit }: { canEdit: boolean }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const rules = useQuery({ ...trpc.automations.rules.queryOptions(), refetchInterval: 10_000 });
  const links = useQuery(trpc.automations.links.queryOptions());
  const refresh = () => qc.invalidateQueries({ queryKey: trpc.automations.rules.queryKey() });
  const [editing, setEditing] = useState<TRuleRow | "new" | null>(null);
  const pause = useMutation(trpc.automations.setRulePaused.mutationOptions({ onSuccess: () => void refresh(), onError: (e) => toast.error(errorMessage(e)) }));
  const remove = useMutation(trpc.automations.deleteRule.mutationOptions({ onSuccess: () => { toast.success("Правило удалено"); void refresh(); }, onError: (e) => toast.error(errorMessage(e)) }));
  const activeLinks = (links.data ?? []).filter((l) => l.active);

  return (
    <div className="space-y-3">
      {canEdit ? (
        <div className="flex justify-end">
          <Button onClick={() => setEditing("new")} disabled={activeLinks.length === 0} data-testid="rule-new"><Plus /> Новое правило</Button>
        </div>
      ) : null}
      {links.data && activeLinks.length === 0 ? <Alert variant="info">Правила создаются для активной связи с компанией: сначала включите связь на вкладке «Связи».</Alert> : null}
      {rules.error ? <Alert variant="danger">{errorMessage(rules.error)}</Alert> : null}
      <Table>
        <THead><TR><TH>Правило</TH><TH>Событие</TH><TH>Действие у партнёра</TH><TH>Статус</TH><TH>Успешно / ошибок</TH><TH /></TR></THead>
        <TBody>
          {rules.data?.length === 0 ? <DataTableEmpty colSpan={6} title="Правил пока нет" /> : null}
          {rules.data?.map((r) => (
            <TR key={r.id} data-testid="rule-row">
              <TD className="font-medium">{r.name}</TD>
              <TD>{EVENT_LABELS[r.sourceEvent] ?? r.sourceEvent}</TD>
              <TD>{ACTION_LABELS[r.action] ?? r.action} → {r.targetName}</TD>
              <TD>
                {r.paused ? <Badge variant="warning">Пауза</Badge> : !r.linkActive ? <Badge variant="warning">Связь не активна</Badge> : <Badge variant="success">Работает</Badge>}
              </TD>
              <TD>{r.succeeded} / {r.failed}</TD>
              <TD className="whitespace-nowrap text-right">
                {canEdit ? (
                  <>
                    <Button size="icon-sm" variant="ghost" aria-label="Изменить" onClick={() => setEditing(r)} data-testid="rule-edit"><Pencil /></Button>
                    <Button size="icon-sm" variant="ghost" aria-label={r.paused ? "Возобновить" : "Приостановить"} onClick={() => pause.mutate({ id: r.id, paused: !r.paused })} data-testid="rule-pause">{r.paused ? <Play /> : <Pause />}</Button>
                    <ConfirmDialog trigger={<Button size="icon-sm" variant="ghost" aria-label="Удалить"><Trash2 /></Button>} title={`Удалить правило «${r.name}»?`} description="Журнал его запусков тоже будет удалён." onConfirm={() => remove.mutateAsync({ id: r.id })} />
                  </>
                ) : null}
              </TD>
            </TR>
          ))}
        </TBody>
      </Table>
      {editing ? <RuleDialog rule={editing === "new" ? null : editing} links={activeLinks} open onOpenChange={(o) => !o && setEditing(null)} onSaved={() => { setEditing(null); void refresh(); }} /> : null}
    </div>
  );
}
