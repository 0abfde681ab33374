import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { RunningStation } from "@courier-station/station";
import type { CycleStation } from "./cycle.js";
import { registryEnvironment, runtimeOf, startStationRuntime } from "./runtime.js";

/*
 * The station as `npm start` runs it with nothing configured: every service and the
 * outbox relay in one process, on the embedded SQLite store in its data directory and the
 * in-process bus — the station program's own `startStation`.
 */

/** The embedded station. */
export interface EmbeddedStation extends CycleStation {
  readonly station: RunningStation;
  readonly close: () => Promise<void>;
}

/** Starts the whole station on a fresh data directory. */
export const startEmbeddedStation = async (): Promise<EmbeddedStation> => {
  const directory = mkdtempSync(join(tmpdir(), "cs-e2e-embedded-"));
  const station = await startStationRuntime({
    env: {
      CS_INSTANCE: "e2e-embedded",
      DATA_DIR: join(directory, "data"),
      CS_RELAY_IDLE_MS: "50",
      ...registryEnvironment,
    },
    cwd: directory,
  });
  const runtime = runtimeOf(station);
  return {
    station,
    run: runtime.run,
    close: async () => {
      await runtime.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
};
