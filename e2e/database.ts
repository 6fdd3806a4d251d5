import postgres from "postgres";

/** The demo database the e2e server created (scripts/e2e-server.ts); local databases only. */
export function e2eDatabaseUrl(): string {
  const admin = process.env.E2E_DATABASE_ADMIN_URL ?? `postgres://postgres:postgres@127.0.0.1:${process.env.E2E_PG_PORT ?? 54349}/postgres`;
  const url = new URL(admin);
  if (!["127.0.0.1", "localhost", "::1"].includes(url.hostname)) throw new Error(`Refusing a non-local e2e database (${url.hostname}).`);
  url.pathname = "/aviso_e2e";
  return url.toString();
}

/** A connection to the e2e database, for specs that set up or read rows the UI cannot. */
export function e2eDatabase(max = 1) {
  return postgres(e2eDatabaseUrl(), { max, onnotice: () => {} });
}
