import { discoveryList, userSchema } from "@/lib/scim/discovery";
import { scimRoute } from "@/lib/scim/scim-route";

/** SCIM 2.0 discovery (RFC 7644 §4): the User schema, with the attributes this service keeps. */
export const GET = scimRoute(async ({ ctx }) => discoveryList([userSchema(ctx.baseUrl)]));
