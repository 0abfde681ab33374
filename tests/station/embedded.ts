import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { CycleStation } from "./cycle.js";
import {
  registryEnvironment,
  type ServiceName,
  type StationRuntime,
  startRuntime,
} from "./runtime.js";

/*
 * A station as `npm start` runs it with nothing configured: every service and the outbox
 * relay in one process, on the embedded SQLite store and the in-process bus.
 */

/** The embedded station and what it keeps on disk. */
export interface EmbeddedStation extends CycleStation {
  readonly runtime: StationRuntime;
  readonly close: () => Promise<void>;
}

/** Starts the services named on a fresh SQLite file, with the relay. */
export const startEmbeddedStation = async (
  names: ReadonlyArray<ServiceName>,
): Promise<EmbeddedStation> => {
  const directory = mkdtempSync(join(tmpdir(), "cs-e2e-embedded-"));
  const runtime = await startRuntime({
    env: {
      CS_INSTANCE: "e2e-embedded",
      DATA_DIR: directory,
      SQLITE_PATH: join(directory, "courier-station.sqlite"),
      CS_RELAY_IDLE_MS: "50",
      ...registryEnvironment,
    },
    services: names,
    relay: true,
  });
  return {
    runtime,
    run: (effect) => runtime.run(effect),
    close: async () => {
      await runtime.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
};
