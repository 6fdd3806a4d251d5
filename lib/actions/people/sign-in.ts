"use server";

import { action } from "@/lib/action";
import { setSignInDisabled, setSignInDisabledInputSchema } from "@/lib/auth/user-sign-in";

/** The person header's Disable / Enable sign-in button (administrators; rules in lib/auth/user-sign-in.ts). */
export const setPersonSignInDisabled = action(
  setSignInDisabledInputSchema,
  { permission: "signIn.manage", revalidate: "/people" },
  ({ ctx, input }) => setSignInDisabled({ ctx, input }),
);
