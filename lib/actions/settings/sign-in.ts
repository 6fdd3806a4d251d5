"use server";

import { z } from "zod";
import { action } from "@/lib/action";
import { removeOidcConnection, saveOidcConnection, testOidcDiscovery } from "@/lib/auth/sso/oidc-connection";
import { saveSignInSettings } from "@/lib/auth/sso/sign-in-settings";

/*
 * Administration → Sign-in (issue 19). The services validate their input themselves (zod),
 * so the forms' raw values pass through; the secret is encrypted by the service, never logged.
 */
const raw = z.record(z.string(), z.unknown());
const options = { permission: "signInSettings.manage", revalidate: "/admin/sign-in" } as const;

export const saveSignInOptions = action(raw, options, ({ ctx, input }) => saveSignInSettings({ ctx, input }));
export const saveOidcConnectionSettings = action(raw, options, ({ ctx, input }) => saveOidcConnection({ ctx, input }));
export const removeOidcConnectionSettings = action(raw, options, ({ ctx }) => removeOidcConnection({ ctx }));
export const testOidcConnection = action(raw, { permission: "signInSettings.manage" }, ({ ctx, input }) => testOidcDiscovery({ ctx, input }));
