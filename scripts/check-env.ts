import { prepareProcessEnv } from "./install-secrets";

/**
 * The web tier's start-up check, run by scripts/web.mjs's primary before it forks `next start`
 * (plain JavaScript there, so the TypeScript check runs here): exits 1 naming the missing
 * variable, else prints the variables it filled in (the install's simulator credentials) as
 * JSON for the primary to pass on to its processes.
 */
const filled = prepareProcessEnv("web");
process.stdout.write(JSON.stringify(filled));
