import type { Db } from "@/db";
import { createInstitution, createPerson, createUser, type FactoryInstitution, type FactoryPerson } from "@/db/factories";
import { createApiKey } from "@/lib/auth/api-keys";

/** Who calls the API in route tests: every role of institution A, and B's administrator. */
export type ApiRole = "admin" | "advisor" | "faculty" | "student" | "operator" | "lakesideAdmin";

export type ApiFixture = {
  north: FactoryInstitution;
  lake: FactoryInstitution;
  people: Record<Exclude<ApiRole, "operator">, FactoryPerson>;
  keys: Record<ApiRole, string>;
  userIds: Record<ApiRole, string>;
};

/**
 * Two institutions with one API key per role: admin, advisor (permitted to text), faculty
 * (staff, not permitted), student and operator of A; lakesideAdmin of B.
 */
export async function createApiFixture(db: Db): Promise<ApiFixture> {
  const north = await createInstitution(db, { smsMonthlyLimit: 300, smsPhoneNumberLimit: 4 });
  const lake = await createInstitution(db);
  const people = {
    admin: await createPerson(db, north, { kind: "staff", roles: ["ADMIN"] }),
    advisor: await createPerson(db, north, { kind: "staff", roles: ["ADVISOR"] }),
    faculty: await createPerson(db, north, { kind: "staff", roles: ["FACULTY"] }),
    student: await createPerson(db, north, { kind: "student", phones: [{ number: "+13125550101" }] }),
    lakesideAdmin: await createPerson(db, lake, { kind: "staff", roles: ["ADMIN"] }),
  };
  const users = {
    admin: await createUser(db, people.admin),
    advisor: await createUser(db, people.advisor),
    faculty: await createUser(db, people.faculty),
    student: await createUser(db, people.student),
    operator: await createUser(db, north, { operator: true }),
    lakesideAdmin: await createUser(db, people.lakesideAdmin),
  };
  const keys = {} as Record<ApiRole, string>;
  const userIds = {} as Record<ApiRole, string>;
  for (const [role, user] of Object.entries(users) as [ApiRole, { id: string }][]) {
    keys[role] = (await createApiKey(db, user.id))!.key;
    userIds[role] = user.id;
  }
  return { north, lake, people, keys, userIds };
}

type Handler<P> = (request: Request, route: { params: Promise<P> }) => Promise<Response>;

/** Calls a route handler as Next would, with an optional Bearer key and JSON body. */
export async function callRoute<P extends Record<string, string>>(
  handler: Handler<P>,
  opts: { key?: string; method?: string; path?: string; params?: P; body?: unknown; rawBody?: string },
): Promise<{ status: number; body: any; headers: Headers }> {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (opts.key) headers.authorization = `Bearer ${opts.key}`;
  const request = new Request(`http://localhost${opts.path ?? "/api/v1/test"}`, {
    method: opts.method ?? "GET",
    headers,
    body: opts.rawBody ?? (opts.body === undefined ? undefined : JSON.stringify(opts.body)),
  });
  const response = await handler(request, { params: Promise.resolve((opts.params ?? {}) as P) });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null, headers: response.headers };
}
