import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import path from "node:path";
import { getDb } from "@/db";
import { listInstitutionSlugs } from "@/db/queries/imports";
import { importSis } from "@/lib/imports/import-sis";
import { withDatabase } from "./database";

/*
 * npm run import:sis -- <file.csv|file.json> [--institution <slug>]: the SIS person import
 * (SPEC §8) from the command line, acting as the system. Without --institution the database must
 * hold exactly one institution. Prints the counts and each bad row; exits 1 when the file is
 * refused, 2 when some rows were not loaded.
 */
const args = process.argv.slice(2);
const at = args.indexOf("--institution");
const slug = at === -1 ? undefined : args[at + 1];
const file = args.find((a, i) => !a.startsWith("--") && (at === -1 || i !== at + 1));
console.log = console.error;

if (!file || (at !== -1 && !slug)) {
  console.error("Usage: npm run import:sis -- <file.csv|file.json> [--institution <slug>]");
  process.exit(1);
}

await withDatabase(async () => {
  await stat(file);
  const db = getDb();
  const institutions = await listInstitutionSlugs(db);
  const institution = slug ? institutions.find((i) => i.slug === slug) : institutions.length === 1 ? institutions[0] : undefined;
  if (!institution) {
    const known = institutions.map((i) => i.slug).join(", ") || "none";
    throw new Error(slug ? `No institution "${slug}" (known: ${known}).` : `Name the institution with --institution <slug> (known: ${known}).`);
  }
  const started = performance.now();
  const result = await importSis({
    ctx: { db, actor: { kind: "system", institutionId: institution.id, source: "import" }, now: new Date() },
    input: { fileName: path.basename(file), origin: "CLI", open: () => createReadStream(file) },
  });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  process.stdout.write(
    `${result.fileName} → ${institution.slug}: ${result.totalRows} rows in ${seconds} s — created ${result.created}, updated ${result.updated}, unchanged ${result.unchanged}, failed ${result.failed} (import ${result.id})\n`,
  );
  for (const e of result.rowErrors) {
    process.stdout.write(`  row ${e.rowNumber}${e.recordKey ? ` [${e.recordKey}]` : ""} ${e.reason}${e.field ? ` ${e.field}` : ""}: ${e.message}\n`);
  }
  if (result.rowErrorsTruncated) process.stdout.write(`  … more problems: see Administration → Imports.\n`);
  if (result.failed > 0) process.exitCode = 2;
});
