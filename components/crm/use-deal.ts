"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "@/components/trpc";

/** Refreshes a deal page (and the lists) after a change. */
export function useRefreshDeal(dealId: string) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  return () => Promise.all([
    qc.invalidateQueries({ queryKey: trpc.crm.deal.queryKey({ dealId }) }),
    qc.invalidateQueries({ queryKey: trpc.crm.myTasks.queryKey() }),
  ]);
}
