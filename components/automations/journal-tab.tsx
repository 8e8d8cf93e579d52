"use client";

import { useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { RotateCcw, X } from "lucide-react";
import { useTRPC, errorMessage } from "@/components/trpc";
import { Table, THead, TBody, TR, TH, TD, DataTableEmpty } from "@/components/ui/table";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { Alert } from "@/components/ui/alert";
import { Pagination } from "@/components/ui/pagination";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Dialog, DialogContent } from "@/components/ui/dialog";
import { toast } from "@/components/ui/toaster";
import { formatDateTime } from "@/components/format";
import { ACTION_LABELS, JOB_STATUS } from "./labels";

type TStatus = "queued" | "running" | "retrying" | "succeeded" | "failed" | "cancelled" | "blocked";

export function JournalTab({ canEdit }: { canEdit: boolean }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const [status, setStatus] = useState<TStatus | "">("");
  const [ruleId, setRuleId] = useState("");
  const [search, setSearch] = useState("");
  const [page, setPage] = useState(1);
  const [open, setOpen] = useState<string | null>(null);
  const rules = useQuery(trpc.automations.rules.queryOptions());
  const input = { status: status || null, ruleId: ruleId || null, search: search || null, page, pageSize: 20 };
  const jobs = useQuery({ ...trpc.automations.jobs.queryOptions(input), refetchInterval: 3000 });
  const refresh = () => qc.invalidateQueries({ queryKey: trpc.automations.jobs.queryKey() });
  const retry = useMutation(trpc.automations.retryJob.mutationOptions({ onSuccess: () => { toast.success("Запуск поставлен в очередь"); void refresh(); }, onError: (e) => toast.error(errorMessage(e)) }));
  const cancel = useMutation(trpc.automations.cancelJob.mutationOptions({ onSuccess: () => { toast.success("Запуск отменён"); void refresh(); }, onError: (e) => toast.error(errorMessage(e)) }));
  const selected = jobs.data?.rows.find((r) => r.id === open) ?? null;

  return (
    <div className="space-y-3">
      <div className="flex flex-wrap gap-2">
        <Select aria-label="Статус" value={status} onChange={(e) => { setStatus(e.target.value as TStatus | ""); setPage(1); }} placeholder="Все статусы" options={Object.entries(JOB_STATUS).map(([value, s]) => ({ value, label: s.label }))} className="w-48" data-testid="journal-status" />
        <Select aria-label="Правило" value={ruleId} onChange={(e) => { setRuleId(e.target.value); setPage(1); }} placeholder="Все правила" options={(rules.data ?? []).map((r) => ({ value: r.id, label: r.name }))} className="w-64" />
        <Input aria-label="Поиск" value={search} onChange={(e) => { setSearch(e.target.value); setPage(1); }} placeholder="Номер документа или ключ" className="w-64" />
      </div>
      {jobs.error ? <Alert variant="danger">{errorMessage(jobs.error)}</Alert> : null}
      <Table>
        <THead><TR><TH>Когда</TH><TH>Правило</TH><TH>Источник</TH><TH>Результат у партнёра</TH><TH>Статус</TH><TH>Попыток</TH><TH /></TR></THead>
        <TBody>
          {jobs.data?.rows.length === 0 ? <DataTableEmpty colSpan={7} title="Запусков пока нет" /> : null}
          {jobs.data?.rows.map((j) => {
            const s = JOB_STATUS[j.status]!;
            return (
              <TR key={j.id} data-testid="journal-row">
                <TD className="whitespace-nowrap">{formatDateTime(j.createdAt)}</TD>
                <TD>{j.ruleName}</TD>
                <TD>{j.source.type} № {j.source.name ?? j.source.id}</TD>
                <TD>{j.target.name ? `${ACTION_LABELS[j.target.type] ?? j.target.type} № ${j.target.name}` : "—"} <span className="text-xs text-muted-foreground">{j.target.company}</span></TD>
                <TD><Badge variant={s.variant} data-testid="journal-status-badge">{s.label}</Badge>{j.error ? <div className="max-w-72 truncate text-xs text-danger" title={j.error}>{j.error}</div> : null}</TD>
                <TD>{j.attempts}</TD>
                <TD className="whitespace-nowrap text-right">
                  <Button size="sm" variant="ghost" onClick={() => setOpen(j.id)} data-testid="journal-details">Подробнее</Button>
                  {canEdit && ["failed", "blocked", "cancelled"].includes(j.status) ? (
                    <ConfirmDialog trigger={<Button size="icon-sm" variant="ghost" aria-label="Повторить" data-testid="journal-retry"><RotateCcw /></Button>} title="Повторить запуск?" description="Документ будет создан у партнёра, если его ещё нет (ключ идемпотентности не даст создать второй)." confirmLabel="Повторить" confirmVariant="primary" onConfirm={() => retry.mutateAsync({ id: j.id })} />
                  ) : null}
                  {canEdit && ["queued", "retrying", "failed", "blocked"].includes(j.status) ? (
                    <ConfirmDialog trigger={<Button size="icon-sm" variant="ghost" aria-label="Отменить" data-testid="journal-cancel"><X /></Button>} title="Отменить запуск?" description="Документ у партнёра создан не будет." confirmLabel="Отменить запуск" onConfirm={() => cancel.mutateAsync({ id: j.id })} />
                  ) : null}
                </TD>
              </TR>
            );
          })}
        </TBody>
      </Table>
      {jobs.data ? <Pagination page={page} pageSize={20} total={jobs.data.total} onPageChange={setPage} /> : null}
      <Dialog open={Boolean(selected)} onOpenChange={(o) => !o && setOpen(null)}>
        {selected ? (
          <DialogContent title={`Запуск: ${selected.ruleName}`} description={`Ключ идемпотентности: ${selected.idempotencyKey}`} size="lg">
            <div className="space-y-3 text-sm" data-testid="journal-detail">
              {selected.error ? <Alert variant="danger">{selected.error}</Alert> : null}
              {selected.target.href ? <div>Документ у партнёра: <code className="break-all">{selected.target.href}</code></div> : null}
              <div><div className="mb-1 font-medium">Отправлено в МойСклад партнёра</div><pre className="max-h-64 overflow-auto rounded bg-muted p-2 text-xs">{JSON.stringify(selected.payload, null, 2) ?? "—"}</pre></div>
              <div><div className="mb-1 font-medium">Ответ</div><pre className="max-h-48 overflow-auto rounded bg-muted p-2 text-xs">{JSON.stringify(selected.response, null, 2) ?? "—"}</pre></div>
            </div>
          </DialogContent>
        ) : null}
      </Dialog>
    </div>
  );
}
