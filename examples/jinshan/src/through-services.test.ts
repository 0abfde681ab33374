import { heldClock, startStation, stationConnection } from "@courier-station/station";
import { Either } from "effect";
import { describe, expect, it } from "vitest";
import { formatThroughServices, playThroughServices } from "./through-services.js";

/*
 * `--through services`: the months sent through the running services (in memory, the
 * in-process bus) must be decided as the packages decide them, command by command —
 * the same sign-ups refused for paused couriers, the same points for the same wishes —
 * and November's figures read back from the insights service must be the direct run's.
 * A community of ten couriers keeps it short.
 */

describe("the months through the services", () => {
  it("are answered command by command as the packages answered them", {
    timeout: 600_000,
  }, async () => {
    const held = heldClock();
    const started = await startStation({
      env: { CS_STORE: "memory", LOG_LEVEL: "silent" },
      clock: held.clock,
      timers: false,
    });
    if (Either.isLeft(started)) throw new Error(started.left.text.en);
    const station = started.right;
    try {
      const connection = stationConnection(station, held);
      const result = await playThroughServices(connection, { couriers: 10 });
      expect(result.mismatches).toEqual([]);
      expect(result.insights).toEqual({ answered: true, differences: [] });
      expect(result.applied).toBeGreaterThan(1_000);
      const printed = formatThroughServices(result);
      expect(printed).toContain("every command was answered as in the direct run");
      expect(printed).toContain("每条命令的结果与直接运行相同");
      expect(printed).toContain("the insights service's November figures equal the direct run's");
    } finally {
      held.release();
      await station.close();
    }
  });
});
