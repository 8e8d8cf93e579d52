"use client";

import { useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Link2, Pause, Play, Unlink } from "lucide-react";
import { useTRPC, errorMessage, fieldErrors } from "@/components/trpc";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Badge } from "@/components/ui/badge";
import { Alert } from "@/components/ui/alert";
import { Skeleton } from "@/components/ui/skeleton";
import { FormField } from "@/components/ui/form-field";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { toast } from "@/components/ui/toaster";
import { formatDateTime } from "@/components/format";
import { LINK_STATUS } from "./labels";

export function LinksTab({ canEdit }: { canEdit: boolean }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const links = useQuery({ ...trpc.automations.links.queryOptions(), refetchInterval: 10_000 });
  const refresh = () => qc.invalidateQueries({ queryKey: trpc.automations.links.queryKey() });
  const [partner, setPartner] = useState("");
  const enable = useMutation(trpc.automations.enableLink.mutationOptions({
    onSuccess: (r) => { toast.success(r.active ? "Связь активна" : "Связь включена с вашей стороны — ждём подтверждения партнёра"); setPartner(""); void refresh(); },
    onError: (e) => toast.error(errorMessage(e)),
  }));
  const setStatus = useMutation(trpc.automations.setLinkStatus.mutationOptions({
    onSuccess: () => { void refresh(); void qc.invalidateQueries({ queryKey: trpc.automations.rules.queryKey() }); },
    onError: (e) => toast.error(errorMessage(e)),
  }));
  const errors = fieldErrors(enable.error);

  return (
    <div className="space-y-4">
      {canEdit ? (
        <Card>
          <CardHeader>
            <CardTitle>Связать с компанией</CardTitle>
            <CardDescription>Введите ID компании-партнёра и включите связь. Связь заработает, когда партнёр сделает то же самое с вашим ID.</CardDescription>
          </CardHeader>
          <CardContent>
            <form className="flex items-end gap-2" onSubmit={(e) => { e.preventDefault(); enable.mutate({ partnerCompanyId: partner }); }}>
              <FormField label="ID компании-партнёра" htmlFor="partner-id" error={errors.partnerCompanyId?.[0]} className="flex-1">
                <Input id="partner-id" value={partner} onChange={(e) => setPartner(e.target.value)} placeholder="00000000-0000-0000-0000-000000000000" data-testid="link-partner-id" />
              </FormField>
              <Button type="submit" loading={enable.isPending} data-testid="link-enable"><Link2 /> Включить связь</Button>
            </form>
          </CardContent>
        </Card>
      ) : null}
      {links.error ? <Alert variant="danger">{errorMessage(links.error)}</Alert> : null}
      {!links.data ? <Skeleton className="h-32" /> : links.data.length === 0 ? (
        <EmptyState title="Связей пока нет" description="Связь с компанией нужна, чтобы события в одной компании создавали документы в другой." />
      ) : (
        <div className="grid gap-3">
          {links.data.map((l) => {
            const status = LINK_STATUS[l.status]!;
            return (
              <Card key={l.id} data-testid={`link-${l.partnerCompanyId}`}>
                <CardContent className="flex flex-wrap items-center gap-4 py-4">
                  <div className="min-w-0 flex-1">
                    <div className="flex items-center gap-2 font-medium">{l.partnerName} <Badge variant={status.variant} data-testid="link-status">{status.label}</Badge></div>
                    <div className="text-xs text-muted-foreground">
                      Ваша сторона: {l.mineEnabled ? `включена ${formatDateTime(l.mineEnabledAt)}` : "не включена"} · Партнёр: {l.partnerEnabled ? `включил ${formatDateTime(l.partnerEnabledAt)}` : "ещё не подтвердил"} · Правил: {l.rules}
                    </div>
                    {l.statusChangedAt && l.status !== "active" && l.status !== "pending" ? (
                      <div className="text-xs text-muted-foreground">{l.statusByPartner ? "Изменено партнёром" : `Изменил(а) ${l.statusChangedBy ?? ""}`} {formatDateTime(l.statusChangedAt)}</div>
                    ) : null}
                  </div>
                  {canEdit ? (
                    <div className="flex gap-2">
                      {!l.mineEnabled || l.status === "revoked" ? (
                        <Button size="sm" onClick={() => enable.mutate({ partnerCompanyId: l.partnerCompanyId })} data-testid="link-confirm"><Link2 /> Включить</Button>
                      ) : null}
                      {l.status === "active" ? (
                        <ConfirmDialog
                          trigger={<Button size="sm" variant="outline" data-testid="link-pause"><Pause /> Приостановить</Button>}
                          title="Приостановить связь?"
                          description="Все правила по этой связи сразу перестанут создавать документы — у вас и у партнёра."
                          confirmLabel="Приостановить"
                          onConfirm={() => setStatus.mutateAsync({ linkId: l.id, action: "pause" })}
                        />
                      ) : null}
                      {l.status === "paused" && !l.statusByPartner ? (
                        <Button size="sm" variant="outline" onClick={() => setStatus.mutate({ linkId: l.id, action: "resume" })} data-testid="link-resume"><Play /> Возобновить</Button>
                      ) : null}
                      {l.status !== "revoked" ? (
                        <ConfirmDialog
                          trigger={<Button size="sm" variant="ghost" data-testid="link-revoke"><Unlink /> Разорвать</Button>}
                          title="Разорвать связь?"
                          description="Правила перестанут работать. Чтобы восстановить связь, обе компании должны включить её заново."
                          confirmLabel="Разорвать"
                          onConfirm={() => setStatus.mutateAsync({ linkId: l.id, action: "revoke" })}
                        />
                      ) : null}
                    </div>
                  ) : null}
                </CardContent>
              </Card>
            );
          })}
        </div>
      )}
    </div>
  );
}
