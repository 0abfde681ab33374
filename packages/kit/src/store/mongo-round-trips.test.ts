import { Effect, Either, Option } from "effect";
import { type CommandStartedEvent, MongoClient } from "mongodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serverUrlFromEnvironment } from "../bus/test-servers.js";
import { executeCommand } from "../commands/execute-command.js";
import { makeMongoStore, mongoRoundTripBudget } from "./mongo-store.js";
import { defineReadModel } from "./read-model.js";
import { Store, type StoreApi } from "./store.js";
import { counterCommand, counterDecider, counterRuntime } from "./testing/counter.js";

/*
 * How many commands the MongoDB store sends for one command on an aggregate that
 * exists: each is a round trip, and on FerretDB each costs milliseconds of the server's
 * own, so this count is what bounds a command's latency there. Counted with the
 * driver's command monitoring, so a change that adds a read or a write fails here.
 */

const uri = serverUrlFromEnvironment("MONGODB_URI");
const database = `cs_round_trips_${process.pid}_${Date.now().toString(36)}`;
let client: MongoClient;
let otherClient: MongoClient;
const sent: string[] = [];

// What the driver sends on its own (handshakes, heartbeats), not the store's work.
const housekeeping = new Set(["hello", "ismaster", "isMaster", "ping", "endSessions", "saslStart"]);

beforeAll(async () => {
  client = await new MongoClient(uri, { ignoreUndefined: true, monitorCommands: true }).connect();
  client.on("commandStarted", (event: CommandStartedEvent) => {
    if (!housekeeping.has(event.commandName)) sent.push(event.commandName);
  });
  otherClient = await new MongoClient(uri, { ignoreUndefined: true }).connect();
});

afterAll(async () => {
  await client?.db(database).dropDatabase();
  await client?.close();
  await otherClient?.close();
});

const increment = (commandId: string) =>
  counterCommand(commandId, { type: "Increment", data: { counterId: "c-1", by: 1 } });

/** The commands the store sent while `body` ran. */
const countWhile = async (body: Effect.Effect<unknown, unknown, Store>, store: StoreApi) => {
  sent.length = 0;
  await Effect.runPromise(body.pipe(Effect.provideService(Store, store)) as Effect.Effect<unknown>);
  return [...sent];
};

describe("MongoDB store: round trips of one command", () => {
  it(`costs at most ${mongoRoundTripBudget.perCommand} on an aggregate it has handled, batches included`, async () => {
    const store = await Effect.runPromise(makeMongoStore(client.db(database)));
    const runtime = counterRuntime();
    await countWhile(executeCommand(counterDecider, increment("first"), runtime), store);
    const perCommand: number[] = [];
    const commands = 40;
    for (let index = 0; index < commands; index += 1) {
      const names = await countWhile(
        executeCommand(counterDecider, increment(`next-${index}`), runtime),
        store,
      );
      perCommand.push(names.length);
    }
    const total = perCommand.reduce((sum, count) => sum + count, 0);
    // The receipt marker looked up and the commit inserted; one batch of markers and one
    // move of the head hint every `markerBatch` commands, never both in one command.
    expect(Math.max(...perCommand)).toBeLessThanOrEqual(mongoRoundTripBudget.perCommand);
    expect(total / commands).toBeLessThanOrEqual(2 + 2 / mongoRoundTripBudget.markerBatch);
  });

  it("finds a command sent again, its marker written in a batch or not yet", async () => {
    const store = await Effect.runPromise(makeMongoStore(client.db(database)));
    const runtime = counterRuntime();
    const envelopeOf = (index: number) =>
      counterCommand(`dup-${index}`, { type: "Increment", data: { counterId: "c-2", by: 1 } });
    // Enough for two batches of markers and some left without (as after a crash).
    const commands = 2 * mongoRoundTripBudget.markerBatch + 3;
    const first: number[] = [];
    for (let index = 0; index < commands; index += 1) {
      const outcome = await Effect.runPromise(
        executeCommand(counterDecider, envelopeOf(index), runtime).pipe(
          Effect.provideService(Store, store),
        ),
      );
      first.push(outcome.receipt.version);
    }
    // This store, and another process's (its own client and store), see each as sent.
    const other = await Effect.runPromise(makeMongoStore(otherClient.db(database)));
    for (const target of [store, other]) {
      for (const index of [0, mongoRoundTripBudget.markerBatch, commands - 1]) {
        const again = await Effect.runPromise(
          executeCommand(counterDecider, envelopeOf(index), runtime).pipe(
            Effect.provideService(Store, target),
          ),
        );
        expect(again.kind).toBe("duplicate");
        expect(again.receipt.version).toBe(first[index]);
      }
    }
  });

  it("writes a row back at its revision in a read, an insert and a mark, a fresh row in one insert, and still sees what another store wrote meanwhile", async () => {
    const store = await Effect.runPromise(makeMongoStore(client.db(database)));
    const other = await Effect.runPromise(makeMongoStore(otherClient.db(database)));
    const definition = defineReadModel<{ readonly n: number }>({
      name: "round_trips",
      indexes: {},
    });
    const program = Effect.gen(function* () {
      const rows = yield* store.readModel(definition);
      const elsewhere = yield* other.readModel(definition);
      sent.length = 0;
      const first = yield* rows.upsert("row-1", { n: 1 }, { expectedRevision: 0, fresh: true });
      const freshSent = [...sent];
      sent.length = 0;
      const read = Option.getOrThrow(yield* rows.get("row-1"));
      const second = yield* rows.upsert("row-1", { n: 2 }, { expectedRevision: read.revision });
      const backSent = [...sent];
      // Another store moves the row on: this one's knowledge of it is old, not trusted.
      yield* elsewhere.upsert("row-1", { n: 3 }, { expectedRevision: 2 });
      const stale = yield* Effect.either(rows.upsert("row-1", { n: 4 }, { expectedRevision: 2 }));
      const won = yield* rows.upsert("row-1", { n: 5 }, { expectedRevision: 3 });
      // A "fresh" id another store has just written is decided on what it wrote.
      yield* elsewhere.upsert("row-2", { n: 1 });
      const taken = yield* Effect.either(
        rows.upsert("row-2", { n: 2 }, { expectedRevision: 0, fresh: true }),
      );
      const over = yield* rows.upsert("row-2", { n: 3 }, { fresh: true });
      const rowOne = yield* elsewhere.get("row-1");
      const rowTwo = yield* elsewhere.get("row-2");
      const count = yield* elsewhere.count();
      return { first, freshSent, second, backSent, stale, won, taken, over, rowOne, rowTwo, count };
    });
    const outcome = await Effect.runPromise(program);
    expect(outcome.first).toBe(1);
    expect(outcome.freshSent).toEqual(["insert"]);
    expect(outcome.second).toBe(2);
    expect(outcome.backSent).toEqual(["find", "insert", "update"]);
    expect(Either.isLeft(outcome.stale)).toBe(true);
    expect(outcome.won).toBe(4);
    expect(Either.isLeft(outcome.taken)).toBe(true);
    expect(outcome.over).toBe(2);
    expect(Option.getOrThrow(outcome.rowOne)).toMatchObject({ revision: 4, document: { n: 5 } });
    expect(Option.getOrThrow(outcome.rowTwo)).toMatchObject({ revision: 2, document: { n: 3 } });
    expect(outcome.count).toBe(2);
  });
});
