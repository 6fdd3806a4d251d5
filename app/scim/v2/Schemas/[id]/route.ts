import { userSchema } from "@/lib/scim/discovery";
import { ScimError } from "@/lib/scim/scim-error";
import { scimRoute } from "@/lib/scim/scim-route";

export const GET = scimRoute<{ id: string }>(async ({ ctx, params }) => {
  const schema = userSchema(ctx.baseUrl);
  if (decodeURIComponent(params.id) !== schema.id) throw new ScimError(404, "No such schema.");
  return schema;
});
