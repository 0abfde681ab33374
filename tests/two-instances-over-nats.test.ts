import { call, pointsContract, registryContract } from "@courier-station/contracts";
import type { CourierId } from "@courier-station/core";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  balanceOf,
  courier,
  eventually,
  ledgerOf,
  operator,
  send,
  staff,
} from "./station/cycle.js";
import {
  type Deployment,
  type NatsStation,
  newDeployment,
  servers,
  startNatsStation,
} from "./station/nats.js";
import { type ServiceProcess, spawnService } from "./station/processes.js";
import { community, policy } from "./station/runtime.js";

/*
 * Two instances of the points service, each its own process on NATS and FerretDB: they
 * share its requests (one queue group), NATS's service discovery lists both, and they
 * share its durable consumers, so each event is handled by one of them, once.
 */

interface ServiceInfo {
  readonly name: string;
  readonly id: string;
  readonly metadata?: Readonly<Record<string, string>>;
}
interface ServiceStats {
  readonly id: string;
  readonly endpoints?: ReadonlyArray<{ readonly name: string; readonly num_requests: number }>;
}
interface ConsumerInfo {
  readonly name: string;
  readonly num_ack_pending: number;
  readonly num_redelivered: number;
  readonly num_pending: number;
  readonly delivered: { readonly consumer_seq: number };
  readonly ack_floor: { readonly consumer_seq: number };
}

const couriers = ["c-01", "c-02", "c-03", "c-04", "c-05", "c-06"];

describe("two instances of the points service, each its own process", () => {
  let deployment: Deployment;
  let station: NatsStation;
  let nats: NatsConnection;
  const instances: ServiceProcess[] = [];

  /** Every answer to a `$SRV` request of this deployment's points instances. */
  const discover = async <Answer extends { readonly id: string }>(verb: "INFO" | "STATS") => {
    const answers: Answer[] = [];
    const replies = await nats.requestMany(`$SRV.${verb}.points`, undefined, {
      strategy: "timer",
      maxWait: 1_000,
    });
    for await (const reply of replies) {
      const answer = reply.json<Answer & { metadata?: Record<string, string> }>();
      if (verb === "STATS" || answer.metadata?.subjectRoot === deployment.subjectRoot) {
        answers.push(answer);
      }
    }
    return answers;
  };

  beforeAll(async () => {
    deployment = newDeployment("two-points");
    station = await startNatsStation(deployment, ["registry"], { relay: "each" });
    nats = await connect({ servers: servers().natsUrl });
    for (const instance of ["points-a", "points-b"]) {
      instances.push(
        spawnService("points", { ...deployment.env, CS_INSTANCE: instance, LOG_LEVEL: "warn" }),
      );
    }
    await eventually(
      "both points instances are listed by $SRV.INFO",
      () => discover<ServiceInfo>("INFO"),
      (infos) => infos.length === 2,
      60_000,
    );
    await send(station, registryContract, operator, {
      type: "RegisterCommunity",
      data: {
        communityId: community,
        name: { "zh-CN": "金山万达商圈", en: "Jinshan Wanda business district" },
        district: { "zh-CN": "上海市金山区", en: "Jinshan District, Shanghai" },
        policyVersion: "2026-01",
      },
    });
  }, 120_000);

  afterAll(async () => {
    for (const instance of instances) await instance.stop();
    await nats?.close();
    await station?.close();
    await deployment?.dropDatabase();
  });

  it("lists both in $SRV.INFO, as the points service in this deployment's subjects", async () => {
    const infos = await discover<ServiceInfo>("INFO");
    expect(infos.map((info) => info.name)).toEqual(["points", "points"]);
    expect(new Set(infos.map((info) => info.id)).size).toBe(2);
  });

  it("answers requests in turn: both instances take a share of them", async () => {
    const ids = new Set((await discover<ServiceInfo>("INFO")).map((info) => info.id));
    const asked = 24;
    for (let request = 0; request < asked; request++) {
      await station.run(call(pointsContract, "GetLedgerTotals", community, { actor: staff }));
    }
    const stats = (await discover<ServiceStats>("STATS")).filter((answer) => ids.has(answer.id));
    const answered = stats.map(
      (answer) =>
        answer.endpoints
          ?.filter((endpoint) => endpoint.name === "GetLedgerTotals")
          .reduce((total, endpoint) => total + endpoint.num_requests, 0) ?? 0,
    );
    expect(answered).toHaveLength(2);
    expect(answered.every((count) => count > 0)).toBe(true);
    expect(answered.reduce((total, count) => total + count, 0)).toBeGreaterThanOrEqual(asked);
  });

  it("handles each event of its consumers once between them: every verified courier welcomed once", async () => {
    for (const courierId of couriers) {
      await send(station, registryContract, courier(courierId), {
        type: "RegisterCourier",
        data: {
          courierId,
          nickname: `小${courierId}`,
          realName: "王小明",
          mobileNumber: `138001382${courierId.slice(2)}`,
          platforms: ["meituan"],
          employment: "full-time",
          consentPolicyVersion: "2026-01",
        },
      });
      await send(station, registryContract, staff, {
        type: "VerifyCourier",
        data: { courierId },
      });
    }
    for (const courierId of couriers) {
      await eventually(
        `${courierId} is welcomed`,
        () => balanceOf(station, courierId as CourierId),
        (view) => view.balance === policy.points.welcome,
      );
    }
    const ledger = await eventually(
      "the ledger's totals count every courier's welcome",
      () => ledgerOf(station),
      (totals) => totals.couriers.balance === couriers.length * policy.points.welcome,
    );
    expect(ledger.sum).toEqual({ balance: 0, pending: 0 });

    // JetStream's view: every delivery of the points consumers acknowledged, none again.
    const stream = `${deployment.subjectRoot.toUpperCase().replace(/[^A-Z0-9]/g, "_")}_EVENTS`;
    const consumers = await eventually(
      "the points consumers have acknowledged everything",
      async () => {
        const names = (
          await nats.request(`$JS.API.CONSUMER.NAMES.${stream}`, undefined, { timeout: 5_000 })
        ).json<{ consumers: string[] }>().consumers;
        return Promise.all(
          names
            .filter((name) => name.startsWith("points-"))
            .map(async (name) =>
              (
                await nats.request(`$JS.API.CONSUMER.INFO.${stream}.${name}`, undefined, {
                  timeout: 5_000,
                })
              ).json<ConsumerInfo>(),
            ),
        );
      },
      (infos) =>
        infos.length > 0 &&
        infos.every((info) => info.num_ack_pending === 0 && info.num_pending === 0),
    );
    for (const info of consumers) {
      expect(info.num_redelivered, info.name).toBe(0);
      expect(info.ack_floor.consumer_seq, info.name).toBe(info.delivered.consumer_seq);
    }
    const earning = consumers.filter((info) => info.name.startsWith("points-earning"));
    const deliveredForEarning = earning.reduce(
      (total, info) => total + info.delivered.consumer_seq,
      0,
    );
    expect(deliveredForEarning).toBe(couriers.length);
  }, 60_000);
});
