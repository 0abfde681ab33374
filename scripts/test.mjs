// `npm test`: builds what the tests depend on, starts a nats-server and a FerretDB unless
// NATS_URL and MONGODB_URI are given, runs every workspace's tests in one vitest run,
// and stops the servers. Extra arguments go to vitest (`npm test -- --project core`).

import { spawn } from "node:child_process";
import { startTestServers } from "./test-servers.mjs";

const run = (command, args, env) =>
  new Promise((resolve) => {
    const child = spawn(command, args, { stdio: "inherit", env: { ...process.env, ...env } });
    child.once("exit", (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });

const build = await run("npx", ["turbo", "run", "build", "--output-logs=errors-only"], {});
if (build !== 0) process.exit(build);

const servers = await startTestServers();
let code = 1;
const stopAndExit = async () => {
  await servers.stop();
  process.exit(code);
};
process.once("SIGINT", stopAndExit);
process.once("SIGTERM", stopAndExit);
try {
  code = await run("npx", ["vitest", "run", ...process.argv.slice(2)], servers.env);
} finally {
  await servers.stop();
}
process.exit(code);
