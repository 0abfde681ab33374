import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SqliteStore } from "@courier-station/kit";
import { rebuildInsights } from "@courier-station/service-insights";
import { ManagedRuntime } from "effect";
import { writeLog } from "../event-log.js";
import { type BenchRow, measured, type Scenario } from "../scenario.js";

/*
 * Scenario 8, the insights rebuild: the statistics projection thrown away and built again
 * from position 0 of a SQLite store's event log (`rebuildInsights`, as the service runs
 * it, in its default pages of 1,000), for a log of couriers' points transfers.
 */

/**
 * 300,000 events, not the 1,000,000: writing the log alone takes minutes on this
 * shared two-core machine; the time for 1,000,000 is estimated from the rate measured.
 */
const sizes = {
  full: { couriers: 3_000, transfersPerCourier: 100 },
  smoke: { couriers: 20, transfersPerCourier: 50 },
} as const;

/** Scenario 8: rebuilding the statistics projection from the log. */
export const insightsRebuildScenario: Scenario = {
  name: "insights-rebuild",
  title: "insights rebuild: the statistics projection built again from a SQLite event log",
  needs: [],
  async run(context) {
    const sizing = sizes[context.size];
    const directory = mkdtempSync(join(tmpdir(), "cs-bench-rebuild-"));
    const runtime = ManagedRuntime.make(
      SqliteStore.layer({ filename: join(directory, "store.sqlite") }),
    );
    try {
      const fillBegan = performance.now();
      const events = await runtime.runPromise(
        writeLog(
          {
            couriers: sizing.couriers,
            transfersPerCourier: sizing.transfersPerCourier,
            days: 365,
            until: Date.parse("2026-11-30T16:00:00.000Z"),
          },
          (couriers) => context.progress(`log: ${couriers.toLocaleString("en")} couriers written`),
        ),
      );
      context.progress(
        `log of ${events.toLocaleString("en")} events written in ${((performance.now() - fillBegan) / 1_000).toFixed(1)} s`,
      );
      const seconds: number[] = [];
      for (let repeat = 0; repeat < context.repeats; repeat++) {
        const began = performance.now();
        const position = await runtime.runPromise(rebuildInsights());
        const took = (performance.now() - began) / 1_000;
        if (position !== events) {
          throw new Error(`the rebuild read to ${position}, the log holds ${events} events`);
        }
        seconds.push(took);
        context.progress(`rebuilt in ${took.toFixed(1)} s`);
      }
      const time = measured(seconds);
      const rows: BenchRow[] = [
        {
          scenario: "insights-rebuild",
          measure: `rebuild from ${events.toLocaleString("en")} events, SQLite`,
          value: time,
          unit: "s",
          note: `${sizing.couriers.toLocaleString("en")} couriers' points accounts of ${sizing.transfersPerCourier} transfers each over a year`,
        },
        {
          scenario: "insights-rebuild",
          measure: "events/s rebuilt, SQLite",
          value: measured(seconds.map((each) => events / each)),
          unit: "events/s",
        },
      ];
      const estimate = measured(seconds.map((each) => (each * 1_000_000) / events));
      rows.push({
        scenario: "insights-rebuild",
        measure: "rebuild of 1,000,000 events (estimated from the rate), SQLite",
        value: estimate,
        unit: "s",
        goal: "< 10",
        met: estimate.median < 10,
        note: `measured on ${events.toLocaleString("en")} events and scaled linearly (the rebuild reads the log in pages of 1,000; each page's cost does not grow with the log)`,
      });
      return rows;
    } finally {
      await runtime.dispose();
      rmSync(directory, { recursive: true, force: true });
    }
  },
};
