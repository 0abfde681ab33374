import { afterAll, beforeAll, describe, it } from "vitest";
import { playCycle } from "./station/cycle.js";
import {
  type Deployment,
  type NatsStation,
  newDeployment,
  startNatsStation,
} from "./station/nats.js";
import { stationServices } from "./station/runtime.js";

/*
 * The whole cycle over a real nats-server with JetStream and the MongoDB wire server
 * (FerretDB): every service on its own runtime with its own connections, as separate
 * processes of a deployment would run, the flows between them over JetStream.
 */

describe("the station's whole cycle over NATS and MongoDB (FerretDB)", () => {
  let deployment: Deployment;
  let station: NatsStation;

  beforeAll(async () => {
    deployment = newDeployment("cycle");
    station = await startNatsStation(deployment, stationServices);
  });

  afterAll(async () => {
    await station?.close();
    await deployment?.dropDatabase();
  });

  it("plays from a station's opening to an erased courier, every point earned once and the ledger at zero", async () => {
    await playCycle(station, { pointsAlongTheWay: true });
  }, 120_000);
});
