import { userResourceType } from "@/lib/scim/discovery";
import { ScimError } from "@/lib/scim/scim-error";
import { scimRoute } from "@/lib/scim/scim-route";

export const GET = scimRoute<{ id: string }>(async ({ ctx, params }) => {
  const type = userResourceType(ctx.baseUrl);
  if (params.id !== type.id) throw new ScimError(404, "No such resource type.");
  return type;
});
