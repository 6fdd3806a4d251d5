import type { NextAuthConfig } from "next-auth";
import { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { z } from "zod";
import { getDb } from "@/db";
import { bumpSessionVersion } from "@/db/queries/actors";
import { authenticate, type SignedInUser } from "@/lib/auth/authenticate";
import { oidcProvidersForPath } from "@/lib/auth/sso/oidc-providers";
import type { ExternalSignInRefusal } from "@/lib/auth/sso/refusals";
import { redeemSignInGrantForUser } from "@/lib/auth/sso/sign-in-grant";
import { clientIpFrom } from "@/lib/auth/client-ip";
import { isSessionTokenCurrent } from "@/lib/auth/session-token";
import { SignInRefused } from "@/lib/auth/sign-in-refused";
import { describeError, log } from "@/lib/log";

declare module "next-auth" {
  interface User {
    /** Our user's id where Auth.js replaces `id` with its own (OIDC profiles). */
    userId?: string;
    /** Set by an OIDC profile whose identity was refused (lib/auth/sso/oidc-providers.ts). */
    ssoRefusal?: ExternalSignInRefusal;
    institutionId?: string;
    personId?: string | null;
    sessionVersion?: number;
  }
  /** Identifiers only: capabilities are loaded fresh on every request (current-actor.ts). */
  interface Session {
    userId: string;
    personId: string | null;
    institutionId: string;
    sessionVersion: number;
  }
}

const credentialsSchema = z.object({
  email: z.string().trim().min(1).max(320),
  password: z.string().min(1).max(1024),
});
const grantSchema = z.object({ grant: z.string().min(1).max(200) });

const sessionUser = (user: SignedInUser) => ({
  id: user.userId,
  name: user.displayName,
  email: user.email,
  personId: user.personId,
  institutionId: user.institutionId,
  sessionVersion: user.sessionVersion,
});

/**
 * Auth.js: email + password (Credentials), SSO (issue 19: an institution's OIDC connection as
 * an `oidc-<connectionId>` provider, added per request by `authConfigFor`; SAML through a
 * one-time grant redeemed by the `sso-grant` Credentials provider) with JWT sessions and no adapter. The token holds the
 * user, person and institution ids and the user's session version. Every request that carries
 * a token checks it against the database (`isSessionTokenCurrent`, one indexed lookup): a token
 * from before a sign-out, or of a user since disabled or whose person was deleted, is dropped
 * (cookie cleared, visitor signed out), and `loadActor` refuses it again for pages and actions.
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
        return sessionUser(result.user);
      },
    }),
    /**
     * Redeems a one-time grant of lib/auth/sso/sign-in-grant.ts: a protocol handler (SAML) that
     * verified an identity signs the browser in with `signIn("sso-grant", { grant, redirectTo })`.
     */
    Credentials({
      id: "sso-grant",
      credentials: { grant: {} },
      async authorize(credentials) {
        const parsed = grantSchema.safeParse(credentials);
        const user = parsed.success ? await redeemSignInGrantForUser({ ctx: { db: getDb(), now: new Date() }, input: parsed.data }) : null;
        if (!user) throw new SignInRefused({ ok: false, reason: "grant" });
        return sessionUser(user);
      },
    }),
  ] as NextAuthConfig["providers"],
  session: { strategy: "jwt", maxAge: 12 * 60 * 60 },
  pages: { signIn: "/sign-in", error: "/sign-in" },
  callbacks: {
    /** An OIDC identity that signInWithExternalIdentity refused goes back to the sign-in page, which says why. */
    signIn({ user }) {
      return user.ssoRefusal ? `/sign-in?error=SsoRefused&code=${user.ssoRefusal}` : true;
    },
    async jwt({ token, user }) {
      const userId = user?.userId ?? user?.id;
      if (userId && user?.institutionId) {
        token.userId = userId;
        token.personId = user.personId ?? null;
        token.institutionId = user.institutionId;
        token.sessionVersion = user.sessionVersion ?? 0;
        return token;
      }
      // null makes Auth.js clear the cookie and answer "signed out" (the proxy then redirects).
      return (await isSessionTokenCurrent(getDb(), token)) ? token : null;
    },
    session({ session, token }) {
      const userId = typeof token.userId === "string" ? token.userId : "";
      return {
        ...session,
        userId,
        personId: typeof token.personId === "string" ? token.personId : null,
        institutionId: typeof token.institutionId === "string" ? token.institutionId : "",
        sessionVersion: typeof token.sessionVersion === "number" ? token.sessionVersion : -1,
        user: { ...session.user, id: userId },
      };
    },
  },
  events: {
    signIn({ user, account }) {
      log.info("signed in", { userId: user.userId ?? user.id, provider: account?.provider });
    },
    /**
     * Sign-out ends the session on the server too: the user's session version moves on, so
     * this token (and any copy of it) is refused from the next request. It signs the user out
     * of their other browsers as well, which is what a shared-computer sign-out should do.
     */
    async signOut(message) {
      const token = "token" in message ? message.token : null;
      if (typeof token?.userId !== "string" || typeof token.sessionVersion !== "number") return;
      await bumpSessionVersion(getDb(), token.userId, token.sessionVersion);
      log.info("signed out", { userId: token.userId });
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

/** The configuration with an SSO connection's providers added (see oidcProvidersForPath). */
export function authConfigWith(providers: NextAuthConfig["providers"]): NextAuthConfig {
  return { ...authConfig, providers: [...authConfig.providers, ...providers] };
}

/**
 * Auth.js's lazy configuration (lib/auth/index.ts): a request to sign in or back from an
 * institution's OIDC provider gets that connection's provider; every other request (pages, the
 * proxy, the session) gets the static providers without reading the database.
 */
export async function authConfigFor(req: { nextUrl?: { pathname: string }; url?: string } | undefined): Promise<NextAuthConfig> {
  const pathname = req?.nextUrl?.pathname ?? (req?.url ? new URL(req.url).pathname : undefined);
  const providers = await oidcProvidersForPath(pathname, { db: getDb(), now: () => new Date() });
  return providers.length > 0 ? authConfigWith(providers) : authConfig;
}
