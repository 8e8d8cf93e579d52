/** Test data builders (system context) and a tRPC caller acting as a given member. */
import { randomBytes } from "node:crypto";
import { withSystem } from "../db";
import { hashPassword } from "../auth/passwords";
import { appRouter } from "../api/root";
import { createCallerFactory, type TContext } from "../api/trpc";
import { logger } from "../logger";
import type { TRole } from "../tenancy/roles";

const suffix = () => randomBytes(4).toString("hex");

export async function createCompany(name = `Компания ${suffix()}`, enabledModules: string[] = []) {
  return withSystem((tx) => tx.company.create({ data: { name, slug: `c-${suffix()}`, enabledModules } }));
}

export async function createMember(companyId: string, role: TRole, opts: { email?: string; password?: string; name?: string } = {}) {
  const email = opts.email ?? `${role}-${suffix()}@test.ru`;
  return withSystem(async (tx) => {
    const user = await tx.user.upsert({
      where: { email },
      update: {},
      create: { email, name: opts.name ?? `Тест ${role}`, passwordHash: await hashPassword(opts.password ?? "password123") },
    });
    const membership = await tx.membership.create({ data: { companyId, userId: user.id, role } });
    return { user, membership };
  });
}

const createCaller = createCallerFactory(appRouter);

export function callerFor(user: { id: string; email: string; name: string; superAdmin?: boolean } | null, companyId: string | null, log: TContext["log"] = logger) {
  const ctx: TContext = {
    requestId: `test-${suffix()}`,
    ip: "127.0.0.1",
    user: user ? { id: user.id, email: user.email, name: user.name, superAdmin: user.superAdmin ?? false } : null,
    companyId,
    log,
  };
  return createCaller(ctx);
}
