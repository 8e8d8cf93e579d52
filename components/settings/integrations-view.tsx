"use client";

import { useQuery } from "@tanstack/react-query";
import { useTRPC, errorMessage } from "@/components/trpc";
import { PageHeader } from "@/components/ui/page-header";
import { Skeleton } from "@/components/ui/skeleton";
import { Alert } from "@/components/ui/alert";
import { IntegrationCard } from "./integration-card";

export function IntegrationsView() {
  const trpc = useTRPC();
  const list = useQuery({
    ...trpc.integrations.list.queryOptions(),
    // While a check is running, poll until it settles.
    refetchInterval: (q) => (q.state.data?.some((i) => i.status === "checking") ? 1000 : false),
  });
  return (
    <div className="space-y-6">
      <PageHeader title="Интеграции" description="Подключения к внешним системам. Секретные поля после сохранения не показываются." />
      {list.isLoading ? (
        <div className="grid gap-4 lg:grid-cols-2">{Array.from({ length: 4 }, (_, i) => <Skeleton key={i} className="h-56" />)}</div>
      ) : list.error ? (
        <Alert variant="danger">{errorMessage(list.error)}</Alert>
      ) : (
        <div className="grid gap-4 lg:grid-cols-2">
          {list.data!.map((item) => <IntegrationCard key={item.kind} item={item} />)}
        </div>
      )}
    </div>
  );
}
