/**
 * Start-up of each `next start` / `next dev` server process: refuse to serve with the providers
 * half configured (issue 13, fail closed), and mask what Next itself prints of errors. scripts/web.mjs already checks before forking; this
 * covers a bare `next start`. Exiting (not throwing) matters: a register() that throws leaves
 * the server up, answering 500 to everything.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  // Errors Next prints itself (a page's uncaught failed query) carry no parameters, numbers or addresses.
  const { installConsoleRedaction } = await import("@/lib/log");
  installConsoleRedaction();
  const { assertStartupEnv } = await import("@/lib/env");
  try {
    assertStartupEnv();
  } catch (err) {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(1);
  }
}
