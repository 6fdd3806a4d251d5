import { getDb } from "@/db";
import { loadActor } from "@/lib/auth/load-actor";
import { createInstitution, createPerson, createUser, type FactoryInstitution } from "@/db/factories";
import type { Actor } from "@/lib/auth/capabilities";

/*
 * The setup the import tests share (lib/imports/*.test.ts): two institutions, and the actors
 * that import into them or are refused — Northfield's administrator and advisor, Lakeside's
 * administrator (another institution's rows are never touched).
 */

export type ImportFixtures = {
  north: FactoryInstitution;
  lake: FactoryInstitution;
  admin: Actor;
  advisor: Actor;
  lakeAdmin: Actor;
};

/** A staff member of `inst` with `roles` and a user, as the actor services see. */
export async function actorFor(inst: FactoryInstitution, roles: ("ADMIN" | "ADVISOR")[]): Promise<Actor> {
  const person = await createPerson(getDb(), inst, { kind: "staff", roles });
  return (await loadActor(getDb(), (await createUser(getDb(), person)).id))!;
}

/** Fresh institutions and actors (unique values: each call makes new ones). */
export async function createImportFixtures(): Promise<ImportFixtures> {
  const north = await createInstitution(getDb());
  const lake = await createInstitution(getDb());
  return {
    north,
    lake,
    admin: await actorFor(north, ["ADMIN"]),
    advisor: await actorFor(north, ["ADVISOR"]),
    lakeAdmin: await actorFor(lake, ["ADMIN"]),
  };
}

/** A CSV file's text from its lines. */
export const csv = (lines: string[]) => lines.join("\n") + "\n";
