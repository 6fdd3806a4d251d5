import { asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { createInstitution, createPerson, createUser } from "@/db/factories";
import { readRollupState } from "@/db/queries/dashboard";
import { mailOutbox } from "@/db/schema";
import { setMonthlyUsage } from "@/db/testing/health";
import { startResendStandIn } from "@/test/resend-stand-in";
import { runHealthRound } from "./health-rounds";

let resend: Awaited<ReturnType<typeof startResendStandIn>>;
beforeAll(async () => {
  resend = await startResendStandIn();
});
afterAll(() => resend.close());

describe("runHealthRound", () => {
  it("checks every institution, emails a new alert once, and recomputes dashboards older than 5 minutes", async () => {
    const db = getDb();
    const inst = await createInstitution(db, { smsMonthlyLimit: 100, permittedRoles: ["ADVISOR"] });
    const admin = await createUser(db, await createPerson(db, inst, { kind: "staff", roles: ["ADMIN"] }));
    const now = new Date("2026-12-09T18:00:00Z");
    await setMonthlyUsage(db, inst.id, "2026-12-01", 100);
    const round = (at: Date) => runHealthRound({ db, now: at, publicBaseUrl: "https://sms.example.edu", resend: resend.client() });

    await round(now);
    await round(new Date(now.getTime() + 60_000));
    const mail = await db.select().from(mailOutbox).where(eq(mailOutbox.institutionId, inst.id)).orderBy(asc(mailOutbox.id));
    expect(mail.map((m) => [m.toAddresses, m.subject])).toEqual([[[admin.email], "Critical: Monthly text limit reached"]]);
    expect(mail[0].textBody).toContain("See the Health panel: https://sms.example.edu/admin");
    // Computed by the first round; the second, a minute later, left it alone.
    expect((await readRollupState(db, { institutionId: inst.id }))?.refreshedAt).toEqual(now);
    await round(new Date(now.getTime() + 6 * 60_000));
    expect((await readRollupState(db, { institutionId: inst.id }))?.refreshedAt).toEqual(new Date(now.getTime() + 6 * 60_000));
  });
});
