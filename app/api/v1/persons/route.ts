import { apiRoute, json, readJsonBody, readQuery } from "@/lib/api/handler";
import { createPerson } from "@/lib/people/create-person";
import { listPersons } from "@/lib/people/list-persons";

/** GET /api/v1/persons?q&limit&cursor&kind&role&deleted&order — one keyset page. */
export const GET = apiRoute(({ ctx, request }) => listPersons({ ctx, input: readQuery(request) }));

/** POST /api/v1/persons — creates a person (administrators). */
export const POST = apiRoute(async ({ ctx, request }) => {
  const person = await createPerson({ ctx, input: await readJsonBody(request), source: "API" });
  return json(person, 201, { Location: `/api/v1/persons/${person.id}` });
});
