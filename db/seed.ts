import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import { institutions } from "@/db/schema";
import { hashPassword } from "@/db/password";
import { ensureInstitution } from "./seed/institution";
import { lakesidePlan } from "./seed/lakeside";
import { northfieldPlan } from "./seed/northfield";
import type { InstitutionPlan } from "./seed/plan";
import { writeNumbers } from "./seed/write-numbers";
import { writePeople } from "./seed/write-people";
import { writeTemplates } from "./seed/write-templates";

export { NORTHFIELD_STUDENTS } from "./seed/northfield";

/** Password of every demo sign-in. */
export const DEMO_PASSWORD = "demo-pass";

/** Any constant: concurrent seeds (start command, e2e setup) take turns. */
const SEED_LOCK_KEY = 727_002;

/** Ids of what was seeded for one institution, for later steps (demo messages) to build on. */
export type SeededInstitution = {
  id: string;
  personIds: Map<string, string>;
  userIds: Map<string, string>;
  /** System number id by E.164 number. */
  systemNumberIds: Map<string, string>;
};

export type SeededDemo = { northfield: SeededInstitution; lakeside: SeededInstitution };

/**
 * Seeds the demo institutions (Northfield, Lakeside): roles, phone types, settings, people,
 * phones, success teams, sign-ins and the pool of system numbers. Idempotent: every row has a
 * natural key and is inserted with `on conflict do nothing`, and the content comes from a
 * fixed-seed generator, so a second run leaves exactly the same rows. `now` anchors the dates
 * (verified, assigned), and the templates (SPEC §10). Seeds no messages. `quietHoursEnabled` overrides the SPEC §9 default
 * (on) for both institutions.
 */
export async function seedDemo(db: DbOrTx, { now, quietHoursEnabled }: { now: Date; quietHoursEnabled?: boolean }): Promise<SeededDemo> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${SEED_LOCK_KEY})`);
    const quiet = quietHoursEnabled === undefined ? {} : { quietHoursEnabled };
    const northfield = await seedInstitution(tx, { ...northfieldPlan(), ...quiet }, { now, passwordHash });
    const lakeside = await seedInstitution(tx, { ...lakesidePlan(), ...quiet }, { now, passwordHash });
    return { northfield, lakeside };
  });
}

async function seedInstitution(
  db: DbOrTx,
  plan: InstitutionPlan,
  opts: { now: Date; passwordHash: string },
): Promise<SeededInstitution> {
  const inst = await ensureInstitution(db, plan);
  const people = await writePeople(db, inst, plan, opts);
  const systemNumberIds = await writeNumbers(db, inst, plan, people, opts);
  await writeTemplates(db, inst, plan, people, opts);
  return { id: inst.id, ...people, systemNumberIds };
}

/** True when no institution exists yet: the start command seeds the demo then. */
export async function isDatabaseEmpty(db: DbOrTx): Promise<boolean> {
  const [row] = await db.select({ id: institutions.id }).from(institutions).limit(1);
  return !row;
}

/** Rows per institution, for the seed script's summary. */
export async function countSeededRows(db: DbOrTx) {
  const rows = await db.execute<{
    slug: string;
    persons: number;
    phones: number;
    users: number;
    system_numbers: number;
    assignments: number;
  }>(sql`
    select i.slug,
      (select count(*)::int from persons p where p.institution_id = i.id) as persons,
      (select count(*)::int from person_phones ph where ph.institution_id = i.id) as phones,
      (select count(*)::int from users u where u.institution_id = i.id) as users,
      (select count(*)::int from system_numbers n where n.institution_id = i.id) as system_numbers,
      (select count(*)::int from system_number_assignments a
        where a.institution_id = i.id and a.released_at is null) as assignments
    from institutions i
    order by i.slug`);
  return [...rows];
}
