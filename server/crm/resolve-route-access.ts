/**
 * For CRM route handlers (upload, download, notification stream) that cannot go through tRPC: the same checks
 * as `moduleProcedure("crm", CRM_ROLES)` — signed in, active membership in the session's company, the module
 * switched on, a CRM role.
 */
import { randomUUID } from "node:crypto";
import { auth } from "../auth/auth";
import { clientIp } from "../auth/client-ip";
import { db } from "../db";
import { AppError, isAppError } from "../errors";
import { logger } from "../logger";
import { getMembership } from "../tenancy/get-membership";
import { getCompany } from "../tenancy/update-company";
import { CRM_ROLES, type TCrmAccess } from "./access";

export async function resolveRouteAccess(headers: Headers): Promise<TCrmAccess> {
  const session = await auth();
  if (!session?.user?.id || !session.companyId) throw new AppError("UNAUTHORIZED", "Требуется вход в систему");
  const user = await db().user.findUnique({ where: { id: session.user.id }, select: { id: true, name: true } });
  if (!user) throw new AppError("UNAUTHORIZED", "Требуется вход в систему");
  const membership = await getMembership(session.companyId, user.id);
  if (!membership || !CRM_ROLES.includes(membership.role)) throw new AppError("FORBIDDEN", "Недостаточно прав");
  const company = await getCompany(session.companyId);
  if (!company.enabledModules.includes("crm")) throw new AppError("FORBIDDEN", "Модуль не включён для компании");
  return {
    companyId: session.companyId, role: membership.role,
    actor: { userId: user.id, name: user.name, ip: clientIp(headers), requestId: headers.get("x-request-id") || randomUUID() },
  };
}

const STATUS: Record<AppError["code"], number> = {
  BAD_REQUEST: 400, UNAUTHORIZED: 401, FORBIDDEN: 403, NOT_FOUND: 404, CONFLICT: 409, TOO_MANY_REQUESTS: 429,
  PRECONDITION_FAILED: 412, UPSTREAM: 502, INTERNAL: 500,
};

/** JSON error response with the Russian message; unexpected errors are logged and answered generically. */
export function errorResponse(err: unknown): Response {
  if (isAppError(err)) return Response.json({ error: err.userMessage }, { status: STATUS[err.code] });
  logger.error({ err }, "crm route failed");
  return Response.json({ error: "Внутренняя ошибка. Повторите попытку позже." }, { status: 500 });
}
