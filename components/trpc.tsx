"use client";

import { useState, type ReactNode } from "react";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { createTRPCClient, httpBatchLink, TRPCClientError } from "@trpc/client";
import { createTRPCContext } from "@trpc/tanstack-react-query";
import superjson from "superjson";
import type { TAppRouter } from "@/server/api/root";

export const { TRPCProvider, useTRPC } = createTRPCContext<TAppRouter>();

/** The Russian message to show for a failed call (AppError messages come through the error formatter). */
export function errorMessage(err: unknown): string {
  if (err instanceof TRPCClientError) return err.message;
  return "Не удалось выполнить запрос. Проверьте соединение и повторите.";
}

/** Per-field messages of a failed input validation, if any. */
export function fieldErrors(err: unknown): Record<string, string[] | undefined> {
  if (err instanceof TRPCClientError) return (err.data as { fieldErrors?: Record<string, string[]> } | undefined)?.fieldErrors ?? {};
  return {};
}

export function Providers({ children }: { children: ReactNode }) {
  const [queryClient] = useState(
    () => new QueryClient({
      defaultOptions: {
        queries: {
          staleTime: 10_000,
          retry: (count, err) => !(err instanceof TRPCClientError && [401, 403, 404].includes(err.data?.httpStatus)) && count < 2,
        },
      },
    }),
  );
  const [trpcClient] = useState(() =>
    createTRPCClient<TAppRouter>({ links: [httpBatchLink({ url: "/api/trpc", transformer: superjson })] }),
  );
  return (
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
        {children}
      </TRPCProvider>
    </QueryClientProvider>
  );
}
