/**
 * `@courier-station/kit/mongodb` — the MongoDB store adapter, for deployments that
 * outgrow one machine: a standalone mongod, a replica set, or FerretDB (v1.24 tested).
 *
 * It needs the `mongodb` driver (version 7), an optional peer dependency of kit:
 * `npm install mongodb@7`. The driver is loaded when the store connects, not when this
 * module is imported; without it, building the layer fails with `StoreUnavailable`
 * saying how to install it. The main entry (`@courier-station/kit`) never needs the
 * driver: its `storeLayerFor({ kind: "mongodb", uri, database })` loads this adapter
 * only when the configuration asks for MongoDB.
 *
 * Every write that must win a race is an insert refused by a unique index (FerretDB
 * v1.24 applies updates non-atomically), and nothing uses multi-document transactions;
 * the README's "MongoDB" section explains the layout.
 *
 * @example
 * import { MongoStore } from "@courier-station/kit/mongodb";
 *
 * const layer = MongoStore.layer({ uri: "mongodb://127.0.0.1:27017/", database: "courier_station" });
 * await runMain({ services: [registryService], layer: () => layer });
 *
 * @packageDocumentation
 */

export {
  connectMongoStore,
  isMongoUnavailable,
  MongoStore,
  type MongoStoreOptions,
  makeMongoStore,
  mongoCollectionNames,
  mongoStoreIndexes,
  readModelCollectionName,
} from "./store/mongo-store.js";
