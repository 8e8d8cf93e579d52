"use client";

import { useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { useTRPC, errorMessage } from "@/components/trpc";
import { Table, THead, TBody, TR, TH, TD, DataTableEmpty } from "@/components/ui/table";
import { Badge } from "@/components/ui/badge";
import { Select } from "@/components/ui/select";
import { Alert } from "@/components/ui/alert";
import { Pagination } from "@/components/ui/pagination";
import { formatDateTime } from "@/components/format";
import { DELIVERY_STATUS, TRIGGER_LABELS } from "./labels";

type TStatus = "queued" | "sent" | "failed" | "blocked" | "skipped";

export function DeliveriesTab() {
  const trpc = useTRPC();
  const [status, setStatus] = useState<TStatus | "">("");
  const [page, setPage] = useState(1);
  const deliveries = useQuery({ ...trpc.dealers.deliveries.queryOptions({ status: status || null, page, pageSize: 20 }), refetchInterval: 3000 });
  return (
    <div className="space-y-3">
      <Select aria-label="Статус" value={status} onChange={(e) => { setStatus(e.target.value as TStatus | ""); setPage(1); }} placeholder="Все статусы" options={Object.entries(DELIVERY_STATUS).map(([value, s]) => ({ value, label: s.label }))} className="w-56" data-testid="deliveries-status" />
      {deliveries.error ? <Alert variant="danger">{errorMessage(deliveries.error)}</Alert> : null}
      <Table>
        <THead><TR><TH>Когда</TH><TH>Дилер</TH><TH>Событие</TH><TH>Сообщение</TH><TH>Статус</TH><TH>Попыток</TH></TR></THead>
        <TBody>
          {deliveries.data?.rows.length === 0 ? <DataTableEmpty colSpan={6} title="Сообщений пока не было" /> : null}
          {deliveries.data?.rows.map((d) => {
            const s = DELIVERY_STATUS[d.status]!;
            return (
              <TR key={d.id} data-testid="delivery-row">
                <TD className="whitespace-nowrap">{formatDateTime(d.sentAt ?? d.createdAt)}</TD>
                <TD>{d.dealerName}</TD>
                <TD>{TRIGGER_LABELS[d.trigger] ?? d.trigger}</TD>
                <TD className="max-w-96"><div className="truncate" title={d.text}>{d.text.split("\n")[0]}</div></TD>
                <TD><Badge variant={s.variant}>{s.label}</Badge>{d.error ? <div className="text-xs text-danger">{d.error}</div> : null}</TD>
                <TD>{d.attempts}</TD>
              </TR>
            );
          })}
        </TBody>
      </Table>
      {deliveries.data ? <Pagination page={page} pageSize={20} total={deliveries.data.total} onPageChange={setPage} /> : null}
    </div>
  );
}
