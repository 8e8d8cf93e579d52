/**
 * Auth.js (next-auth v5): email + password, JWT sessions. The token carries the user id and the active
 * company; the role is read fresh from the database on every request (server/api/trpc.ts), so a
 * deactivation or a role change takes effect at once.
 */
import NextAuth, { CredentialsSignin, type NextAuthConfig } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { z } from "zod";
import { getEnv } from "../env";
import { isAppError } from "../errors";
import { logger } from "../logger";
import { defaultCompany, listUserCompanies } from "../tenancy/list-user-companies";
import { authenticateUser } from "./authenticate-user";
import { clientIp } from "./client-ip";

declare module "next-auth" {
  interface Session {
    companyId?: string;
    /** The role in the active company at sign-in or switch time (display only: the server re-reads it). */
    role?: string;
  }
}

declare module "@auth/core/jwt" {
  interface JWT {
    uid?: string;
    companyId?: string;
    role?: string;
  }
}

export const LOGIN_ERROR_CODES = {
  TOO_MANY_REQUESTS: "rate_limited",
  FORBIDDEN: "disabled",
  UNAUTHORIZED: "invalid",
} as const;

class LoginError extends CredentialsSignin {
  constructor(code: string) {
    super();
    this.code = code;
  }
}

const ZCredentials = z.object({ email: z.string().trim().email(), password: z.string().min(1).max(200) });

function config(): NextAuthConfig {
  return {
    secret: getEnv().AUTH_SECRET,
    trustHost: true,
    session: { strategy: "jwt", maxAge: 12 * 60 * 60 },
    pages: { signIn: "/login" },
    logger: {
      error: (e) => { if (!(e instanceof CredentialsSignin)) logger.error({ err: e.message }, "auth error"); },
      warn: (code) => logger.warn({ code }, "auth warning"),
      debug: () => {},
    },
    providers: [
      Credentials({
        credentials: { email: {}, password: {} },
        async authorize(raw, request) {
          const parsed = ZCredentials.safeParse(raw);
          if (!parsed.success) throw new LoginError("invalid");
          try {
            const user = await authenticateUser({ ...parsed.data, ip: clientIp(request.headers) });
            return { id: user.id, email: user.email, name: user.name };
          } catch (err) {
            if (isAppError(err) && err.code in LOGIN_ERROR_CODES) {
              throw new LoginError(LOGIN_ERROR_CODES[err.code as keyof typeof LOGIN_ERROR_CODES]);
            }
            throw err;
          }
        },
      }),
    ],
    callbacks: {
      async jwt({ token, user, trigger, session }) {
        if (user?.id) {
          token.uid = user.id;
          const first = defaultCompany(await listUserCompanies(user.id));
          token.companyId = first?.companyId;
          token.role = first?.role;
        }
        const wanted = (session as { companyId?: unknown } | undefined)?.companyId;
        if (trigger === "update" && token.uid && typeof wanted === "string") {
          const target = (await listUserCompanies(token.uid)).find((c) => c.companyId === wanted);
          if (target) {
            token.companyId = target.companyId;
            token.role = target.role;
          }
        }
        return token;
      },
      session({ session, token }) {
        if (token.uid) session.user.id = token.uid;
        session.companyId = token.companyId;
        session.role = token.role;
        return session;
      },
    },
  };
}

export const { handlers, auth, signIn, signOut, unstable_update: updateSession } = NextAuth(() => config());
