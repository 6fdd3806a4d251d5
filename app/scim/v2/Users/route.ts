import { createScimUser, listScimUsers } from "@/lib/scim/scim-users";
import { readScimBody, scimRoute } from "@/lib/scim/scim-route";
import { scimResponse } from "@/lib/scim/scim-error";

/** SCIM 2.0 (issue 19.4): list and filter the institution's users; create one. */
export const GET = scimRoute(({ ctx, request }) => listScimUsers({ ctx, input: new URL(request.url).searchParams }));

export const POST = scimRoute(async ({ ctx, request }) => {
  const user = await createScimUser({ ctx, input: await readScimBody(request) });
  return scimResponse(user, 201, { Location: user.meta.location });
});
