import { getDb } from "@/db";
import { migrateDatabase } from "@/db/migrate";
import { countSeededRows, seedDemo } from "@/db/seed";
import { withDatabase } from "./database";

await withDatabase(async (url) => {
  await migrateDatabase(url);
  const db = getDb();
  await seedDemo(db, { now: new Date() });
  console.log("demo data seeded (sign-ins use the password demo-pass)");
  console.table(await countSeededRows(db));
});
