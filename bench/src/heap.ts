import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

/*
 * Heap figures that mean something: a full collection before each reading, so "memory per
 * transfer" is what the ledger keeps, not garbage waiting to be collected.
 */

setFlagsFromString("--expose-gc");
const collect = runInNewContext("gc") as () => void;

/** The heap in use after a full garbage collection, in bytes. */
export function settledHeap(): number {
  collect();
  collect();
  return process.memoryUsage().heapUsed;
}
