/**
 * tRPC: context (session, company, role, request id, logger) and the procedures every router uses.
 *   publicProcedure · authedProcedure · tenantProcedure(roles?) · superAdminProcedure
 * Errors: domain code throws AppError; the formatter maps it to a tRPC code and shows its Russian message;
 * zod errors are flattened into `data.fieldErrors`.
 */
import { randomUUID } from "node:crypto";
import "../zod-locale";
import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";
import { ZodError } from "zod";
import { auth } from "../auth/auth";
import { clientIp } from "../auth/client-ip";
import { db } from "../db";
import { AppError } from "../errors";
import { logger } from "../logger";
import { getMembership } from "../tenancy/get-membership";
import type { TActor, TRole } from "../tenancy/roles";
import type { TModuleId } from "../tenancy/modules";
import { getCompany } from "../tenancy/update-company";

export type TContextUser = { id: string; email: string; name: string; superAdmin: boolean };

export async function createContext(opts: { headers: Headers }) {
  const requestId = opts.headers.get("x-request-id") || randomUUID();
  const ip = clientIp(opts.headers);
  const session = await auth();
  let user: TContextUser | null = null;
  if (session?.user?.id) {
    user = await db().user.findUnique({
      where: { id: session.user.id },
      select: { id: true, email: true, name: true, superAdmin: true },
    });
  }
  const companyId = user ? (session?.companyId ?? null) : null;
  return {
    requestId,
    ip,
    user,
    companyId,
    log: logger.child({ requestId, companyId, userId: user?.id }),
  };
}

export type TContext = Awaited<ReturnType<typeof createContext>>;

const APP_TO_TRPC: Record<AppError["code"], TRPCError["code"]> = {
  BAD_REQUEST: "BAD_REQUEST",
  UNAUTHORIZED: "UNAUTHORIZED",
  FORBIDDEN: "FORBIDDEN",
  NOT_FOUND: "NOT_FOUND",
  CONFLICT: "CONFLICT",
  TOO_MANY_REQUESTS: "TOO_MANY_REQUESTS",
  PRECONDITION_FAILED: "PRECONDITION_FAILED",
  UPSTREAM: "BAD_GATEWAY",
  INTERNAL: "INTERNAL_SERVER_ERROR",
};

const GENERIC_MESSAGES: Partial<Record<TRPCError["code"], string>> = {
  UNAUTHORIZED: "Требуется вход в систему",
  FORBIDDEN: "Недостаточно прав",
  NOT_FOUND: "Не найдено",
  BAD_REQUEST: "Проверьте введённые данные",
  INTERNAL_SERVER_ERROR: "Внутренняя ошибка. Мы уже знаем о ней; повторите попытку позже.",
};

/** AppError details may carry { fieldErrors: { field: message } }: same shape as zod's flattened errors. */
function appFieldErrors(app: AppError | null): Record<string, string[]> | undefined {
  const fe = app?.details?.fieldErrors as Record<string, string> | undefined;
  return fe ? Object.fromEntries(Object.entries(fe).map(([k, v]) => [k, [v]])) : undefined;
}

const t = initTRPC.context<TContext>().create({
  transformer: superjson,
  errorFormatter({ shape, error }) {
    const cause = error.cause;
    const zod = cause instanceof ZodError ? cause : null;
    const app = cause instanceof AppError ? cause : null;
    const message = app?.userMessage ?? (zod ? GENERIC_MESSAGES.BAD_REQUEST! : error.code === "INTERNAL_SERVER_ERROR" ? GENERIC_MESSAGES.INTERNAL_SERVER_ERROR! : error.message);
    return {
      ...shape,
      message,
      data: {
        code: shape.data.code,
        httpStatus: shape.data.httpStatus,
        fieldErrors: zod ? zod.flatten().fieldErrors : appFieldErrors(app),
      },
    };
  },
});

export const createCallerFactory = t.createCallerFactory;
export const router = t.router;

/** Turns AppError into TRPCError (keeping it as the cause), logs unexpected errors once. */
const errorMapping = t.middleware(async ({ ctx, next, path }) => {
  const result = await next();
  if (!result.ok) {
    const cause = result.error.cause;
    if (cause instanceof AppError) {
      throw new TRPCError({ code: APP_TO_TRPC[cause.code], message: cause.userMessage, cause });
    }
    if (result.error.code === "INTERNAL_SERVER_ERROR") ctx.log.error({ err: result.error.cause ?? result.error, path }, "procedure failed");
  }
  return result;
});

export const publicProcedure = t.procedure.use(errorMapping);

export const authedProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.user) throw new TRPCError({ code: "UNAUTHORIZED", message: GENERIC_MESSAGES.UNAUTHORIZED });
  return next({ ctx: { ...ctx, user: ctx.user } });
});

export type TTenant = { companyId: string; role: TRole; actor: TActor };

/** Requires an active membership in the session's company, and (optionally) one of `roles`. */
export function tenantProcedure(roles?: readonly TRole[]) {
  return authedProcedure.use(async ({ ctx, next }) => {
    if (!ctx.companyId) throw new TRPCError({ code: "FORBIDDEN", message: "Выберите компанию" });
    const membership = await getMembership(ctx.companyId, ctx.user.id);
    if (!membership) throw new TRPCError({ code: "FORBIDDEN", message: "Нет доступа к этой компании" });
    if (roles && !roles.includes(membership.role)) {
      throw new TRPCError({ code: "FORBIDDEN", message: GENERIC_MESSAGES.FORBIDDEN });
    }
    const tenant: TTenant = {
      companyId: ctx.companyId,
      role: membership.role,
      actor: { userId: ctx.user.id, name: ctx.user.name, ip: ctx.ip, requestId: ctx.requestId },
    };
    return next({ ctx: { ...ctx, tenant } });
  });
}

export const superAdminProcedure = authedProcedure.use(({ ctx, next }) => {
  if (!ctx.user.superAdmin) throw new TRPCError({ code: "FORBIDDEN", message: GENERIC_MESSAGES.FORBIDDEN });
  return next();
});

/** A tenant procedure of one product module: refused while the company has the module switched off. */
export function moduleProcedure(module: TModuleId, roles?: readonly TRole[]) {
  return tenantProcedure(roles).use(async ({ ctx, next }) => {
    const company = await getCompany(ctx.tenant.companyId);
    if (!company.enabledModules.includes(module)) {
      throw new TRPCError({ code: "FORBIDDEN", message: "Модуль не включён для компании. Включите его в настройках компании." });
    }
    return next();
  });
}
