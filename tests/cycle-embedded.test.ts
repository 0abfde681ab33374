import { afterAll, beforeAll, describe, it } from "vitest";
import { playCycle } from "./station/cycle.js";
import { type EmbeddedStation, startEmbeddedStation } from "./station/embedded.js";

/*
 * The same cycle as over NATS, on the embedded runtime: every service and the relay in
 * one process, the SQLite store in one file, the in-process bus.
 */

describe("the station's whole cycle on the embedded SQLite store and the in-process bus", () => {
  let station: EmbeddedStation;

  beforeAll(async () => {
    station = await startEmbeddedStation();
  });

  afterAll(async () => {
    await station?.close();
  });

  it("plays from a station's opening to an erased courier, every point earned once and the ledger at zero", async () => {
    await playCycle(station, { pointsAlongTheWay: true });
  }, 120_000);
});
