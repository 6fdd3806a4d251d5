import { createReadStream } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { getDb } from "@/db";
import { loadActor } from "@/lib/auth/load-actor";
import { createInstitution, createPerson, createUser } from "@/db/factories";
import { importSis } from "@/lib/imports/import-sis";
import { uploadProspects } from "@/lib/imports/upload-prospects";
import { runBench } from "./bench-env";

/**
 * `npm run bench:import`: a 50,000-row SIS file (roles, two emails, two phones per person)
 * imported into an empty institution, the same file again (nothing changes), the file with
 * every name and a phone type changed, then a 50,000-row prospect upload. Prints seconds for
 * each; the target is ≤ 30 s for each 50,000-row file.
 */
const ROWS = Number(process.env.BENCH_ROWS ?? 50_000);
const BATCH = process.env.BENCH_BATCH ? Number(process.env.BENCH_BATCH) : undefined;

await runBench({ database: "bench_import" }, async () => {
  const dir = await mkdtemp(path.join(tmpdir(), "bench-import-"));
  try {
    const db = getDb();
    const inst = await createInstitution(db);
    const admin = (await loadActor(db, (await createUser(db, await createPerson(db, inst, { kind: "staff", roles: ["ADMIN"] }))).id))!;

    /** A distinct number for every (row, slot): exchange 200–999, line 0000–9999. */
    const phone = (area: string, j: number) => `(${area}) ${200 + Math.floor(j / 10_000)}-${String(j % 10_000).padStart(4, "0")}`;
    async function sisFile(name: string, variant: string) {
      const lines = ["src_system_id,first_name,last_name,preferred_name,roles,emails,phone_1_number,phone_1_type,phone_1_src_system_id,phone_2_number,phone_2_type,phone_2_src_system_id"];
      for (let i = 0; i < ROWS; i++) {
        const type = variant === "changed" && i % 2 ? "WORK" : "HOME";
        lines.push(
          `S${i},"First ${i}${variant === "changed" ? "x" : ""}",Last${i},,STUDENT,s${i}@bench.edu;s${i}.alt@bench.edu,${phone("312", i * 2)},CELL,S${i}-P1,${phone("312", i * 2 + 1)},${type},S${i}-P2`,
        );
      }
      const file = path.join(dir, name);
      await writeFile(file, lines.join("\n") + "\n");
      return file;
    }
    async function prospectFile() {
      const lines = ["first_name,last_name,phone,phone_type,email,src_system_id,role"];
      for (let i = 0; i < ROWS; i++) lines.push(`Pro${i},Spect${i},${phone("646", i)},,p${i}@fair.edu,,`);
      const file = path.join(dir, "prospects.csv");
      await writeFile(file, lines.join("\n") + "\n");
      return file;
    }

    async function timed(label: string, run: () => Promise<{ created: number; updated: number; unchanged: number; failed: number }>) {
      const started = performance.now();
      const r = await run();
      const seconds = (performance.now() - started) / 1000;
      console.log(`${label}: ${seconds.toFixed(1)} s — created ${r.created}, updated ${r.updated}, unchanged ${r.unchanged}, failed ${r.failed}`);
      return seconds;
    }

    const sis = (file: string) => () =>
      importSis({ ctx: { db, actor: admin, now: new Date() }, input: { fileName: path.basename(file), origin: "CLI", open: () => createReadStream(file), batchSize: BATCH } });

    const original = await sisFile("sis.csv", "original");
    const changed = await sisFile("sis-changed.csv", "changed");
    const prospects = await prospectFile();
    console.log(`bench:import — ${ROWS} rows per file`);
    const create = await timed("SIS import, all new", sis(original));
    const again = await timed("SIS import, same file again", sis(original));
    const update = await timed("SIS import, every row changed", sis(changed));
    const upload = await timed("prospect upload, all new", () =>
      uploadProspects({ ctx: { db, actor: admin, now: new Date() }, input: { fileName: "prospects.csv", origin: "WEB", open: () => createReadStream(prospects), batchSize: BATCH } }),
    );
    console.log(`worst ${Math.max(create, again, update, upload).toFixed(1)} s per ${ROWS}-row file (target ≤ 30 s)`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
