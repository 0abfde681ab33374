import { MongoClient } from "mongodb";
import type { CycleStation } from "./cycle.js";
import {
  registryEnvironment,
  runtimeOf,
  type ServiceName,
  type StationRuntime,
  startBusClient,
  startStationRuntime,
} from "./runtime.js";

/*
 * A station on a real nats-server (JetStream) and the MongoDB wire server (FerretDB), as
 * a deployment runs it: each service its own runtime with its own NATS and store
 * connections, on one database and one subject root that no other test shares.
 */

const natsUrl = process.env.NATS_URL;
const mongoUri = process.env.MONGODB_URI;

/** The servers the global setup started (or the ones given). */
export const servers = (): { readonly natsUrl: string; readonly mongoUri: string } => {
  if (natsUrl === undefined || mongoUri === undefined) {
    throw new Error("NATS_URL and MONGODB_URI are set by the global setup; run with `npm test`.");
  }
  return { natsUrl, mongoUri };
};

/** A deployment of its own: a subject root and a database no other test uses. */
export interface Deployment {
  readonly subjectRoot: string;
  readonly database: string;
  /** The environment a process of this deployment reads (without its instance name). */
  readonly env: Readonly<Record<string, string>>;
  /** Drops the deployment's database. */
  readonly dropDatabase: () => Promise<void>;
}

/** A fresh deployment on the test servers. */
export const newDeployment = (name: string): Deployment => {
  const { natsUrl, mongoUri } = servers();
  const suffix = `${process.pid}${Math.random().toString(36).slice(2, 8)}`;
  const subjectRoot = `e2e${name.replace(/[^a-z0-9]/g, "")}${suffix}`.slice(0, 32);
  const database = `cs_e2e_${name.replace(/[^a-z0-9]/g, "_")}_${suffix}`.slice(0, 63);
  return {
    subjectRoot,
    database,
    env: {
      NATS_URL: natsUrl,
      CS_SUBJECT_ROOT: subjectRoot,
      MONGODB_URI: mongoUri,
      MONGODB_DATABASE: database,
      // A relay taken over soon after its holder dies, so the fault tests stay short.
      CS_RELAY_LEASE_TTL_MS: "3000",
      CS_RELAY_IDLE_MS: "50",
      CS_REQUEST_TIMEOUT_MS: "10000",
      ...registryEnvironment,
    },
    dropDatabase: async () => {
      const client = await new MongoClient(mongoUri).connect();
      try {
        await client.db(database).dropDatabase();
      } finally {
        await client.close();
      }
    },
  };
};

/** A station whose services each run alone, and a client of its bus. */
export interface NatsStation extends CycleStation {
  readonly deployment: Deployment;
  /** The runtimes of the services, by name. */
  readonly services: ReadonlyMap<ServiceName, StationRuntime>;
  /** Stops one service's runtime (as its process ending would). */
  readonly stop: (name: ServiceName) => Promise<void>;
  readonly close: () => Promise<void>;
}

/**
 * Starts the services named, each in its own runtime on the deployment, and a client
 * runtime; `relay` says which of them runs the outbox relay (under its lease), none
 * when a process started by the test runs it.
 */
export const startNatsStation = async (
  deployment: Deployment,
  names: ReadonlyArray<ServiceName>,
  options: { readonly relay: "each" | "none" } = { relay: "each" },
): Promise<NatsStation> => {
  const services = new Map<ServiceName, StationRuntime>();
  const client = await startBusClient({ ...deployment.env, CS_INSTANCE: "e2e-client" });
  try {
    for (const name of names) {
      const station = await startStationRuntime({
        env: { ...deployment.env, CS_INSTANCE: `e2e-${name}` },
        argv: ["--service", name, ...(options.relay === "each" ? ["--relay"] : [])],
      });
      services.set(name, runtimeOf(station));
    }
  } catch (error) {
    for (const runtime of services.values()) await runtime.close();
    await client.close();
    throw error;
  }
  return {
    deployment,
    services,
    run: (effect) => client.run(effect),
    stop: async (name) => {
      await services.get(name)?.close();
      services.delete(name);
    },
    close: async () => {
      for (const runtime of [...services.values()].reverse()) await runtime.close();
      await client.close();
    },
  };
};
