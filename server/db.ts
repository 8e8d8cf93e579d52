/**
 * Database access. The app connects as the non-owner role `pult_app`, so PostgreSQL row-level security
 * applies to every tenant table. Isolation is enforced twice:
 *  1. `withTenant(companyId, fn)` runs `fn` in a transaction where `app.company_id` is set (RLS), and
 *     through a client extension that injects `companyId` into every tenant-model query;
 *  2. the RLS policies themselves: a query without tenant context sees no tenant rows at all.
 * `withSystem(fn)` is for the few named cross-tenant operations (sign-in, invitation lookup, schedulers,
 * the stale-run sweeper); it sets `app.bypass_rls` for that transaction only.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient, Prisma } from "./generated/prisma/client";
import { getEnv } from "./env";

export { Prisma };
export type TTx = Prisma.TransactionClient;

/** Models that carry `companyId` and are protected by RLS. A test keeps this in sync with the schema. */
export const TENANT_MODELS: ReadonlySet<string> = new Set([
  "ProcTelegramLink",
  "ProcTelegramNotice",
  "CrmTelegramNotice",
  "CrmSavedFilter",
  "TelegramPollCursor",
  "Membership",
  "Invitation",
  "AuditLog",
  "IntegrationConfig",
  "JobRun",
  "JobRunEvent",
  "ExportSettings",
  "ExportConfig",
  "CrmClient", "CrmDeal", "CrmDealParticipant", "CrmJournalEntry", "CrmDocument", "CrmTask", "CrmInsurer", "CrmProduct",
  "CrmCalculation", "CrmPolicy", "CrmInstallment", "CrmPayment", "CrmIncome", "CrmExpense", "CrmNotification",
  "AutomationRule",
  "SourceEvent",
  "AutomationEndpoint",
  "CrossCompanyJob",
  "Dealer",
  "DealerTemplate",
  "DealerDelivery",
  "ProcSettings",
  "ProcCounter",
  "ProcClient",
  "ProcSupplier",
  "ProcMailMessage",
  "ProcAttachment",
  "ProcOrder",
  "ProcOrderItem",
  "ProcRfq",
  "ProcQuote",
  "ProcQuoteItem",
  "ProcOffer",
  "ProcAiUsage",
  "CrmCalculation", "CrmPolicy", "CrmInstallment", "CrmPayment", "CrmIncome", "CrmExpense", "CrmNotification", "CrmSearchWord", "CrmReminderSettings", "CrmNotificationPreference",
]);

const WHERE_OPS = new Set([
  "findUnique", "findUniqueOrThrow", "findFirst", "findFirstOrThrow", "findMany", "count", "aggregate",
  "groupBy", "update", "updateMany", "updateManyAndReturn", "delete", "deleteMany",
]);

type TArgs = Record<string, unknown> & { where?: object; data?: unknown; create?: object };

function withCompany(data: unknown, companyId: string): unknown {
  if (!data || typeof data !== "object") return data;
  const row = data as Record<string, unknown>;
  if (row.companyId !== undefined && row.companyId !== companyId) {
    throw new Error("Tenant violation: attempt to write a row of another company");
  }
  return { ...row, companyId };
}

/** Adds the tenant's companyId to a query's arguments (exported for unit tests). */
export function scopeArgs(operation: string, args: TArgs | undefined, companyId: string): TArgs {
  const a: TArgs = { ...(args ?? {}) };
  if (WHERE_OPS.has(operation) || operation === "upsert") a.where = { ...(a.where ?? {}), companyId };
  if (operation === "create") a.data = withCompany(a.data, companyId);
  if (operation === "createMany" || operation === "createManyAndReturn") {
    a.data = Array.isArray(a.data) ? a.data.map((d) => withCompany(d, companyId)) : withCompany(a.data, companyId);
  }
  if (operation === "upsert") a.create = withCompany(a.create, companyId) as object;
  return a;
}

// Kept on globalThis with the clients: Next may load this module more than once (several server chunks),
// and every copy must share the store that the client extension reads.
const globalForTenant = globalThis as unknown as { __pultTenantStore?: AsyncLocalStorage<{ companyId: string }> };
const tenantStore = (globalForTenant.__pultTenantStore ??= new AsyncLocalStorage<{ companyId: string }>());

function createClients(url: string) {
  const base = new PrismaClient({ adapter: new PrismaPg({ connectionString: url, max: getEnv().DATABASE_POOL_SIZE }) });
  const scoped = base.$extends({
    name: "tenant-scope",
    query: {
      $allModels: {
        $allOperations({ model, operation, args, query }) {
          if (!TENANT_MODELS.has(model)) return query(args);
          const store = tenantStore.getStore();
          if (!store) throw new Error(`Tenant context missing for ${model}.${operation}`);
          return query(scopeArgs(operation, args as TArgs, store.companyId) as typeof args);
        },
      },
    },
  });
  return { base, scoped };
}

type TClients = ReturnType<typeof createClients>;
const globalForDb = globalThis as unknown as { __pultDb?: TClients };

function clients(): TClients {
  if (!globalForDb.__pultDb) globalForDb.__pultDb = createClients(getEnv().appDatabaseUrl);
  return globalForDb.__pultDb;
}

/** The plain client (no tenant context): global tables only; tenant tables return nothing through RLS. */
export function db(): PrismaClient {
  return clients().base;
}

const TX_OPTIONS = { maxWait: 10_000, timeout: 30_000 } as const;

export const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Runs `fn` inside a transaction bound to one company (RLS + injected companyId). */
export function withTenant<T>(companyId: string, fn: (tx: TTx) => Promise<T>, opts?: { timeout?: number }): Promise<T> {
  if (!UUID_RE.test(companyId)) throw new Error("withTenant: companyId must be a uuid");
  return tenantStore.run({ companyId }, () =>
    clients().scoped.$transaction(async (tx) => {
      await tx.$executeRaw`SELECT set_config('app.company_id', ${companyId}, true)`;
      return fn(tx as unknown as TTx);
    }, { ...TX_OPTIONS, ...opts }),
  );
}

/** Runs `fn` in a transaction that may see every company's rows. Use only for named system operations. */
export function withSystem<T>(fn: (tx: TTx) => Promise<T>, opts?: { timeout?: number }): Promise<T> {
  return clients().base.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT set_config('app.bypass_rls', 'on', true)`;
    return fn(tx);
  }, { ...TX_OPTIONS, ...opts });
}

export async function disconnectDb(): Promise<void> {
  const c = globalForDb.__pultDb;
  globalForDb.__pultDb = undefined;
  await c?.base.$disconnect();
}
