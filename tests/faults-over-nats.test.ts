import { afterEach, describe, expect, it } from "vitest";
import { type CycleStation, eventually, ledgerOf, playCycle } from "./station/cycle.js";
import {
  type Deployment,
  type NatsStation,
  newDeployment,
  startNatsStation,
} from "./station/nats.js";
import { type ServiceProcess, spawnService } from "./station/processes.js";
import { stationServices } from "./station/runtime.js";

/*
 * The cycle with a process killed in the middle (SIGKILL: nothing in it cleans up) and
 * started again, on nats-server and FerretDB: the points service's process, and the
 * process that runs the outbox relay. Every point is earned exactly once and no hold is
 * left open: the store's outbox, JetStream's deduplication, durable consumers and
 * derived command ids carry every effect across the crash.
 */

let deployment: Deployment | undefined;
let station: NatsStation | undefined;
const started: ServiceProcess[] = [];

afterEach(async () => {
  for (const process of started.splice(0)) await process.stop();
  await station?.close();
  await deployment?.dropDatabase();
  station = undefined;
  deployment = undefined;
});

/** Starts the points service's own process and waits until it answers on the bus. */
const startPointsProcess = async (
  on: Deployment,
  client: CycleStation,
  instance: string,
): Promise<ServiceProcess> => {
  const points = spawnService("points", { ...on.env, CS_INSTANCE: instance, LOG_LEVEL: "warn" });
  started.push(points);
  await eventually(
    `the points process ${instance} answers (its output: ${points.output()})`,
    () => ledgerOf(client),
    () => true,
    60_000,
  );
  return points;
};

/** Every service but points, which runs as its own process. */
const allButPoints = stationServices.filter((name) => name !== "points");

/** The consumers' deliveries a killed process held come again after their ack wait (30 s). */
const afterRedelivery = 75_000;

describe("a process killed with SIGKILL in the middle of the cycle, over NATS and FerretDB", () => {
  it("the points service's process, killed as a wish is redeemed and started again: the hold placed once and posted, every point earned once", async () => {
    deployment = newDeployment("kill-points");
    // The relay runs in the other services' processes: only the points service dies.
    station = await startNatsStation(deployment, allButPoints, { relay: "each" });
    const on = deployment;
    const client = station;
    let points = await startPointsProcess(on, client, "points-1");
    await playCycle(client, {
      pointsAlongTheWay: false,
      settleWithinMs: afterRedelivery,
      after: async (step) => {
        if (step === "wish-redeemed") {
          // The redemption's hold is on its way to the ledger, and its outcome back to the wish.
          await points.kill();
          expect(points.ended()).toBe(true);
          points = await startPointsProcess(on, client, "points-2");
        }
      },
    });
  }, 240_000);

  it("the process running the outbox relay, killed while events wait in the outbox: every event relayed, every point earned once", async () => {
    deployment = newDeployment("kill-relay");
    // No relay in these services' runtimes: the points process's relay is the only one.
    station = await startNatsStation(deployment, allButPoints, {
      relay: "none",
    });
    const on = deployment;
    const client = station;
    let relaying = await startPointsProcess(on, client, "relay-1");
    await playCycle(client, {
      pointsAlongTheWay: false,
      settleWithinMs: afterRedelivery,
      after: async (step) => {
        if (step === "activity-completed") {
          // The completion's events are in the outbox, maybe half published.
          await relaying.kill();
          expect(relaying.ended()).toBe(true);
        }
        // The report and the suggestions are decided and stored while nothing relays.
        if (step === "suggestions-answered") {
          relaying = await startPointsProcess(on, client, "relay-2");
        }
      },
    });
  }, 240_000);
});
