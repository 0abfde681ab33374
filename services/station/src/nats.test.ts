import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { call, registryContract } from "@courier-station/contracts";
import { CommunityId } from "@courier-station/core";
import { Either } from "effect";
import { MongoClient } from "mongodb";
import { afterAll, describe, expect, it } from "vitest";
import { type RunningStation, startStation } from "./station.js";

/*
 * The station on NATS and MongoDB (FerretDB in the tests), as a deployment runs it: the
 * registry in one process with its secrets from the environment, the points service and
 * the relay in another, each reaching the other over NATS; a configured community is
 * registered at start and answered over the bus.
 */

const natsUrl = process.env.NATS_URL;
const mongoUri = process.env.MONGODB_URI;
if (natsUrl === undefined || mongoUri === undefined) {
  throw new Error("NATS_URL and MONGODB_URI are set by the global setup; run with vitest.");
}

const subjectRoot = `st${Math.random().toString(16).slice(2, 10)}`;
const database = `cs_station_${process.pid}_${Date.now().toString(36)}`;
const community = CommunityId.parse("shanyang-town");
const environment = {
  LOG_LEVEL: "silent",
  NATS_URL: natsUrl,
  MONGODB_URI: mongoUri,
  MONGODB_DATABASE: database,
  CS_SUBJECT_ROOT: subjectRoot,
  CS_SEAL_KEY: "a-seal-secret-of-32-bytes-000000",
  CS_MOBILE_KEY_SECRET: "a-mobile-secret-of-32-bytes-0000",
} as const;
const running: RunningStation[] = [];

afterAll(async () => {
  for (const station of running.reverse()) await station.close();
  const client = new MongoClient(mongoUri);
  try {
    await client.db(database).dropDatabase();
  } finally {
    await client.close();
  }
});

describe("the station on NATS and MongoDB", () => {
  it("runs one service per process, and the services answer each other over NATS", {
    timeout: 120_000,
  }, async () => {
    const directory = mkdtempSync(join(tmpdir(), "station-nats-"));
    const file = join(directory, "station.yaml");
    writeFileSync(
      file,
      `settings:\n  communities:\n    - id: shanyang-town\n      name: { zh-CN: 山阳镇, en: Shanyang Town }\n      district: { zh-CN: 金山区, en: Jinshan District }\n`,
    );
    const start = async (argv: ReadonlyArray<string>) => {
      const result = await startStation({ cwd: directory, env: environment, argv });
      if (Either.isLeft(result)) throw new Error(result.left.text.en);
      running.push(result.right);
      return result.right;
    };
    const registry = await start(["--config", file, "--service", "registry"]);
    expect(registry.config.bus.kind).toBe("nats");
    expect(registry.config.store.kind).toBe("mongodb");
    expect(registry.services).toEqual(["registry"]);
    expect(registry.notes.map((note) => note.en)).toContain(
      "Registered the community shanyang-town (Shanyang Town)",
    );
    const points = await start(["--service", "points", "--relay"]);
    expect(points.relay).toBeDefined();
    // Asked from the points process, answered by the registry's over NATS.
    const answered = await points.run(
      call(registryContract, "GetCommunity", community, {
        actor: { role: "staff", id: "staff-1", communities: [community] },
      }),
    );
    expect(answered.name.en).toBe("Shanyang Town");
  });
});
