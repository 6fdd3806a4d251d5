import { discoveryList, userResourceType } from "@/lib/scim/discovery";
import { scimRoute } from "@/lib/scim/scim-route";

/** SCIM 2.0 discovery (RFC 7644 §4): the one resource type, User. */
export const GET = scimRoute(async ({ ctx }) => discoveryList([userResourceType(ctx.baseUrl)]));
