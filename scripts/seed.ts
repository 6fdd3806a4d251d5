import { getDb } from "@/db";
import { prepareDatabase } from "@/lib/prepare-database";
import { countSeededRows, seedDemo } from "@/db/seed";
import { withDatabase } from "./database";

await withDatabase(async (url) => {
  await prepareDatabase(url);
  const db = getDb();
  await seedDemo(db, { now: new Date() });
  console.log("demo data seeded (sign-ins use the password demo-pass)");
  console.table(await countSeededRows(db));
});
