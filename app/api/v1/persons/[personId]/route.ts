import { apiRoute, readJsonBody } from "@/lib/api/handler";
import { getPerson } from "@/lib/people/get-person";
import { updatePerson } from "@/lib/people/update-person";

type Params = { personId: string };

/** GET /api/v1/persons/{personId} — a person with emails, roles and phones. */
export const GET = apiRoute<Params>(({ ctx, params }) => getPerson({ ctx, input: { personId: params.personId } }));

/** PATCH /api/v1/persons/{personId} — changes a person (administrators). */
export const PATCH = apiRoute<Params>(async ({ ctx, request, params }) =>
  updatePerson({ ctx, input: { ...(await readJsonBody(request)), personId: params.personId } }),
);
