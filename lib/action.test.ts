import { beforeEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import type { Actor } from "@/lib/auth/capabilities";
import { AppError } from "@/lib/errors";

const state = vi.hoisted(() => ({ actor: null as unknown, revalidated: [] as string[] }));

// The session is Next's and Auth.js's business; here the signed-in actor is given.
vi.mock("@/lib/auth/current-actor", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/lib/auth/current-actor")>()),
  requireActor: async () => {
    if (!state.actor) throw Object.assign(new Error("NEXT_REDIRECT"), { digest: "NEXT_REDIRECT;replace;/sign-in;307;" });
    return state.actor;
  },
}));
vi.mock("next/cache", () => ({ revalidatePath: (p: string) => state.revalidated.push(p) }));

const { action, formDataToObject } = await import("./action");

const advisor: Actor = {
  kind: "user",
  userId: "u1",
  personId: "p1",
  institutionId: "i1",
  displayName: "Ada Advisor",
  email: "ada@example.edu",
  capabilities: { admin: false, operator: false, staff: true, student: false, permittedSender: true },
};

const schema = z.object({ name: z.string().trim().min(1, "Enter a name."), count: z.coerce.number().int().default(1) });

beforeEach(() => {
  state.actor = advisor;
  state.revalidated = [];
});

describe("formDataToObject", () => {
  it("keeps single values, gathers repeated and [] names into arrays, drops Next's fields", () => {
    const fd = new FormData();
    fd.append("name", "Ada");
    fd.append("roles", "A");
    fd.append("roles", "B");
    fd.append("ids[]", "x");
    fd.append("$ACTION_ID_abc", "");
    expect(formDataToObject(fd)).toEqual({ name: "Ada", roles: ["A", "B"], ids: ["x"] });
  });
});

describe("action", () => {
  it("parses FormData, passes ctx and input, revalidates, answers ok", async () => {
    const run = action(schema, { permission: "messages.text", revalidate: "/messages" }, async ({ ctx, input }) => ({
      who: ctx.actor.userId,
      input,
      hasDb: typeof ctx.db.select === "function",
      now: ctx.now instanceof Date,
    }));
    const fd = new FormData();
    fd.append("name", " Ada ");
    fd.append("count", "3");
    expect(await run(fd)).toEqual({ ok: true, data: { who: "u1", input: { name: "Ada", count: 3 }, hasDb: true, now: true } });
    expect(state.revalidated).toEqual(["/messages"]);
  });

  it("takes (previous state, input) as useActionState calls it", async () => {
    const run = action(schema, {}, async ({ input }) => input.name);
    expect(await run(null, { name: "Bo" })).toEqual({ ok: true, data: "Bo" });
  });

  it("answers field errors without calling fn", async () => {
    const fn = vi.fn();
    const run = action(schema, {}, fn);
    expect(await run({ name: "  " })).toEqual({ ok: false, error: "Check the highlighted fields.", fieldErrors: { name: "Enter a name." } });
    expect(fn).not.toHaveBeenCalled();
  });

  it("refuses an actor the policy does not allow", async () => {
    const fn = vi.fn();
    const run = action(schema, { permission: "administration.open" }, fn);
    expect(await run({ name: "x" })).toEqual({ ok: false, error: "You don't have permission to do that.", fieldErrors: {} });
    expect(fn).not.toHaveBeenCalled();
  });

  it("lets the sign-in redirect through when signed out", async () => {
    state.actor = null;
    await expect(action(schema, {}, async () => 1)({ name: "x" })).rejects.toThrow("NEXT_REDIRECT");
  });

  it("turns an AppError into its message and field errors, and does not revalidate", async () => {
    const run = action(schema, { revalidate: "/x" }, async () => {
      throw new AppError("CONFLICT", "That name is taken.", { name: "Taken." });
    });
    expect(await run({ name: "x" })).toEqual({ ok: false, error: "That name is taken.", fieldErrors: { name: "Taken." } });
    expect(state.revalidated).toEqual([]);
  });

  it("logs anything else and answers a generic message", async () => {
    const write = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    const run = action(schema, {}, async function saveThing() {
      throw new Error("connection reset");
    });
    expect(await run({ name: "x" })).toEqual({ ok: false, error: "Something went wrong. Please try again.", fieldErrors: {} });
    const line = JSON.parse(String(write.mock.calls[0][0]));
    expect(line).toMatchObject({ level: "error", msg: "server action failed", action: "saveThing", userId: "u1", err: { message: "connection reset" } });
    write.mockRestore();
  });

  it("rethrows Next's redirect thrown by fn", async () => {
    const run = action(schema, {}, async () => {
      throw Object.assign(new Error("NEXT_REDIRECT"), { digest: "NEXT_REDIRECT;push;/people/1;307;" });
    });
    await expect(run({ name: "x" })).rejects.toThrow("NEXT_REDIRECT");
  });
});
