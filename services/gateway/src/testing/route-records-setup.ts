import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { routeRecordsVariable } from "./http-suites.js";

/*
 * Vitest global setup of the NATS project: a fresh directory for this run, where each HTTP
 * suite writes the routes it was answered on (`route-records.ts`); removed at the end.
 */

let directory: string | undefined;

/** Makes the run's directory and names it to the suites' workers. */
export async function setup(): Promise<void> {
  directory = await mkdtemp(join(tmpdir(), "gateway-routes-"));
  process.env[routeRecordsVariable] = directory;
}

/** Removes the run's directory. */
export async function teardown(): Promise<void> {
  if (directory !== undefined) await rm(directory, { recursive: true, force: true });
}
