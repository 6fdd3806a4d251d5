import { eq } from "drizzle-orm";
import { ageFinishedImports, importUpdatedAtText, sessionsWaitingForLock, setImportHeartbeatAge, transactionClockText } from "@/db/testing/imports";
import { beforeEach, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { loadActor } from "@/lib/auth/load-actor";
import { addImportProgress, finishImport, insertImport, setImportTotal } from "@/db/queries/imports";
import { imports } from "@/db/schema";
import { createInstitution, createPerson, createUser, type FactoryInstitution } from "@/db/factories";
import type { Actor } from "@/lib/auth/capabilities";
import type { AppError } from "@/lib/errors";
import { importSis } from "./import-sis";
import { IMPORT_STALE_AFTER_MS, INTERRUPTED_IMPORT_MESSAGE, interruptStaleImports } from "./interrupt-stale-imports";
import { getImport, listImports } from "./read-imports";

/*
 * An import left RUNNING by a process that died (crash, deploy, kill -9) is ended by the
 * worker's sweep once its heartbeat (updated_at, moved by every progress write) is stale.
 * Heartbeats are set here by the database's clock, as the import and the sweep both read it.
 */

const now = new Date("2025-06-01T10:00:00Z");
const db = () => getDb();
const STALE_MINUTES = IMPORT_STALE_AFTER_MS / 60_000;
const COUNTS = { processed: 1000, created: 600, updated: 250, unchanged: 100, failed: 50 };

let north: FactoryInstitution;
let lake: FactoryInstitution;
let northAdmin: Actor;
let lakeAdmin: Actor;

async function adminOf(inst: FactoryInstitution) {
  const person = await createPerson(db(), inst, { kind: "staff", roles: ["ADMIN"] });
  return (await loadActor(db(), (await createUser(db(), person)).id))!;
}

/** A RUNNING import with 1,000 of 2,000 rows committed, whose last heartbeat was `ageSeconds` ago. */
async function runningImport(inst: FactoryInstitution, ageSeconds: number) {
  const id = (await insertImport(db(), { institutionId: inst.id, kind: "SIS", format: "CSV", origin: "WEB", fileName: "feed.csv", createdByUserId: null, now }))!;
  await setImportTotal(db(), inst.id, id, 2000);
  await addImportProgress(db(), inst.id, id, COUNTS);
  await setHeartbeatAge(id, ageSeconds);
  return id;
}

async function setHeartbeatAge(id: string, ageSeconds: number) {
  await setImportHeartbeatAge(db(), id, ageSeconds);
}

async function rowOf(id: string) {
  const [row] = await db().select().from(imports).where(eq(imports.id, id));
  return row;
}

const countsOf = (row: typeof imports.$inferSelect) => ({
  totalRows: row.totalRows,
  processedRows: row.processedRows,
  createdCount: row.createdCount,
  updatedCount: row.updatedCount,
  unchangedCount: row.unchangedCount,
  failedCount: row.failedCount,
});
const COUNTED = { totalRows: 2000, processedRows: 1000, createdCount: 600, updatedCount: 250, unchangedCount: 100, failedCount: 50 };

beforeEach(async () => {
  // The sweep sees every institution's imports: each test starts from none.
  await db().delete(imports);
  north ??= await createInstitution(db());
  lake ??= await createInstitution(db());
  northAdmin ??= await adminOf(north);
  lakeAdmin ??= await adminOf(lake);
});

describe("interruptStaleImports", () => {
  it("marks a stale RUNNING import INTERRUPTED with the message, its counts untouched and its last heartbeat as finished_at", async () => {
    const stale = await runningImport(north, STALE_MINUTES * 60 + 5);
    const before = await rowOf(stale);

    expect(await interruptStaleImports(db())).toBe(1);

    const after = await rowOf(stale);
    expect(after.status).toBe("INTERRUPTED");
    expect(after.error).toBe(INTERRUPTED_IMPORT_MESSAGE);
    expect(countsOf(after)).toEqual(COUNTED);
    expect(after.finishedAt).toEqual(before.updatedAt);
    expect(after.updatedAt.getTime()).toBeGreaterThan(before.updatedAt.getTime());
    expect(after.createdAt).toEqual(before.createdAt);
    // Once marked, it is not marked again.
    expect(await interruptStaleImports(db())).toBe(0);
  });

  it("leaves a RUNNING import with a fresh heartbeat, and finished imports, alone", async () => {
    const fresh = await runningImport(north, STALE_MINUTES * 60 - 5);
    const done = await runningImport(north, 0);
    await finishImport(db(), north.id, done, { status: "DONE" });
    const failed = await runningImport(north, 0);
    await finishImport(db(), north.id, failed, { status: "FAILED", error: "Bad header." });
    await ageFinishedImports(db(), [done, failed], 2);
    const before = await Promise.all([fresh, done, failed].map(rowOf));

    expect(await interruptStaleImports(db())).toBe(0);

    expect(await Promise.all([fresh, done, failed].map(rowOf))).toEqual(before);
    expect(before.map((r) => r.status)).toEqual(["RUNNING", "DONE", "FAILED"]);
  });

  it("ends every institution's stale imports (the system's sweep); each institution's page and API show only its own", async () => {
    const northStale = await runningImport(north, 3600);
    const lakeStale = await runningImport(lake, 3600);
    const lakeFresh = await runningImport(lake, 1);

    expect(await interruptStaleImports(db())).toBe(2);
    expect((await rowOf(lakeStale)).status).toBe("INTERRUPTED");
    expect(countsOf(await rowOf(lakeStale))).toEqual(COUNTED);
    expect((await rowOf(lakeFresh)).status).toBe("RUNNING");

    const ctx = (actor: Actor) => ({ db: db(), actor, now });
    expect(await getImport({ ctx: ctx(northAdmin), input: { importId: northStale } })).toMatchObject({
      id: northStale,
      status: "INTERRUPTED",
      error: INTERRUPTED_IMPORT_MESSAGE,
      totalRows: 2000,
      processedRows: 1000,
      created: 600,
      updated: 250,
      unchanged: 100,
      failed: 50,
    });
    expect((await listImports({ ctx: ctx(northAdmin) })).map((i) => [i.id, i.status])).toEqual([[northStale, "INTERRUPTED"]]);
    const crossed = await getImport({ ctx: ctx(northAdmin), input: { importId: lakeStale } }).catch((e: unknown) => e);
    expect((crossed as AppError).code).toBe("NOT_FOUND");
    expect((await listImports({ ctx: ctx(lakeAdmin) })).map((i) => i.id).sort()).toEqual([lakeStale, lakeFresh].sort());
  });

  it("does not interrupt an import whose batch commits while the sweep runs", async () => {
    const id = await runningImport(north, 3600);
    let sweep: Promise<number> | undefined;
    await db().transaction(async (tx) => {
      // The batch holds the import's row; the sweep's one statement waits for it, then sees the new heartbeat.
      await addImportProgress(tx, north.id, id, { processed: 500, created: 500, updated: 0, unchanged: 0, failed: 0 });
      sweep = interruptStaleImports(db());
      await new Promise((r) => setTimeout(r, 200));
      expect(await sessionsWaitingForLock(tx)).toBe(1);
    });
    expect(await sweep).toBe(0);
    const row = await rowOf(id);
    expect([row.status, row.processedRows, row.createdCount]).toEqual(["RUNNING", 1500, 1100]);
  });

  it("never blocks a new import: a stale RUNNING one stays as it is while another file loads", async () => {
    const stale = await runningImport(north, 3600);
    const csv = ["src_system_id,first_name,last_name,roles", "HB-1,Ada,Beat,STUDENT", "HB-2,Bob,Beat,STUDENT"].join("\n");
    const result = await importSis({ ctx: { db: db(), actor: northAdmin, now }, input: { fileName: "next.csv", origin: "WEB", open: () => [csv] } });
    expect([result.status, result.created]).toEqual(["DONE", 2]);
    expect((await rowOf(stale)).status).toBe("RUNNING");
  });
});

describe("the heartbeat", () => {
  /** updated_at after `write`, and the database's clock of the transaction that wrote it. */
  async function beatOf(write: (tx: Parameters<Parameters<ReturnType<typeof db>["transaction"]>[0]>[0]) => Promise<void>) {
    return db().transaction(async (tx) => {
      await write(tx);
      return transactionClockText(tx);
    });
  }
  const updatedAtText = async (id: string) =>
    importUpdatedAtText(db(), id);

  it("moves with every progress write: the total, each batch, the finish", async () => {
    const id = await runningImport(north, 3600);
    expect(await beatOf((tx) => setImportTotal(tx, north.id, id, 3000))).toBe(await updatedAtText(id));
    await setHeartbeatAge(id, 3600);
    expect(await beatOf((tx) => addImportProgress(tx, north.id, id, COUNTS))).toBe(await updatedAtText(id));
    await setHeartbeatAge(id, 3600);
    expect(await beatOf((tx) => finishImport(tx, north.id, id, { status: "DONE" }))).toBe(await updatedAtText(id));
    expect(countsOf(await rowOf(id))).toEqual({ ...COUNTED, totalRows: 3000, processedRows: 2000, createdCount: 1200, updatedCount: 500, unchangedCount: 200, failedCount: 100 });
  });

  it("takes an import the sweep gave up on back to RUNNING when it writes again (it was only slow)", async () => {
    const id = await runningImport(north, 3600);
    expect(await interruptStaleImports(db())).toBe(1);
    await addImportProgress(db(), north.id, id, { processed: 500, created: 0, updated: 0, unchanged: 500, failed: 0 });
    const row = await rowOf(id);
    expect([row.status, row.error, row.finishedAt, row.processedRows, row.unchangedCount]).toEqual(["RUNNING", null, null, 1500, 600]);
    await finishImport(db(), north.id, id, { status: "DONE" });
    expect([(await rowOf(id)).status, (await rowOf(id)).error]).toEqual(["DONE", null]);
  });

  it("starts with the insert, so a new import is not swept", async () => {
    let id = "";
    const clock = await beatOf(async (tx) => {
      id = (await insertImport(tx, { institutionId: north.id, kind: "PROSPECT", format: "CSV", origin: "API", fileName: "p.csv", createdByUserId: null, now }))!;
    });
    expect(await updatedAtText(id)).toBe(clock);
    expect(await interruptStaleImports(db())).toBe(0);
    expect((await rowOf(id)).status).toBe("RUNNING");
  });
});
