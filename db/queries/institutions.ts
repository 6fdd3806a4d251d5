import { eq } from "drizzle-orm";
import type { DbOrTx } from "@/db";
import { institutions } from "@/db/schema";

/** The institution's name and identity, as the app shell and pages show them. */
export async function getInstitutionSummary(
  db: DbOrTx,
  institutionId: string,
): Promise<{ id: string; name: string; slug: string; timeZone: string } | null> {
  const [row] = await db
    .select({ id: institutions.id, name: institutions.name, slug: institutions.slug, timeZone: institutions.timeZone })
    .from(institutions)
    .where(eq(institutions.id, institutionId));
  return row ?? null;
}
