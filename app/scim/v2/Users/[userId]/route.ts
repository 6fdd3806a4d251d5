import { deleteScimUser, getScimUser, patchScimUser, replaceScimUser } from "@/lib/scim/scim-users";
import { readScimBody, scimRoute } from "@/lib/scim/scim-route";

/** SCIM 2.0 (issue 19.4): one user of the institution; `active: false` or DELETE cuts their sign-in off at once. */
type Params = { userId: string };

export const GET = scimRoute<Params>(({ ctx, params }) => getScimUser({ ctx, input: params }));

export const PUT = scimRoute<Params>(async ({ ctx, request, params }) => replaceScimUser({ ctx, input: { ...params, body: await readScimBody(request) } }));

export const PATCH = scimRoute<Params>(async ({ ctx, request, params }) => patchScimUser({ ctx, input: { ...params, body: await readScimBody(request) } }));

export const DELETE = scimRoute<Params>(async ({ ctx, params }) => {
  await deleteScimUser({ ctx, input: params });
  return new Response(null, { status: 204 });
});
