import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { call, registryContract } from "@courier-station/contracts";
import { CommunityId } from "@courier-station/core";
import { Either } from "effect";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadJinshanDemonstration } from "./demonstration.js";
import { startStation } from "./station.js";
import type { DemoSummary } from "./welcome.js";

/*
 * `npm start -- --demo`: the Jinshan months sent through the services into the station's
 * own store, then served by the station that starts after; loading them again changes
 * nothing. A community of ten couriers keeps it short.
 */

const quiet = { LOG_LEVEL: "silent" } as const;
const community = CommunityId.parse("jinshan-wanda");
let directory: string;

beforeAll(() => {
  directory = mkdtempSync(join(tmpdir(), "station-demo-"));
});
afterAll(() => {
  rmSync(directory, { recursive: true, force: true });
});

const load = async (): Promise<DemoSummary> => {
  const loaded = await loadJinshanDemonstration({ cwd: directory, env: quiet, couriers: 10 });
  if (Either.isLeft(loaded)) throw new Error(loaded.left.text.en);
  return loaded.right;
};

describe("--demo", () => {
  let first: DemoSummary;

  it("loads the Jinshan months through the services into the station's store", {
    timeout: 600_000,
  }, async () => {
    first = await load();
    expect(first.applied).toBeGreaterThan(1_000);
    expect(first.duplicates).toBe(0);
    const started = await startStation({ cwd: directory, env: quiet });
    if (Either.isLeft(started)) throw new Error(started.left.text.en);
    const station = started.right;
    try {
      const staff = { role: "staff" as const, id: "staff-wang", communities: [community] };
      const stations = await station.run(
        call(registryContract, "ListStations", community, { actor: staff }),
      );
      expect(stations.items.map((item) => item.stationId).sort()).toEqual(["longsheng", "wanda"]);
      const couriers = await station.run(
        call(registryContract, "ListCouriers", community, { actor: staff }),
      );
      expect(couriers.items).toHaveLength(10);
    } finally {
      await station.close();
    }
  });

  it("loaded again, changes nothing: every command it applied is answered as already done", {
    timeout: 600_000,
  }, async () => {
    const second = await load();
    expect(second.sent).toBe(first.sent);
    expect(second.applied).toBe(0);
    expect(second.duplicates).toBe(first.applied);
    expect(second.refused).toBe(first.refused);
  });
});
