"use client";

import { useState } from "react";
import Link from "next/link";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Inbox, MailCheck } from "lucide-react";
import { useTRPC, errorMessage } from "@/components/trpc";
import { PageHeader } from "@/components/ui/page-header";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { Badge } from "@/components/ui/badge";
import { Alert } from "@/components/ui/alert";
import { Skeleton } from "@/components/ui/skeleton";
import { Pagination } from "@/components/ui/pagination";
import { Table, THead, TBody, TR, TH, TD, DataTableEmpty } from "@/components/ui/table";
import { toast } from "@/components/ui/toaster";
import { formatDateTime } from "@/components/format";
import { ProcurementTabs } from "./procurement-tabs";
import { NewOrderDialog } from "./new-order-dialog";
import { AI_STATUSES, ORDER_STATUSES, orderStatus } from "./labels";

const PAGE_SIZE = 20;

export function OrdersView({ canEdit }: { canEdit: boolean }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const [status, setStatus] = useState("");
  const [search, setSearch] = useState("");
  const [page, setPage] = useState(1);
  const orders = useQuery({
    ...trpc.procurement.orders.queryOptions({ status: (status || null) as never, search: search || null, page, pageSize: PAGE_SIZE }),
    refetchInterval: 5000,
    placeholderData: (prev) => prev,
  });
  const mailbox = useQuery({ ...trpc.procurement.mailbox.queryOptions(), refetchInterval: 15_000 });
  const checkMail = useMutation(trpc.procurement.checkMail.mutationOptions({
    onSuccess: () => {
      toast.success("Проверяем почту…");
      setTimeout(() => void qc.invalidateQueries({ queryKey: trpc.procurement.orders.queryKey() }), 3000);
    },
    onError: (e) => toast.error(errorMessage(e)),
  }));

  const counts = orders.data?.counts ?? {};
  return (
    <div className="space-y-4">
      <PageHeader
        title="Заявки"
        description={mailbox.data?.address ? `Письма клиентов на ${mailbox.data.address} становятся заявками; ответы поставщиков — предложениями.` : "Заявки клиентов из почты, запросы поставщикам и КП."}
        actions={canEdit ? (
          <div className="flex gap-2">
            <Button variant="outline" onClick={() => checkMail.mutate()} loading={checkMail.isPending} disabled={!mailbox.data?.mailConfigured} data-testid="procurement-check-mail"><MailCheck /> Проверить почту</Button>
            <NewOrderDialog />
          </div>
        ) : null}
      />
      <ProcurementTabs active="/procurement" />
      {mailbox.data && !mailbox.data.mailConfigured && (
        <Alert variant="warning" title="Почта не подключена">Укажите ящик в «Настройки → Интеграции → Почта (IMAP + SMTP)», чтобы письма становились заявками.</Alert>
      )}
      {mailbox.data?.lastError && <Alert variant="danger" title="Почта недоступна" data-testid="procurement-mail-error">{mailbox.data.lastError}</Alert>}
      {mailbox.data && !mailbox.data.aiConfigured && (
        <Alert variant="info">ИИ не подключён: новые заявки попадают в «Требует проверки», позиции заполняются вручную.</Alert>
      )}
      <div className="flex flex-wrap items-end gap-3">
        <Input
          className="w-72"
          placeholder="Поиск: номер, клиент, тема, позиция"
          aria-label="Поиск заявок"
          value={search}
          onChange={(e) => { setSearch(e.target.value); setPage(1); }}
          data-testid="orders-search"
        />
        <Select
          className="w-60"
          aria-label="Статус"
          value={status}
          onChange={(e) => { setStatus(e.target.value); setPage(1); }}
          options={[{ value: "", label: "Все статусы" }, ...ORDER_STATUSES.map((s) => ({ value: s.value, label: `${s.label}${counts[s.value] ? ` (${counts[s.value]})` : ""}` }))]}
          data-testid="orders-status-filter"
        />
      </div>
      {orders.error ? (
        <Alert variant="danger">{errorMessage(orders.error)}</Alert>
      ) : !orders.data ? (
        <Skeleton className="h-64" />
      ) : (
        <>
          <Table data-testid="orders-table">
            <THead>
              <TR><TH>Номер</TH><TH>Получена</TH><TH>Клиент</TH><TH>Тема</TH><TH>Позиций</TH><TH>Ответов</TH><TH>Статус</TH></TR>
            </THead>
            <TBody>
              {orders.data.rows.length === 0 ? (
                <DataTableEmpty colSpan={7} icon={<Inbox />} title={search || status ? "Ничего не найдено" : "Заявок пока нет"} description={search || status ? "Измените условия поиска." : "Письма клиентов появятся здесь через несколько секунд после получения."} />
              ) : (
                orders.data.rows.map((o) => {
                  const s = orderStatus(o.status);
                  return (
                    <TR key={o.id} data-testid={`order-row-${o.number}`}>
                      <TD className="font-medium"><Link className="text-primary hover:underline" href={`/procurement/orders/${o.id}`}>{o.number}</Link></TD>
                      <TD className="whitespace-nowrap">{formatDateTime(o.createdAt)}</TD>
                      <TD>{o.client ? <div><div>{o.client.name}</div><div className="text-xs text-muted-foreground">{o.client.email}</div></div> : "—"}</TD>
                      <TD className="max-w-80 truncate" title={o.subject}>{o.subject || "—"}</TD>
                      <TD>{o._count.items}</TD>
                      <TD>{o._count.rfqs ? `${o._count.quotes} из ${o._count.rfqs}` : "—"}</TD>
                      <TD><Badge variant={s.variant} dot title={AI_STATUSES[o.aiStatus]}>{s.label}</Badge></TD>
                    </TR>
                  );
                })
              )}
            </TBody>
          </Table>
          <Pagination page={page} pageSize={PAGE_SIZE} total={orders.data.total} onPageChange={setPage} />
        </>
      )}
    </div>
  );
}
