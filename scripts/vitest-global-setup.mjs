// Vitest global setup for the projects that talk to servers (kit, services, tests): when
// NATS_URL or MONGODB_URI is missing (vitest run directly, not through `npm test`),
// start the servers here and stop them at the end.

import { startTestServers } from "./test-servers.mjs";

let stopServers;

/** Starts the missing servers and exports their addresses to the tests. */
export async function setup() {
  if (process.env.NATS_URL && process.env.MONGODB_URI) return;
  const servers = await startTestServers();
  Object.assign(process.env, servers.env);
  stopServers = servers.stop;
}

/** Stops what `setup` started. */
export async function teardown() {
  await stopServers?.();
}
