import { parse } from "csv-parse/sync";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { insertDeliveredTexts } from "@/db/testing/messages";
import { isAppError } from "@/lib/errors";
import { EXPORT_BATCH, EXPORT_HEADER, prepareMessageReportExport } from "./export-message-report";
import { addMessage, createReportFixture, type ReportFixture } from "./report-fixture";

let f: ReportFixture;
/** More than two batches, so the export must continue from where each batch ended. */
const MANY = EXPORT_BATCH * 2 + 37;

async function exportCsv(actor: ReportFixture["actors"]["admin"], input: Record<string, unknown> = {}) {
  const exp = await prepareMessageReportExport({ ctx: { db: getDb(), actor, now: new Date("2025-02-01T12:00:00Z") }, input });
  let text = "";
  let chunks = 0;
  for await (const chunk of exp.chunks) {
    text += chunk;
    chunks++;
  }
  return { filename: exp.filename, rows: parse(text) as string[][], chunks };
}

beforeAll(async () => {
  f = await createReportFixture();
  const { ann, sam, bob } = f.people;
  // MANY texts from Ann to Sam in sends of 10 sharing a created_at, set-based.
  await insertDeliveredTexts(getDb(), {
    institutionId: f.inst.id,
    fromPersonId: ann.id,
    toPersonId: sam.id,
    fromAddress: "+13125550111",
    toAddress: sam.phones[0].number,
    count: MANY,
    perMinute: 10,
    startAt: new Date("2025-01-01T00:00:00Z"),
  });
  await addMessage(f.inst, {
    createdAt: new Date("2025-01-31T10:00:00Z"),
    direction: "INBOUND",
    status: "received",
    fromPersonId: sam.id,
    toPersonId: bob.id,
    fromAddress: sam.phones[0].number,
    toAddress: "+13125550222",
    body: '=cmd|"/c calc"!A1, then\na second line',
  });
  await addMessage(f.other, { createdAt: new Date("2025-01-31T11:00:00Z"), body: "Elsewhere" });
});

describe("prepareMessageReportExport", () => {
  it("streams every message once, newest first, in batches, with the header and a dated file name", async () => {
    const { filename, rows, chunks } = await exportCsv(f.actors.admin);
    expect(filename).toBe("message-report-2025-02-01.csv");
    expect(rows[0]).toEqual([...EXPORT_HEADER]);
    const data = rows.slice(1);
    expect(data).toHaveLength(MANY + 1);
    expect(chunks).toBe(1 + 3);
    const ids = data.map((r) => Number(r[11]));
    expect(new Set(ids).size).toBe(MANY + 1);
    const keys = data.map((r) => [r[0], Number(r[11])] as const);
    const sorted = [...keys].sort((a, b) => (a[0] === b[0] ? b[1] - a[1] : a[0] < b[0] ? 1 : -1));
    expect(keys).toEqual(sorted);
    expect(data.some((r) => r[10] === "Elsewhere")).toBe(false);
  });

  it("writes names, addresses and free text safely", async () => {
    const { rows } = await exportCsv(f.actors.admin, { status: "received" });
    expect(rows.slice(1)).toEqual([
      [
        "2025-01-31T10:00:00.000Z",
        "Sam Student",
        f.people.sam.phones[0].number,
        "Bob Bursar",
        "+13125550222",
        "SMS",
        "INBOUND",
        "received",
        "",
        "",
        `'=cmd|"/c calc"!A1, then\na second line`,
        rows[1][11],
        "",
      ],
    ]);
  });

  it("applies the page's filters and the actor's visibility", async () => {
    expect((await exportCsv(f.actors.admin, { from: "bob" })).rows).toHaveLength(1);
    expect((await exportCsv(f.actors.bob)).rows.slice(1).map((r) => r[7])).toEqual(["received"]);
    const err = await prepareMessageReportExport({ ctx: { db: getDb(), actor: f.actors.sam, now: new Date() }, input: {} }).catch((e: unknown) => e);
    expect(isAppError(err) && err.code).toBe("FORBIDDEN");
    const bad = await prepareMessageReportExport({ ctx: { db: getDb(), actor: f.actors.admin, now: new Date() }, input: { channel: "FAX" } }).catch((e: unknown) => e);
    expect(isAppError(bad) && bad.code).toBe("VALIDATION");
  });
});
