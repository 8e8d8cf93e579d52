"use client";

import { useState } from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import type { TAppRouter } from "@/server/api/root";
import { useTRPC, errorMessage, fieldErrors } from "@/components/trpc";
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from "@/components/ui/card";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Textarea } from "@/components/ui/textarea";
import { Checkbox } from "@/components/ui/checkbox";
import { FormField } from "@/components/ui/form-field";
import { Alert } from "@/components/ui/alert";
import { toast } from "@/components/ui/toaster";
import { formatDateTime } from "@/components/format";

type TItem = inferRouterOutputs<TAppRouter>["integrations"]["list"][number];

const STATUS: Record<TItem["status"], { label: string; variant: "neutral" | "info" | "success" | "danger" }> = {
  unchecked: { label: "Не проверено", variant: "neutral" },
  checking: { label: "Проверяется…", variant: "info" },
  ok: { label: "Работает", variant: "success" },
  error: { label: "Ошибка", variant: "danger" },
};

export function IntegrationCard({ item }: { item: TItem }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const [values, setValues] = useState<Record<string, string | boolean>>(() =>
    Object.fromEntries(item.fields.filter((f) => !f.secret).map((f) => [f.name, f.type === "checkbox" ? Boolean(item.settings[f.name]) : String(item.settings[f.name] ?? "")])),
  );
  const [secrets, setSecrets] = useState<Record<string, string>>({});
  const [errors, setFieldErrors] = useState<Record<string, string>>({});
  const refresh = () => qc.invalidateQueries({ queryKey: trpc.integrations.list.queryKey() });

  const save = useMutation(trpc.integrations.save.mutationOptions({
    onSuccess: () => { toast.success(`${item.title}: настройки сохранены`); setSecrets({}); setFieldErrors({}); void refresh(); },
    onError: (e) => {
      setFieldErrors(Object.fromEntries(Object.entries(fieldErrors(e)).map(([k, v]) => [k, v?.[0] ?? ""])));
      toast.error(errorMessage(e));
    },
  }));
  const check = useMutation(trpc.integrations.check.mutationOptions({
    onSuccess: () => void refresh(),
    onError: (e) => toast.error(errorMessage(e)),
  }));

  function submit(e: React.FormEvent) {
    e.preventDefault();
    const settings = Object.fromEntries(item.fields.filter((f) => !f.secret).map((f) => {
      const v = values[f.name];
      if (f.type === "number") return [f.name, v === "" ? null : Number(v)];
      if (f.type === "checkbox") return [f.name, Boolean(v)];
      return [f.name, v === "" ? null : v];
    }));
    const nonEmpty = Object.fromEntries(Object.entries(settings).filter(([, v]) => v !== null)) as Record<string, string | number | boolean>;
    save.mutate({ kind: item.kind, settings: nonEmpty, secrets });
  }

  const status = STATUS[item.status];
  return (
    <Card data-testid={`integration-${item.kind}`} className="flex flex-col">
      <form onSubmit={submit} className="flex flex-1 flex-col">
        <CardHeader>
          <div className="flex items-start justify-between gap-2">
            <div>
              <CardTitle>{item.title}</CardTitle>
              <CardDescription>{item.description}</CardDescription>
            </div>
            <Badge variant={status.variant} data-testid="integration-status">{status.label}</Badge>
          </div>
        </CardHeader>
        <CardContent className="flex-1 space-y-3">
          {item.fields.map((f) => {
            const id = `${item.kind}-${f.name}`;
            const isSet = f.secret && item.secretsSet.includes(f.name);
            const error = errors[f.name];
            if (f.type === "checkbox") {
              return <Checkbox key={f.name} id={id} label={f.label} checked={Boolean(values[f.name])} onChange={(e) => setValues({ ...values, [f.name]: e.target.checked })} />;
            }
            const common = {
              id, name: f.name, placeholder: isSet ? "задан — оставьте пустым, чтобы не менять" : f.placeholder,
              "aria-invalid": !!error || undefined,
            };
            return (
              <FormField key={f.name} label={f.label} htmlFor={id} hint={isSet ? "задан" : f.hint} error={error}>
                {f.secret ? (
                  f.type === "textarea"
                    ? <Textarea {...common} rows={3} value={secrets[f.name] ?? ""} onChange={(e) => setSecrets({ ...secrets, [f.name]: e.target.value })} />
                    : <Input {...common} type="password" autoComplete="off" value={secrets[f.name] ?? ""} onChange={(e) => setSecrets({ ...secrets, [f.name]: e.target.value })} />
                ) : (
                  <Input {...common} type={f.type === "number" ? "number" : "text"} value={String(values[f.name] ?? "")} onChange={(e) => setValues({ ...values, [f.name]: e.target.value })} />
                )}
              </FormField>
            );
          })}
          {item.status === "ok" && item.statusSummary ? <Alert variant="success" data-testid="integration-summary">{item.statusSummary}</Alert> : null}
          {item.status === "error" && item.lastError ? <Alert variant="danger" data-testid="integration-error">{item.lastError}</Alert> : null}
          <p className="text-xs text-muted-foreground" data-testid="integration-checked-at">
            Последняя проверка: {item.lastCheckedAt ? formatDateTime(item.lastCheckedAt) : "не проводилась"}
          </p>
        </CardContent>
        <CardFooter className="justify-end gap-2">
          <Button
            variant="outline"
            disabled={!item.configured || item.status === "checking"}
            loading={check.isPending || item.status === "checking"}
            onClick={() => check.mutate({ kind: item.kind })}
            data-testid="integration-check"
          >
            Проверить
          </Button>
          <Button type="submit" loading={save.isPending} data-testid="integration-save">Сохранить</Button>
        </CardFooter>
      </form>
    </Card>
  );
}
