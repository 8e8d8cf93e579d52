"use client";

import { useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { UserPlus, Users } from "lucide-react";
import { useTRPC, errorMessage } from "@/components/trpc";
import { PageHeader } from "@/components/ui/page-header";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { Badge } from "@/components/ui/badge";
import { Table, THead, TBody, TR, TH, TD, DataTableEmpty } from "@/components/ui/table";
import { Skeleton } from "@/components/ui/skeleton";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { toast } from "@/components/ui/toaster";
import { formatDateTime } from "@/components/format";
import { InviteDialog } from "./invite-dialog";
import { ROLE_OPTIONS, roleLabel } from "./roles";

export function UsersView() {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const [search, setSearch] = useState("");
  const [inviteOpen, setInviteOpen] = useState(false);
  const list = useQuery(trpc.members.list.queryOptions({ search }));
  const invalidate = () => qc.invalidateQueries({ queryKey: trpc.members.list.queryKey() });
  const changeRole = useMutation(trpc.members.changeRole.mutationOptions({
    onSuccess: () => { toast.success("Роль изменена"); void invalidate(); },
    onError: (e) => { toast.error(errorMessage(e)); void invalidate(); },
  }));
  const setActive = useMutation(trpc.members.setActive.mutationOptions({
    onSuccess: (r) => { toast.success(r.active ? "Пользователь включён" : "Пользователь отключён"); void invalidate(); },
    onError: (e) => toast.error(errorMessage(e)),
  }));
  const revoke = useMutation(trpc.members.revokeInvitation.mutationOptions({
    onSuccess: () => { toast.success("Приглашение отозвано"); void invalidate(); },
    onError: (e) => toast.error(errorMessage(e)),
  }));

  return (
    <div className="space-y-6">
      <PageHeader
        title="Пользователи"
        description="Кто работает в компании и с какими правами"
        actions={<Button onClick={() => setInviteOpen(true)} data-testid="invite-open"><UserPlus /> Пригласить</Button>}
      />
      <Input placeholder="Поиск по имени или email" value={search} onChange={(e) => setSearch(e.target.value)} className="max-w-xs" aria-label="Поиск" />
      <Table data-testid="members-table">
        <THead>
          <TR><TH>Имя</TH><TH>Email</TH><TH>Роль</TH><TH>Статус</TH><TH>Последний вход</TH><TH /></TR>
        </THead>
        <TBody>
          {list.isLoading ? (
            <TR><TD colSpan={6}><Skeleton className="h-6 w-full" /></TD></TR>
          ) : list.error ? (
            <DataTableEmpty colSpan={6} title="Не удалось загрузить" description={errorMessage(list.error)} />
          ) : list.data?.members.length === 0 ? (
            <DataTableEmpty colSpan={6} icon={<Users />} title="Никого не найдено" />
          ) : (
            list.data?.members.map((m) => (
              <TR key={m.membershipId} data-testid={`member-${m.email}`}>
                <TD className="font-medium">{m.name}</TD>
                <TD>{m.email}</TD>
                <TD>
                  <Select
                    aria-label={`Роль ${m.email}`}
                    value={m.role}
                    options={ROLE_OPTIONS}
                    disabled={changeRole.isPending}
                    onChange={(e) => changeRole.mutate({ membershipId: m.membershipId, role: e.target.value })}
                    className="h-8 w-44"
                  />
                </TD>
                <TD>{m.active ? <Badge variant="success">Активен</Badge> : <Badge variant="neutral">Отключён</Badge>}</TD>
                <TD className="text-muted-foreground">{m.lastLoginAt ? formatDateTime(m.lastLoginAt) : "—"}</TD>
                <TD className="text-right">
                  {m.active ? (
                    <ConfirmDialog
                      trigger={<Button variant="ghost" size="sm" data-testid={`deactivate-${m.email}`}>Отключить</Button>}
                      title={`Отключить ${m.name}?`}
                      description="Пользователь потеряет доступ к компании. Его данные и история останутся."
                      confirmLabel="Отключить"
                      onConfirm={() => setActive.mutateAsync({ membershipId: m.membershipId, active: false }).then(() => undefined)}
                    />
                  ) : (
                    <Button variant="ghost" size="sm" onClick={() => setActive.mutate({ membershipId: m.membershipId, active: true })}>Включить</Button>
                  )}
                </TD>
              </TR>
            ))
          )}
        </TBody>
      </Table>

      {list.data && list.data.invitations.length > 0 ? (
        <div className="space-y-2">
          <h2 className="text-sm font-semibold">Приглашения</h2>
          <Table data-testid="invitations-table">
            <THead><TR><TH>Email</TH><TH>Имя</TH><TH>Роль</TH><TH>Действует до</TH><TH /></TR></THead>
            <TBody>
              {list.data.invitations.map((i) => (
                <TR key={i.id}>
                  <TD>{i.email}</TD>
                  <TD>{i.name}</TD>
                  <TD>{roleLabel(i.role)}</TD>
                  <TD>{i.expired ? <Badge variant="warning">Истекло</Badge> : formatDateTime(i.expiresAt)}</TD>
                  <TD className="text-right">
                    <ConfirmDialog
                      trigger={<Button variant="ghost" size="sm">Отозвать</Button>}
                      title="Отозвать приглашение?"
                      description={`Ссылка для ${i.email} перестанет работать.`}
                      confirmLabel="Отозвать"
                      onConfirm={() => revoke.mutateAsync({ invitationId: i.id }).then(() => undefined)}
                    />
                  </TD>
                </TR>
              ))}
            </TBody>
          </Table>
        </div>
      ) : null}

      <InviteDialog open={inviteOpen} onOpenChange={setInviteOpen} onDone={invalidate} />
    </div>
  );
}
