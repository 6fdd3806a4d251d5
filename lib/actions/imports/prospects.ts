"use server";

import { action } from "@/lib/action";
import { addProspect, prospectFormSchema } from "@/lib/imports/upload-prospects";

/** Administration → Imports → Add a prospect: one prospect whose phone is verified by the admin now. */
export const addProspectAction = action(prospectFormSchema, { permission: "imports.run", revalidate: "/admin/imports" }, async ({ ctx, input }) => {
  const result = await addProspect({ ctx, input });
  return { importId: result.id, created: result.created > 0 };
});
