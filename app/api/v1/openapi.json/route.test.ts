import { describe, expect, it } from "vitest";
import { API_OPERATIONS } from "@/lib/api/operations";
import { GET } from "./route";

function refsOf(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(refsOf);
  if (value && typeof value === "object") {
    return Object.entries(value).flatMap(([k, v]) => (k === "$ref" && typeof v === "string" ? [v] : refsOf(v)));
  }
  return [];
}

describe("GET /api/v1/openapi.json", () => {
  it("describes every operation, with every $ref resolving to a component", async () => {
    const doc = await GET().json();
    expect(doc.openapi).toBe("3.1.0");
    for (const op of API_OPERATIONS) expect(doc.paths[op.path][op.method].operationId).toBe(op.id);
    const names = Object.keys(doc.components.schemas);
    expect(names).toEqual(expect.arrayContaining(["PersonCreate", "PersonUpdate", "Person", "PersonListPage", "SmsSettings", "SmsSettingsUpdate", "Error"]));
    for (const ref of refsOf(doc)) expect(names).toContain(ref.replace("#/components/schemas/", ""));
    expect(doc.components.schemas.PersonCreate.additionalProperties).toBe(false);
    expect(doc.paths["/persons"].get.parameters.map((p: { name: string }) => p.name)).toEqual(["q", "kind", "sms", "role", "team", "textable", "limit", "cursor", "deleted", "order"]);
  });
});
