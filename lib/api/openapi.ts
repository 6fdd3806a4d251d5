import { z } from "zod";

/** One REST operation as the OpenAPI document describes it; lib/api/operations.ts lists them all. */
export type ApiOperation = {
  /** operationId, e.g. "listPersons". */
  id: string;
  method: "get" | "post" | "put" | "patch" | "delete";
  /** Under /api/v1, with `{name}` path parameters, e.g. "/persons/{personId}". */
  path: string;
  tag: string;
  summary: string;
  description?: string;
  query?: z.ZodObject;
  /** Path parameters that are not uuids, e.g. `{ messageId: { type: "integer" } }`. */
  pathParams?: Record<string, Record<string, unknown>>;
  /** Request body: component name and schema (documented as the input the schema accepts). */
  body?: [name: string, schema: z.ZodType];
  /** Other media types the body may have besides JSON (e.g. text/csv), each a documented string. */
  textBodies?: { mediaType: string; description: string }[];
  response: { status: 200 | 201 | 202; description: string; body: [name: string, schema: z.ZodType] };
  /** Error statuses besides 401, 429 and 500, which every operation may answer. */
  errors: (400 | 403 | 404 | 409)[];
};

const errorSchema = z.object({
  error: z.object({
    code: z.enum(["VALIDATION", "UNAUTHENTICATED", "FORBIDDEN", "NOT_FOUND", "CONFLICT", "RATE_LIMITED", "INTERNAL"]),
    message: z.string().describe("Names the first offending field, e.g. `phones[0].number: …`."),
    fields: z.record(z.string(), z.string()).optional().describe("One message per field path."),
  }),
});

const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: "Invalid input; `error.fields` names each offending field.",
  401: "Missing, unknown, expired or revoked API key, or its user disabled or deleted.",
  403: "The key's user may not do this.",
  404: "Not found — also for ids of another institution.",
  409: "Conflicts with the current state: a source id already taken, or a send already released or cancelled.",
  429: "Too many requests with this API key in the current minute (API_RATE_LIMIT_PER_MINUTE, 600 by default). Wait the `Retry-After` seconds.",
  500: "Unexpected error (logged).",
};

type JsonSchema = Record<string, unknown>;

/** Component schemas of one direction (input for request bodies, output for responses), as $ref targets. */
function componentSchemas(entries: [string, z.ZodType][], io: "input" | "output"): Record<string, JsonSchema> {
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of entries) if (!registry.has(schema)) registry.add(schema, { id });
  const { schemas } = z.toJSONSchema(registry, {
    target: "draft-2020-12",
    io,
    unrepresentable: "any",
    uri: (id) => `#/components/schemas/${id}`,
  });
  return Object.fromEntries(
    Object.entries(schemas).map(([id, { $schema: _s, $id: _i, ...rest }]) => [id, rest as JsonSchema]),
  );
}

function queryParameters(query: z.ZodObject) {
  return Object.entries(query.shape).map(([name, field]) => {
    const { $schema: _s, description, ...schema } = z.toJSONSchema(field as z.ZodType, { target: "draft-2020-12", io: "input" });
    return { name, in: "query", required: !(field as z.ZodType).safeParse(undefined).success, description, schema };
  });
}

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const jsonContent = (name: string) => ({ "application/json": { schema: ref(name) } });

/** The OpenAPI 3.1 document of REST API v1, generated from the same zod schemas the services validate with. */
export function buildOpenApiDocument(operations: readonly ApiOperation[]) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of operations) {
    const pathParams = [...op.path.matchAll(/\{(\w+)\}/g)].map(([, name]) => ({
      name,
      in: "path",
      required: true,
      schema: op.pathParams?.[name] ?? { type: "string", format: "uuid" },
    }));
    const errors = [...op.errors, 401, 429, 500].sort();
    paths[op.path] ??= {};
    paths[op.path][op.method] = {
      operationId: op.id,
      tags: [op.tag],
      summary: op.summary,
      ...(op.description ? { description: op.description } : {}),
      parameters: [...pathParams, ...(op.query ? queryParameters(op.query) : [])],
      ...(op.body
        ? {
            requestBody: {
              required: true,
              content: {
                ...jsonContent(op.body[0]),
                ...Object.fromEntries((op.textBodies ?? []).map((t) => [t.mediaType, { schema: { type: "string", description: t.description } }])),
              },
            },
          }
        : {}),
      responses: {
        [op.response.status]: { description: op.response.description, content: jsonContent(op.response.body[0]) },
        ...Object.fromEntries(
          errors.map((s) => [
            s,
            {
              description: ERROR_DESCRIPTIONS[s],
              ...(s === 429 ? { headers: { "Retry-After": { description: "Seconds until the key's next window.", schema: { type: "integer" } } } } : {}),
              content: jsonContent("Error"),
            },
          ]),
        ),
      },
    };
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Student Success Messaging API",
      version: "1.0.0",
      description: "REST API v1. Every call acts as the user who owns the API key, within that user's institution.",
    },
    servers: [{ url: "/api/v1" }],
    security: [{ bearerAuth: [] }],
    paths,
    components: {
      securitySchemes: {
        bearerAuth: { type: "http", scheme: "bearer", description: "`sk_live_…` keys, created with `npm run api-key -- <email>`." },
      },
      schemas: {
        ...componentSchemas(operations.flatMap((op) => (op.body ? [op.body] : [])), "input"),
        ...componentSchemas([...operations.map((op) => op.response.body), ["Error", errorSchema]], "output"),
      },
    },
  };
}
