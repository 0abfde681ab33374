import { localized } from "@courier-station/core";
import { InvalidConfig } from "@courier-station/kit";
import { Either } from "effect";
import { heldClock, type StationConnection, stationConnection } from "./demo.js";
import { type StartStationOptions, type StationRefused, startStation } from "./station.js";
import type { DemoSummary } from "./welcome.js";

/** What the Jinshan example's `through-services` module gives the station. */
interface ThroughServicesModule {
  readonly playThroughServices: (
    connection: StationConnection,
    options: {
      readonly seed?: number;
      readonly couriers?: number;
      readonly onProgress?: (sent: number, total: number) => void;
    },
  ) => Promise<{
    readonly sent: number;
    readonly applied: number;
    readonly duplicates: number;
    readonly refused: ReadonlyMap<string, number>;
    readonly skipped: ReadonlyMap<string, number>;
    readonly mismatchCount: number;
  }>;
}

const isThroughServicesModule = (module: unknown): module is ThroughServicesModule =>
  typeof module === "object" &&
  module !== null &&
  "playThroughServices" in module &&
  typeof module.playThroughServices === "function";

/** How to load the demonstration. */
export interface DemonstrationOptions extends Omit<StartStationOptions, "clock" | "timers"> {
  /** The size of the community; default the example's 70 couriers. */
  readonly couriers?: number;
  readonly seed?: number;
  readonly onProgress?: (sent: number, total: number) => void;
}

/**
 * Loads the Jinshan demonstration months (examples/jinshan) into the station's store, as
 * commands sent through the services: a station is started on the configured store
 * without timers and on a clock the months set, the plan is sent, and the station is
 * closed again, so the station that then serves starts on a populated store in real
 * time. Safe to repeat: the commands' ids are derived, so a second load is answered
 * with duplicates and changes nothing.
 *
 * The example is loaded when asked (the station does not depend on an example).
 *
 * @example
 * const loaded = await loadJinshanDemonstration({ argv: [] });
 */
export const loadJinshanDemonstration = async (
  options: DemonstrationOptions = {},
): Promise<Either.Either<DemoSummary, StationRefused>> => {
  let module: unknown;
  try {
    module = await import(["@courier-station", "example-jinshan", "through-services"].join("/"));
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return Either.left(
      new InvalidConfig({
        problems: [
          {
            field: "--demo",
            code: "demo.unavailable",
            message: localized(
              `无法载入金山示范月（examples/jinshan）：${detail}`,
              `The Jinshan demonstration (examples/jinshan) cannot be loaded: ${detail}`,
            ),
          },
        ],
      }),
    );
  }
  if (!isThroughServicesModule(module)) {
    throw new TypeError("examples/jinshan/src/through-services.ts exports no playThroughServices");
  }
  const held = heldClock();
  const started = await startStation({ ...options, clock: held.clock, timers: false });
  if (Either.isLeft(started)) return Either.left(started.left);
  const station = started.right;
  try {
    const result = await module.playThroughServices(stationConnection(station, held), {
      ...(options.seed === undefined ? {} : { seed: options.seed }),
      ...(options.couriers === undefined ? {} : { couriers: options.couriers }),
      ...(options.onProgress === undefined ? {} : { onProgress: options.onProgress }),
    });
    return Either.right({
      sent: result.sent,
      applied: result.applied,
      duplicates: result.duplicates,
      refused: [...result.refused.values()].reduce((sum, count) => sum + count, 0),
      skipped: result.skipped,
      mismatches: result.mismatchCount,
      notes: station.notes,
    });
  } finally {
    held.release();
    await station.close();
  }
};
