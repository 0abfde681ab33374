import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  type CommandReply,
  call,
  pointsContract,
  registryContract,
} from "@courier-station/contracts";
import { type Actor, CommunityId, systemActor } from "@courier-station/core";
import { type RunningStation, type StationContext, startStation } from "@courier-station/station";
import { type Effect, Either } from "effect";
import { MongoClient } from "mongodb";
import type { BenchServers } from "./scenario.js";

/*
 * The running system a scenario measures: the station program's own `startStation`, every
 * service and the outbox relay in one process, on one of three stacks — the embedded
 * SQLite store with the in-process bus (what `npm start` runs), NATS with the services on
 * SQLite, and NATS with the MongoDB wire server. Requests go over the stack's bus, as any
 * client's would.
 */

/** The stacks a scenario can run on. */
export type StackKind = "embedded" | "nats-sqlite" | "nats-mongodb";

/** A human name for each stack, for the table. */
export const stackLabels: Readonly<Record<StackKind, string>> = {
  embedded: "embedded (SQLite, in-process bus)",
  "nats-sqlite": "NATS, services on SQLite",
  "nats-mongodb": "NATS, MongoDB wire (FerretDB)",
};

/** The community every scenario plays in. */
export const benchCommunity = CommunityId.parse("jinshan-wanda");

/** Staff of the community: adjustments and reads. */
export const benchStaff: Actor = {
  role: "staff",
  id: "staff-bench",
  communities: [benchCommunity],
};

/** A flow of another service: holds and transfers. */
export const benchFlow: Actor = { role: "system", id: "system:bench", communities: [] };

/** A started stack. */
export interface Stack {
  readonly kind: StackKind;
  readonly station: RunningStation;
  /** Runs an effect on the station's bus and store. */
  readonly run: <A, E>(effect: Effect.Effect<A, E, StationContext>) => Promise<A>;
  /** Stops the station and removes its data (directory, database). */
  readonly close: () => Promise<void>;
}

/** Whether a stack can run with the servers given. */
export const stackAvailable = (kind: StackKind, servers: BenchServers): boolean =>
  kind === "embedded" ||
  (servers.natsUrl !== undefined && (kind === "nats-sqlite" || servers.mongodbUri !== undefined));

let started = 0;

/**
 * Starts the whole station on a stack, on a fresh data directory, subject root and
 * database, and registers the community.
 */
export async function startStack(
  kind: StackKind,
  servers: BenchServers,
  options: { readonly timers?: boolean; readonly extraEnv?: Readonly<Record<string, string>> } = {},
): Promise<Stack> {
  started += 1;
  const suffix = `${process.pid}x${started}x${Date.now().toString(36)}`;
  const directory = mkdtempSync(join(tmpdir(), "cs-bench-"));
  const database = `cs_bench_${suffix}`;
  const env: Record<string, string> = {
    LOG_LEVEL: "error",
    CS_INSTANCE: `bench-${kind}-${started}`,
    DATA_DIR: join(directory, "data"),
    CS_RELAY_IDLE_MS: "20",
    CS_REQUEST_TIMEOUT_MS: "30000",
    CS_SEAL_KEY_ID: "2026-12",
    CS_SEAL_KEY: "the seal secret of the benchmarks only",
    CS_MOBILE_KEY_SECRET: "the mobile-key secret of the benchmarks only",
    ...(options.extraEnv ?? {}),
  };
  if (kind !== "embedded") {
    if (servers.natsUrl === undefined) throw new Error(`${kind} needs a NATS server`);
    env.NATS_URL = servers.natsUrl;
    env.CS_SUBJECT_ROOT = `bench${suffix.replace(/[^a-z0-9]/g, "")}`.slice(0, 32);
  }
  if (kind === "nats-mongodb") {
    if (servers.mongodbUri === undefined) throw new Error(`${kind} needs a MongoDB wire server`);
    env.MONGODB_URI = servers.mongodbUri;
    env.MONGODB_DATABASE = database;
  }
  const outcome = await startStation({
    env,
    argv: [],
    cwd: directory,
    ...(options.timers === undefined ? {} : { timers: options.timers }),
    logDestination: { write: () => undefined },
  });
  if (Either.isLeft(outcome)) {
    rmSync(directory, { recursive: true, force: true });
    throw new Error(`the station refused its configuration: ${outcome.left.text.en}`);
  }
  const station = outcome.right;
  const close = async (): Promise<void> => {
    await station.close();
    rmSync(directory, { recursive: true, force: true });
    if (kind === "nats-mongodb" && servers.mongodbUri !== undefined) {
      const client = await new MongoClient(servers.mongodbUri).connect();
      try {
        await client.db(database).dropDatabase();
      } finally {
        await client.close();
      }
    }
  };
  try {
    await station.run(
      call(registryContract, "RegisterCommunity", benchCommunity, {
        commandId: `register-${benchCommunity}`,
        community: benchCommunity,
        actor: systemActor("operator"),
        command: {
          type: "RegisterCommunity",
          data: {
            communityId: benchCommunity,
            name: { "zh-CN": "金山万达商圈", en: "Jinshan Wanda business district" },
            district: { "zh-CN": "上海市金山区", en: "Jinshan District, Shanghai" },
            policyVersion: "2026-01",
          },
        },
      } as never),
    );
  } catch (error) {
    await close();
    throw error;
  }
  return { kind, station, run: station.run, close };
}

/**
 * Awards points to a courier as staff do (`AdjustPoints`, a grant): one command on the
 * courier's account, decided, stored with its events in the outbox, and replied to.
 */
export const award = (
  stack: Stack,
  transferId: string,
  courierId: string,
  amount: number,
): Promise<CommandReply> =>
  stack.run(
    call(pointsContract, "AdjustPoints", benchCommunity, {
      commandId: transferId,
      community: benchCommunity,
      actor: benchStaff,
      command: {
        type: "AdjustPoints",
        data: { transferId, courierId, direction: "grant", amount, note: "benchmark award" },
      },
    } as never) as Effect.Effect<CommandReply, unknown, StationContext>,
  );
