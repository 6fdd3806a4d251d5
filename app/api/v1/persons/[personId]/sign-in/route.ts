import { apiRoute, readJsonBody } from "@/lib/api/handler";
import { getSignInState, setSignInDisabled, signInUpdateBodySchema } from "@/lib/auth/user-sign-in";

type Params = { personId: string };

/** GET /api/v1/persons/{personId}/sign-in — whether the person's user may sign in (administrators). */
export const GET = apiRoute<Params>(({ ctx, params }) => getSignInState({ ctx, input: { personId: params.personId } }));

/** PATCH /api/v1/persons/{personId}/sign-in — `{ "disabled": true }` cuts the user off at once (administrators). */
export const PATCH = apiRoute<Params>(async ({ ctx, request, params }) => {
  const body = signInUpdateBodySchema.parse(await readJsonBody(request));
  return setSignInDisabled({ ctx, input: { personId: params.personId, disabled: body.disabled } });
});
