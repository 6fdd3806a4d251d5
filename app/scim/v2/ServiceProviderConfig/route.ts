import { serviceProviderConfig } from "@/lib/scim/discovery";
import { scimRoute } from "@/lib/scim/scim-route";

/** SCIM 2.0 discovery (RFC 7644 §4): what this service supports. */
export const GET = scimRoute(async ({ ctx }) => serviceProviderConfig(ctx.baseUrl));
