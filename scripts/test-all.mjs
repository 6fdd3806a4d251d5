// `npm test`: the unit tests and the production build side by side, then the end-to-end tests
// against that build. The unit suite spends about half of its time waiting on PostgreSQL and
// timers, so on a 2-core machine the build (which also type-checks the whole project) fits
// mostly into its idle time. The build's output is kept and printed after the unit tests, so
// neither report is interleaved with the other. Any failure fails the whole command.
import { spawn } from "node:child_process";

function run(command, args, { capture = false } = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: capture ? ["ignore", "pipe", "pipe"] : "inherit", env: process.env });
    let output = "";
    if (capture) {
      child.stdout.on("data", (d) => (output += d));
      child.stderr.on("data", (d) => (output += d));
    }
    child.on("close", (code, signal) => resolve({ code: code ?? (signal ? 1 : 0), output }));
  });
}

const started = Date.now();
const seconds = () => `${Math.round((Date.now() - started) / 1000)} s`;
const build = run("npm", ["run", "build"], { capture: true });
const unit = await run("npm", ["run", "test:unit"]);
console.log(`\n== unit tests ${unit.code === 0 ? "passed" : "FAILED"} (${seconds()}); the build:`);
const built = await build;
process.stdout.write(built.output);
console.log(`== build ${built.code === 0 ? "passed" : "FAILED"} (${seconds()})`);
if (unit.code !== 0 || built.code !== 0) process.exit(1);
// The end-to-end suite alone: beside the unit tests (one worker) it ran slower than after them.
const e2e = await run("npm", ["run", "test:e2e"]);
console.log(`== end-to-end tests ${e2e.code === 0 ? "passed" : "FAILED"} (${seconds()})`);
process.exit(e2e.code);
