import type { NextAuthConfig } from "next-auth";
import { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { z } from "zod";
import { getDb } from "@/db";
import { authenticate } from "@/lib/auth/authenticate";
import { clientIpFrom } from "@/lib/auth/client-ip";
import { SignInRefused } from "@/lib/auth/sign-in-refused";
import { describeError, log } from "@/lib/log";

declare module "next-auth" {
  interface User {
    institutionId?: string;
    personId?: string | null;
  }
  /** Identifiers only: capabilities are loaded fresh on every request (current-actor.ts). */
  interface Session {
    userId: string;
    personId: string | null;
    institutionId: string;
  }
}

const credentialsSchema = z.object({
  email: z.string().trim().min(1).max(320),
  password: z.string().min(1).max(1024),
});

/**
 * Auth.js: email + password (Credentials) with JWT sessions and no adapter. The token holds the
 * user, person and institution ids; a disabled user's token stops working at the next request
 * because `loadActor` refuses them.
 */
export const authConfig = {
  providers: [
    Credentials({
      credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
      async authorize(credentials, request) {
        const parsed = credentialsSchema.safeParse(credentials);
        if (!parsed.success) throw new SignInRefused({ ok: false, reason: "invalid" });
        const result = await authenticate(
          { db: getDb(), now: new Date() },
          { ...parsed.data, ip: clientIpFrom(request.headers) },
        );
        if (!result.ok) throw new SignInRefused(result);
        const { user } = result;
        return {
          id: user.userId,
          name: user.displayName,
          email: user.email,
          personId: user.personId,
          institutionId: user.institutionId,
        };
      },
    }),
  ],
  session: { strategy: "jwt", maxAge: 12 * 60 * 60 },
  pages: { signIn: "/sign-in", error: "/sign-in" },
  callbacks: {
    jwt({ token, user }) {
      if (user?.id && user.institutionId) {
        token.userId = user.id;
        token.personId = user.personId ?? null;
        token.institutionId = user.institutionId;
      }
      return token;
    },
    session({ session, token }) {
      const userId = typeof token.userId === "string" ? token.userId : "";
      return {
        ...session,
        userId,
        personId: typeof token.personId === "string" ? token.personId : null,
        institutionId: typeof token.institutionId === "string" ? token.institutionId : "",
        user: { ...session.user, id: userId },
      };
    },
  },
  events: {
    signIn({ user }) {
      log.info("signed in", { userId: user.id });
    },
  },
  logger: {
    error(error) {
      // A refused sign-in is expected; log its reason, not a stack trace.
      if (error instanceof CredentialsSignin) log.info("sign-in refused", { reason: error.code });
      else {
        const cause = (error as { cause?: { err?: unknown } }).cause?.err;
        log.error("auth error", { ...describeError(error), ...(cause ? { err: describeError(cause, true) } : {}) });
      }
    },
    warn(code) {
      log.warn("auth warning", { code });
    },
    debug() {},
  },
} satisfies NextAuthConfig;
