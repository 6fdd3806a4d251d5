import { migrateDatabase } from "@/db/migrate";
import { withDatabase } from "./database";

await withDatabase(async (url) => {
  await migrateDatabase(url);
  console.log("migrations applied");
});
