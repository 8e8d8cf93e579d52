"use client";

import { useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTRPC, errorMessage } from "@/components/trpc";
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from "@/components/ui/card";
import { Button } from "@/components/ui/button";
import { Badge } from "@/components/ui/badge";
import { Alert } from "@/components/ui/alert";
import { Skeleton } from "@/components/ui/skeleton";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { toast } from "@/components/ui/toaster";

/**
 * The current user's own Telegram link to the company's bot (one per user and company: linking once serves the
 * procurement bot and the CRM notices alike): one-time code, status, unlink. `module` picks whose procedures
 * serve it (the user may have only one of the modules), `testId` prefixes the test ids.
 */
export function TelegramLinkCard({ module, testId, description, unlinkDescription, className }: {
  module: "procurement" | "crm";
  testId: string;
  description: string;
  unlinkDescription: string;
  className?: string;
}) {
  const trpc = useTRPC();
  const api = module === "crm" ? trpc.crm : trpc.procurement;
  const qc = useQueryClient();
  const q = useQuery(api.telegramLink.queryOptions());
  const [code, setCode] = useState<{ code: string; url: string; expiresAt: Date } | null>(null);
  const refresh = () => qc.invalidateQueries({ queryKey: api.telegramLink.queryKey() });
  const create = useMutation(api.telegramLinkCode.mutationOptions({
    onSuccess: (r) => setCode({ code: r.code, url: r.url, expiresAt: new Date(r.expiresAt) }),
    onError: (e) => toast.error(errorMessage(e)),
  }));
  const unlink = useMutation(api.telegramUnlink.mutationOptions({
    onSuccess: () => { toast.success("Telegram отвязан"); setCode(null); void refresh(); },
    onError: (e) => toast.error(errorMessage(e)),
  }));
  const status = q.data?.status;
  return (
    <Card data-testid={`${testId}-card`} className={className}>
      <CardHeader>
        <CardTitle>Мой Telegram</CardTitle>
        <CardDescription>{description}</CardDescription>
      </CardHeader>
      <CardContent className="space-y-3">
        {q.error ? <Alert variant="danger">{errorMessage(q.error)}</Alert> : !q.data ? <Skeleton className="h-10" /> : (
          <div className="flex items-center gap-2 text-sm" data-testid={`${testId}-status`}>
            {status === "active" && <Badge variant="success">Привязан{q.data.telegramUsername ? `: @${q.data.telegramUsername}` : ""}</Badge>}
            {status === "blocked" && <Badge variant="danger">Бот заблокирован в Telegram — разблокируйте его и привяжите снова</Badge>}
            {(status === "none" || status === "pending") && <Badge variant="neutral">Не привязан</Badge>}
          </div>
        )}
        {code && (
          <Alert variant="info">
            Откройте ссылку{" "}
            <a href={code.url} target="_blank" rel="noreferrer" className="font-medium underline" data-testid={`${testId}-url`}>{code.url}</a>{" "}
            или отправьте боту команду <code data-testid={`${testId}-code`}>/start {code.code}</code>. Код одноразовый, действует до{" "}
            {code.expiresAt.toLocaleTimeString("ru-RU", { hour: "2-digit", minute: "2-digit" })}.
          </Alert>
        )}
      </CardContent>
      <CardFooter className="gap-2">
        <Button type="button" variant={status === "active" ? "outline" : "primary"} loading={create.isPending} onClick={() => create.mutate()} data-testid={`${testId}-link`}>
          {status === "active" ? "Привязать другой аккаунт" : "Получить код привязки"}
        </Button>
        {status && status !== "none" && (
          <ConfirmDialog
            trigger={<Button type="button" variant="ghost">Отвязать</Button>}
            title="Отвязать Telegram?"
            description={unlinkDescription}
            confirmLabel="Отвязать"
            confirmVariant="danger"
            onConfirm={() => unlink.mutateAsync()}
          />
        )}
      </CardFooter>
    </Card>
  );
}
