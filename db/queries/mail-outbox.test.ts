import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { institutions, mailOutbox } from "@/db/schema";
import { listMailOutbox } from "./mail-outbox";

async function institution() {
  const [row] = await getDb().insert(institutions).values({ name: "Outbox U", slug: `outbox-${randomBytes(4).toString("hex")}` }).returning();
  return row.id;
}

describe("listMailOutbox", () => {
  it("lists only the institution's mail, newest first, page by page", async () => {
    const [mine, theirs] = [await institution(), await institution()];
    const mail = (institutionId: string, subject: string) => ({ institutionId, fromAddress: "p@e.edu", toAddresses: ["s@e.edu"], subject });
    for (const subject of ["1", "2", "3"]) await getDb().insert(mailOutbox).values(mail(mine, subject));
    await getDb().insert(mailOutbox).values(mail(theirs, "other"));

    const first = await listMailOutbox(getDb(), { institutionId: mine, limit: 2 });
    expect(first.items.map((m) => m.subject)).toEqual(["3", "2"]);
    expect(first.nextBefore).toBe(first.items[1].id);
    const second = await listMailOutbox(getDb(), { institutionId: mine, limit: 2, before: first.nextBefore! });
    expect(second.items.map((m) => m.subject)).toEqual(["1"]);
    expect(second.nextBefore).toBeNull();
  });
});
