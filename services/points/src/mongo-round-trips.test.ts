import { PolicyBook, StationIds } from "@courier-station/contracts";
import { type CommandEnvelope, CommandId, jinshanPolicy } from "@courier-station/core";
import { InProcessBus, makeLogger, Store } from "@courier-station/kit";
import { makeMongoStore, mongoCollectionNames } from "@courier-station/kit/mongodb";
import type { PointsAccountCommand } from "@courier-station/points";
import { Effect, Layer, Option } from "effect";
import { type CommandStartedEvent, MongoClient } from "mongodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { executePointsCommand } from "./commands.js";
import { accountRowId, accountRows, statementLineRows } from "./read-models.js";
import { adjustment, community, staff } from "./test-station.js";

/*
 * What one award costs the MongoDB wire server on the command's own path (decided,
 * stored, its read models brought up to date), counted with the driver's command
 * monitoring: on FerretDB each command is milliseconds of the server's, so this count
 * bounds an award's latency there. A change that adds a read or a write fails here.
 */

const uri = process.env.MONGODB_URI;
const database = `cs_points_round_trips_${process.pid}_${Date.now().toString(36)}`;
let client: MongoClient;
const sent: string[] = [];

// What the driver sends on its own (handshakes, heartbeats), not the store's work.
const housekeeping = new Set(["hello", "ismaster", "isMaster", "ping", "endSessions", "saslStart"]);

beforeAll(async () => {
  if (uri === undefined) throw new Error("MONGODB_URI is set by the global setup");
  client = await new MongoClient(uri, { ignoreUndefined: true, monitorCommands: true }).connect();
  client.on("commandStarted", (event: CommandStartedEvent) => {
    if (!housekeeping.has(event.commandName)) {
      sent.push(`${event.commandName} ${String(event.command[event.commandName])}`);
    }
  });
});

afterAll(async () => {
  await client?.db(database).dropDatabase();
  await client?.close();
});

const award = (id: string, courierId: string): CommandEnvelope<PointsAccountCommand> => ({
  commandId: CommandId.parse(id),
  community,
  actor: staff,
  command: adjustment(id, courierId, 10) as PointsAccountCommand,
});

describe("an award on the MongoDB store: round trips on the command's path", () => {
  it("costs the receipt lookup, the commit, the statement line and the account's row and its mark: 5, with the store's batches 6 at most", async () => {
    const log = makeLogger({ level: "silent" });
    const program = Effect.gen(function* () {
      const run = (envelope: CommandEnvelope<PointsAccountCommand>) =>
        Effect.gen(function* () {
          sent.length = 0;
          yield* executePointsCommand(envelope, log);
          return [...sent];
        });
      // The first award of an account in a month finds its head and writes the month.
      yield* run(award("first", "c-1"));
      const perAward: string[][] = [];
      for (let index = 0; index < 24; index += 1) {
        perAward.push(yield* run(award(`award-${index}`, "c-1")));
      }
      const store = yield* Store;
      const rows = yield* store.readModel(accountRows);
      const row = yield* rows.get(accountRowId(community, "courier-c-1"));
      const lines = yield* store.readModel(statementLineRows);
      const lineCount = yield* lines.count();
      return { perAward, row, lineCount };
    });
    const { perAward, row, lineCount } = await Effect.runPromise(
      program.pipe(
        Effect.provide(
          Layer.mergeAll(
            Layer.effect(Store, makeMongoStore(client.db(database))),
            PolicyBook.fixed(jinshanPolicy()),
            StationIds.layer,
            InProcessBus.layer(),
          ),
        ),
        Effect.scoped,
      ),
    );
    // Everything the command promises is there: every award in the row and a line each.
    expect(Option.getOrThrow(row).document).toMatchObject({ version: 25, balance: 250 });
    expect(lineCount).toBe(25);
    const counts = perAward.map((names) => names.length);
    expect(Math.max(...counts), JSON.stringify(perAward[0])).toBeLessThanOrEqual(6);
    const total = counts.reduce((sum, count) => sum + count, 0);
    // The store's receipt markers and head hint are written once every 8 commands each.
    expect(total / counts.length).toBeLessThanOrEqual(5 + 2 / 8);
    // Neither the stream, the account's row, the statement's month nor the new line is
    // read for an award: only the receipt marker is looked up.
    const reads = perAward.flat().filter((name) => name.startsWith("find "));
    expect(new Set(reads)).toEqual(new Set([`find ${mongoCollectionNames.receipts}`]));
  });
});
