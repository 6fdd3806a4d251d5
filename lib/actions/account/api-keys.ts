"use server";

import { action } from "@/lib/action";
import { createApiKeyInputSchema, createOwnApiKey, revokeApiKey, revokeApiKeyInputSchema } from "@/lib/auth/api-keys";

/** Creates a key acting as the signed-in user; the answer holds the key, shown once. */
export const createApiKeyAction = action(createApiKeyInputSchema, { revalidate: "/account/api-keys" }, ({ ctx, input }) =>
  createOwnApiKey({ ctx, input }),
);

/** Revokes one of the user's keys, or (administrators) any key of the institution. */
export const revokeApiKeyAction = action(revokeApiKeyInputSchema, { revalidate: "/account/api-keys" }, ({ ctx, input }) =>
  revokeApiKey({ ctx, input }),
);
