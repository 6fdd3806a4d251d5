"use server";

import { AuthError } from "next-auth";
import { redirect } from "next/navigation";
import { z } from "zod";
import { getDb } from "@/db";
import { signIn, signInWithOidcConnection, signOut } from "@/lib/auth";
import { safeCallbackPath } from "@/lib/auth/callback-url";
import { signInErrorMessage } from "@/lib/auth/sign-in-refused";
import { routeSignIn, samlStartPath, type SsoChoice } from "@/lib/auth/sso/sign-in-route";

/**
 * The sign-in page's steps (issue 19.2): `email` asks for the address; `password` asks for the
 * password of an email whose institution has no SSO, or of one who chose their password where
 * the institution allows it beside SSO; `choose` lists the institution's SSO connections — and,
 * where passwords are allowed, "Sign in with a password" — unless there is one connection and
 * no password, when the browser goes straight to the provider.
 */
export type SignInState = {
  step?: "email" | "password" | "choose";
  error?: string;
  fieldErrors?: { email?: string; password?: string };
  email?: string;
  connections?: SsoChoice[];
  passwordAllowed?: boolean;
};

const emailForm = z.object({ email: z.string().trim().min(1, "Enter your email address.").max(320) });
const form = z.object({
  email: z.string().trim().min(1, "Enter your email address."),
  password: z.string().min(1, "Enter your password."),
});

/** Sends the browser to the provider (Next's redirect, thrown); an unreachable provider is told on the email step. */
async function startSso(choice: SsoChoice, email: string, callbackUrl: string): Promise<SignInState> {
  if (choice.protocol === "saml") redirect(samlStartPath(choice.connectionId, callbackUrl));
  try {
    return await signInWithOidcConnection(choice.connectionId, callbackUrl);
  } catch (err) {
    if (err instanceof AuthError) return { step: "email", email, error: `${choice.displayName} cannot be reached right now. Try again in a moment, or ask your administrator.` };
    throw err;
  }
}

/** The sign-in form's one action; the submit button's `intent` names the step. */
export async function submitSignIn(previous: SignInState, data: FormData): Promise<SignInState> {
  if (data.has("changeEmail")) return { step: "email", email: String(data.get("email") ?? "") };
  // The password is checked (and refused where the institution allows none) when it is submitted.
  if (data.has("usePassword")) return { step: "password", email: String(data.get("email") ?? "") };
  const intent = data.get("intent");
  if (intent === "password") return signInWithPassword(previous, data);
  if (intent === "sso") return continueWithSso(previous, data);
  return continueWithEmail(previous, data);
}

/** Step one: the email decides the way in — its institution's SSO (straight to the provider when it is the only way) or a password. */
async function continueWithEmail(_previous: SignInState, data: FormData): Promise<SignInState> {
  const email = String(data.get("email") ?? "");
  const parsed = emailForm.safeParse({ email });
  if (!parsed.success) return { step: "email", email, fieldErrors: { email: z.flattenError(parsed.error).fieldErrors.email?.[0] } };
  const route = await routeSignIn({ ctx: { db: getDb() }, input: parsed.data });
  if (route.method === "password") return { step: "password", email: parsed.data.email };
  if (route.connections.length === 1 && !route.passwordAllowed) return startSso(route.connections[0], parsed.data.email, safeCallbackPath(data.get("callbackUrl")));
  return { step: "choose", email: parsed.data.email, connections: route.connections, passwordAllowed: route.passwordAllowed };
}

/** A button of the `choose` step: the connection must be one the email's institution offers. */
async function continueWithSso(_previous: SignInState, data: FormData): Promise<SignInState> {
  const email = String(data.get("email") ?? "");
  const route = await routeSignIn({ ctx: { db: getDb() }, input: { email } });
  const choice = route.method === "sso" ? route.connections.find((c) => c.connectionId === data.get("connectionId")) : undefined;
  if (!choice) return { step: "email", email, error: "This single sign-on connection is not available. Enter your email again." };
  return startSso(choice, email, safeCallbackPath(data.get("callbackUrl")));
}

/** The password step. On success Auth.js sets the session cookie and redirects. */
async function signInWithPassword(_previous: SignInState, data: FormData): Promise<SignInState> {
  const email = String(data.get("email") ?? "");
  const parsed = form.safeParse({ email, password: data.get("password") ?? "" });
  if (!parsed.success) {
    const errors = z.flattenError(parsed.error).fieldErrors;
    return { step: "password", email, fieldErrors: { email: errors.email?.[0], password: errors.password?.[0] } };
  }
  try {
    await signIn("credentials", { ...parsed.data, redirectTo: safeCallbackPath(data.get("callbackUrl")) });
  } catch (err) {
    // Success throws Next's redirect, which must propagate; only Auth.js errors are answers.
    if (err instanceof AuthError) return { step: "password", email, error: signInErrorMessage(err) };
    throw err;
  }
  return {};
}

export async function signOutAndReturn(): Promise<void> {
  await signOut({ redirectTo: "/sign-in" });
}
