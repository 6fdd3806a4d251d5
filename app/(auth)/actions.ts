"use server";

import { AuthError } from "next-auth";
import { z } from "zod";
import { signIn, signOut } from "@/lib/auth";
import { safeCallbackPath } from "@/lib/auth/callback-url";
import { signInErrorMessage } from "@/lib/auth/sign-in-refused";

export type SignInState = { error?: string; fieldErrors?: { email?: string; password?: string }; email?: string };

const form = z.object({
  email: z.string().trim().min(1, "Enter your email address."),
  password: z.string().min(1, "Enter your password."),
});

/** The sign-in form's action. On success Auth.js sets the session cookie and redirects. */
export async function signInWithPassword(_previous: SignInState, data: FormData): Promise<SignInState> {
  const email = String(data.get("email") ?? "");
  const parsed = form.safeParse({ email, password: data.get("password") ?? "" });
  if (!parsed.success) {
    const errors = z.flattenError(parsed.error).fieldErrors;
    return { email, fieldErrors: { email: errors.email?.[0], password: errors.password?.[0] } };
  }
  try {
    await signIn("credentials", { ...parsed.data, redirectTo: safeCallbackPath(data.get("callbackUrl")) });
  } catch (err) {
    // Success throws Next's redirect, which must propagate; only Auth.js errors are answers.
    if (err instanceof AuthError) return { email, error: signInErrorMessage(err) };
    throw err;
  }
  return {};
}

export async function signOutAndReturn(): Promise<void> {
  await signOut({ redirectTo: "/sign-in" });
}
