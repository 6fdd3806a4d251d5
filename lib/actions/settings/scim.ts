"use server";

import { z } from "zod";
import { action } from "@/lib/action";
import { generateScimToken, revokeScimToken, scimOptionsInputSchema, updateScimOptions } from "@/lib/scim/scim-settings";

/*
 * Administration → Sign-in → SCIM (issue 19.4). Revalidates the Sign-in page and, until that
 * page is merged, the Application page that hosts the card meanwhile.
 */
const revalidate = ["/admin/sign-in"];

/** Generates (or rotates) the institution's SCIM token; the answer holds it, shown once. */
export const generateScimTokenAction = action(z.object({}), { permission: "scim.manage", revalidate }, ({ ctx }) => generateScimToken({ ctx }));

/** Revokes the institution's SCIM token: the directory is refused from its next request. */
export const revokeScimTokenAction = action(z.object({}), { permission: "scim.manage", revalidate }, async ({ ctx }) => {
  await revokeScimToken({ ctx });
  return null;
});

/** What deactivation does with the user's number, and the role of users the directory creates. */
export const saveScimOptionsAction = action(scimOptionsInputSchema, { permission: "scim.manage", revalidate }, ({ ctx, input }) =>
  updateScimOptions({ ctx, input }),
);
