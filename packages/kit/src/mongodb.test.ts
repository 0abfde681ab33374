import type { CommunityId } from "@courier-station/core";
import { defineReadModel, Leases, Store, storeLayerFor } from "@courier-station/kit";
import {
  MongoStore,
  mongoCollectionNames,
  readModelCollectionName,
} from "@courier-station/kit/mongodb";
import { Effect, Option } from "effect";
import { MongoClient } from "mongodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serverUrlFromEnvironment } from "./bus/test-servers.js";

/*
 * `@courier-station/kit/mongodb` as an adopter imports it, by the package's own name:
 * its layer provides the main entry's Store and capabilities, and it keeps the same
 * collections `storeLayerFor({ kind: "mongodb" })` does. The adapter itself is tested in
 * `store/mongo-store.test.ts`.
 */

const uri = serverUrlFromEnvironment("MONGODB_URI");
const community = "jinshan-wanda" as CommunityId;
let inspector: MongoClient;
const databases: string[] = [];

beforeAll(async () => {
  inspector = await new MongoClient(uri).connect();
});

afterAll(async () => {
  for (const database of databases) await inspector.db(database).dropDatabase();
  await inspector?.close();
});

/** A read model as a service would define one. */
const courierRows = defineReadModel<{ readonly community: string; readonly name: string }>({
  name: "courier_rows",
  indexes: { community: "string" },
});

const freshDatabase = (): string => {
  const database = `cs_kit_mongodb_${process.pid}_${Date.now().toString(36)}_${databases.length}`;
  databases.push(database);
  return database;
};

describe("@courier-station/kit/mongodb", () => {
  it("provides the main entry's Store and Leases, on the collections storeLayerFor uses too", async () => {
    const database = freshDatabase();
    const mobile = { community, scope: "courier-mobile", key: "hmac-of-13800000000" };
    const written = await Effect.runPromise(
      Effect.gen(function* () {
        const store = yield* Store;
        const leases = yield* Leases;
        const first = yield* store.claimUniqueKey({ ...mobile, owner: "courier-1" });
        const second = yield* store.claimUniqueKey({ ...mobile, owner: "courier-2" });
        const relay = yield* leases.acquire({ name: "relay", owner: "instance-a", ttlMs: 60_000 });
        const rows = yield* store.readModel(courierRows);
        const revision = yield* rows.upsert("courier-1", { community, name: "小哥" });
        return { kind: store.kind, first: first.kind, second: second.kind, relay, revision };
      }).pipe(Effect.provide(MongoStore.layer({ uri, database }))),
    );
    expect(written).toEqual({
      kind: "mongodb",
      first: "claimed",
      second: "taken",
      relay: true,
      revision: 1,
    });

    const read = await Effect.runPromise(
      Effect.gen(function* () {
        const store = yield* Store;
        const leases = yield* Leases;
        const owner = yield* store.uniqueKeyOwner(mobile);
        const taken = yield* leases.acquire({ name: "relay", owner: "instance-b", ttlMs: 60_000 });
        const row = yield* (yield* store.readModel(courierRows)).get("courier-1");
        return { owner: Option.getOrNull(owner), taken, row: Option.getOrNull(row) };
      }).pipe(Effect.provide(storeLayerFor({ kind: "mongodb", uri, database }))),
    );
    expect(read).toEqual({
      owner: "courier-1",
      taken: false,
      row: { id: "courier-1", revision: 1, document: { community, name: "小哥" } },
    });

    const collections = (await inspector.db(database).listCollections().toArray()).map(
      (collection) => collection.name,
    );
    expect(collections).toEqual(
      expect.arrayContaining([
        mongoCollectionNames.uniqueKeys,
        mongoCollectionNames.leases,
        readModelCollectionName("courier_rows"),
      ]),
    );
  });

  it("fails with StoreUnavailable, naming the connection, when the server cannot be reached", async () => {
    const exit = await Effect.runPromise(
      Effect.gen(function* () {
        const store = yield* Store;
        return store.kind;
      }).pipe(
        Effect.provide(
          MongoStore.layer({
            uri: "mongodb://127.0.0.1:9/",
            database: freshDatabase(),
            client: { serverSelectionTimeoutMS: 300, connectTimeoutMS: 300 },
          }),
        ),
        Effect.flip,
      ),
    );
    expect(exit._tag).toBe("StoreUnavailable");
    expect(exit.operation).toBe("connect to MongoDB");
  });
});
