import { copyFileSync, existsSync, mkdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PerformanceObserver } from "node:perf_hooks";
import { SqliteStore } from "@courier-station/kit";
import {
  catchUpInsights,
  insightsProjection,
  projectedAggregatesOf,
  rebuildInsights,
} from "@courier-station/service-insights";
import { Effect, ManagedRuntime } from "effect";
import { writeLog } from "./event-log.js";

/*
 * Scenario 8's rebuild measured alone, for profiling and before/after pairs: the log of
 * the scenario's shape is written once into a file kept in the temporary directory, and
 * every run rebuilds a fresh copy of it, so a run costs the rebuild only (the scenario
 * writes its 300,000 events again each time). Wall, CPU and garbage-collection time are
 * printed per rebuild, the lowest CPU time last; `check` also compares the rebuilt
 * documents with a catch-up from position 0.
 *
 * npx tsx --conditions=@courier-station/source src/prof-rebuild.ts [couriers] [transfers] [check] [pageSize]
 * node --cpu-prof --import tsx/esm --conditions=@courier-station/source src/prof-rebuild.ts 1000 100
 * (REPEATS=n sets the number of rebuilds, default 3.)
 */

const couriers = Number(process.argv[2] ?? 1_000);
const transfers = Number(process.argv[3] ?? 100);
const check = process.argv[4] === "check";
const pageSize = process.argv[5] === undefined ? undefined : Number(process.argv[5]);
const repeats = Number(process.env.REPEATS ?? 3);
const directory = join(tmpdir(), "cs-prof-rebuild");
mkdirSync(directory, { recursive: true });
const base = join(directory, `log-${couriers}x${transfers}.sqlite`);
const work = join(directory, "work.sqlite");

if (!existsSync(base)) {
  const writer = ManagedRuntime.make(SqliteStore.layer({ filename: base }));
  await writer.runPromise(
    writeLog({
      couriers,
      transfersPerCourier: transfers,
      days: 365,
      until: Date.parse("2026-11-30T16:00:00.000Z"),
    }),
  );
  await writer.dispose();
}

let lowest = Number.POSITIVE_INFINITY;
for (let repeat = 0; repeat < repeats; repeat++) {
  for (const suffix of ["", "-wal", "-shm", ".lock"]) rmSync(work + suffix, { force: true });
  copyFileSync(base, work);
  const runtime = ManagedRuntime.make(SqliteStore.layer({ filename: work }));
  let gcMs = 0;
  const gc = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) gcMs += entry.duration;
  });
  gc.observe({ entryTypes: ["gc"] });
  const cpu = process.cpuUsage();
  const began = performance.now();
  const position = await runtime.runPromise(
    rebuildInsights(pageSize === undefined ? {} : { pageSize }),
  );
  const seconds = (performance.now() - began) / 1_000;
  const used = process.cpuUsage(cpu);
  const cpuSeconds = (used.user + used.system) / 1e6;
  // The observer is told of the last collections on a later turn.
  await new Promise((resolve) => setTimeout(resolve, 10));
  gc.disconnect();
  lowest = Math.min(lowest, cpuSeconds);
  console.log(
    `${position} events in ${seconds.toFixed(2)} s wall, ${cpuSeconds.toFixed(2)} s CPU (${Math.round(position / seconds)} events/s; 1,000,000 ≈ ${((seconds * 1e6) / position).toFixed(1)} s), GC ${gcMs.toFixed(0)} ms`,
  );
  if (check && repeat === repeats - 1) {
    const other = insightsProjection("insights_check");
    await runtime.runPromise(catchUpInsights({ projection: other }));
    const [rebuilt, caught] = await runtime.runPromise(
      Effect.all([
        projectedAggregatesOf("jinshan-wanda"),
        projectedAggregatesOf("jinshan-wanda", other),
      ]),
    );
    const same = JSON.stringify(rebuilt) === JSON.stringify(caught);
    console.log(`rebuilt ${rebuilt.length} documents, caught up ${caught.length}: same ${same}`);
  }
  await runtime.dispose();
}
console.log(`lowest CPU ${lowest.toFixed(2)} s`);
