/**
 * `@courier-station/kit/testing` — the contract suites every Store and Bus adapter of
 * kit passes, for adopters who write their own adapter (another database, another
 * broker) and want to show it keeps the same promises: version-guarded appends won
 * once each under racing writers, a gap-free event log, the outbox, leases, unique
 * keys, read models; request/reply, event delivery, duplicates dropped, retries and
 * dead letters.
 *
 * The suites register vitest tests (`describe`, `it`), so this entry imports `vitest`
 * and `fast-check`, optional peer dependencies of kit: install them as dev
 * dependencies (`npm install -D vitest@4 fast-check@4`) and import this entry only
 * from test files. vitest is ESM-only: test files load the suites through `import`,
 * which vitest always uses.
 *
 * @example
 * // my-store.test.ts
 * import { describeStoreContract } from "@courier-station/kit/testing";
 * import { MyStore } from "./my-store.js";
 *
 * describeStoreContract("my store", {
 *   // a fresh, empty store per test, released when the layer closes
 *   makeLayer: ({ now }) => MyStore.layer({ database: freshDatabaseName(), now }),
 * });
 *
 * @packageDocumentation
 */

import { type BusContractOptions, busContract } from "./bus/bus.contract.js";

export { liveTime, type TimeControl, testClockTime } from "./bus/time-control.js";

export {
  describeStoreContract,
  type StoreContractOptions,
  type StoreContractSettings,
} from "./store/store.contract.js";
export type { BusContractOptions };

/**
 * Registers the Bus contract suite for one adapter (the suite the in-process and the
 * NATS bus run): request/reply with both sides parsing, refusals and failures answered
 * by their shape, event delivery to durable consumers, duplicates dropped within the
 * window, redelivery after a failure or a lost acknowledgement, dead letters, and
 * draining. Each test gets a fresh bus from `makeLayer`, isolated from every other.
 *
 * @example
 * import { describeBusContract } from "@courier-station/kit/testing";
 *
 * describeBusContract("my broker", {
 *   makeLayer: ({ duplicateWindowMs }) => MyBus.layer({ url, duplicateWindowMs }),
 *   // time: testClockTime, // when every timer of the adapter is on Effect's Clock
 * });
 */
export const describeBusContract: (adapter: string, options: BusContractOptions) => void =
  busContract;
