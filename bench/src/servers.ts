import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { BenchServers } from "./scenario.js";

/** What `scripts/test-servers.mjs` exports that the bench uses. */
interface TestServersModule {
  readonly startTestServers: () => Promise<{
    readonly env: { readonly NATS_URL?: string; readonly MONGODB_URI?: string };
    readonly stop: () => Promise<void>;
  }>;
}

/** The servers of a run, and a way to stop those the run started. */
export interface RunServers {
  readonly servers: BenchServers;
  readonly stop: () => Promise<void>;
}

/**
 * The servers a run needs: `NATS_URL` and `MONGODB_URI` when given, else a nats-server
 * with JetStream and FerretDB started as the tests start them (`scripts/test-servers.mjs`),
 * on random ports and temporary directories, stopped by `stop`.
 */
export async function serversForRun(needed: boolean): Promise<RunServers> {
  const given: BenchServers = {
    ...(process.env.NATS_URL ? { natsUrl: process.env.NATS_URL } : {}),
    ...(process.env.MONGODB_URI ? { mongodbUri: process.env.MONGODB_URI } : {}),
  };
  if (!needed || (given.natsUrl !== undefined && given.mongodbUri !== undefined)) {
    return { servers: given, stop: async () => undefined };
  }
  const script = join(dirname(fileURLToPath(import.meta.url)), "../../scripts/test-servers.mjs");
  const module = (await import(pathToFileURL(script).href)) as TestServersModule;
  const started = await module.startTestServers();
  return {
    servers: {
      ...(started.env.NATS_URL === undefined ? {} : { natsUrl: started.env.NATS_URL }),
      ...(started.env.MONGODB_URI === undefined ? {} : { mongodbUri: started.env.MONGODB_URI }),
    },
    stop: started.stop,
  };
}
