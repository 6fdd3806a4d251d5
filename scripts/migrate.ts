import { prepareDatabase } from "@/lib/prepare-database";
import { withDatabase } from "./database";

await withDatabase(async (url) => {
  await prepareDatabase(url);
  console.log("migrations applied");
});
