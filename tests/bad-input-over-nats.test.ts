import { call, pointsContract } from "@courier-station/contracts";
import type { CourierId } from "@courier-station/core";
import { requestSubject, Store } from "@courier-station/kit";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import { Effect } from "effect";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { courier, operator, staff } from "./station/cycle.js";
import {
  type Deployment,
  type NatsStation,
  newDeployment,
  servers,
  startNatsStation,
} from "./station/nats.js";
import { community, type ServiceName } from "./station/runtime.js";

/*
 * Bad input sent straight to a service's subject on a real nats-server, as any client of
 * the bus could send it: not JSON, the wrong shape, an oversize payload, another
 * community's id in the payload, a courier calling a staff command. Each gets the kit's
 * refusal — `ok: false` with the code, a message in zh-CN and en, and the status in the
 * service error headers — and nothing is stored. The registry and the notifications
 * service test these over NATS themselves; these are the services whose own bad-input
 * tests run on the in-process bus.
 */

const otherCommunity = "shanyang-town";

/** A command envelope as a client would send it. */
const envelope = (
  commandId: string,
  actor: unknown,
  command: { readonly type: string; readonly data: object },
  changes: Record<string, unknown> = {},
) => ({ commandId, community, actor, command, ...changes });

/** One service's commands for the cases: a courier's command, and a staff command. */
interface ServiceCases {
  readonly service: ServiceName;
  /** A command a courier may send, with the aggregate it would write. */
  readonly courierCommand: { readonly type: string; readonly data: Record<string, unknown> };
  /** The same with a field of the wrong type. */
  readonly wrongShape: { readonly type: string; readonly data: Record<string, unknown> };
  /** A command only staff may send. */
  readonly staffCommand: { readonly type: string; readonly data: Record<string, unknown> };
  /** Whatever the commands would have stored, read back: empty when nothing was. */
  readonly stored: (station: NatsStation) => Promise<unknown>;
}

const streamOf = (station: NatsStation, aggregate: string, id: string) => {
  const runtime = station.services.get("registry");
  if (runtime?.inStore === undefined) throw new Error("the registry's runtime has no store");
  return runtime.inStore(
    Effect.flatMap(Store, (store) =>
      Effect.all(
        [community, otherCommunity].map((owner) =>
          store.readStream({ community: owner as never, aggregate, id }),
        ),
      ),
    ),
  );
};

const bridge = { latitude: 30.7416, longitude: 121.3464, datum: "GCJ-02" };

const services: ReadonlyArray<ServiceCases> = [
  {
    service: "activities",
    courierCommand: {
      type: "SignUpForActivity",
      data: { activityId: "act-bad", courierId: "c-bad" },
    },
    wrongShape: { type: "SignUpForActivity", data: { activityId: "act-bad", courierId: 42 } },
    staffCommand: { type: "PublishActivity", data: { activityId: "act-bad" } },
    stored: (station) => streamOf(station, "activity", "act-bad"),
  },
  {
    service: "reports",
    courierCommand: {
      type: "SubmitReport",
      data: {
        reportId: "r-bad",
        category: "river-patrol",
        description: "河面有垃圾",
        location: { point: bridge, address: "龙胜路桥下" },
        photos: [],
        observedAt: new Date().toISOString(),
      },
    },
    wrongShape: {
      type: "SubmitReport",
      data: {
        reportId: "r-bad",
        category: "river-patrol",
        description: "河面有垃圾",
        location: { point: { ...bridge, latitude: "north" }, address: "龙胜路桥下" },
        photos: [],
        observedAt: new Date().toISOString(),
      },
    },
    staffCommand: { type: "AcceptReport", data: { reportId: "r-bad" } },
    stored: (station) => streamOf(station, "report", "r-bad"),
  },
  {
    service: "points",
    courierCommand: {
      type: "AdjustPoints",
      data: {
        transferId: "adj-bad",
        courierId: "c-bad",
        direction: "grant",
        amount: 50,
        note: "补录",
      },
    },
    wrongShape: {
      type: "AdjustPoints",
      data: {
        transferId: "adj-bad",
        courierId: "c-bad",
        direction: "grant",
        amount: 1.5,
        note: "补录",
      },
    },
    staffCommand: {
      type: "AdjustPoints",
      data: {
        transferId: "adj-bad",
        courierId: "c-bad",
        direction: "grant",
        amount: 50,
        note: "补录",
      },
    },
    // The courier's account as staff read it: at version 0 nothing was ever stored.
    stored: async (station) => {
      const balance = await station.run(
        call(pointsContract, "GetPointsBalance", community, {
          actor: staff,
          courierId: "c-bad" as CourierId,
        }),
      );
      return balance.version === 0 && balance.balance === 0 ? [[], []] : [balance];
    },
  },
  {
    service: "wishes",
    courierCommand: {
      type: "DraftWish",
      data: {
        wishId: "w-bad",
        stationId: "wanda-1",
        title: "充电宝",
        description: "想要一个充电宝",
        category: "work-equipment",
        estimatedValueFen: 5_000,
        funding: { mode: "points" },
      },
    },
    wrongShape: {
      type: "DraftWish",
      data: {
        wishId: "w-bad",
        stationId: "wanda-1",
        title: "充电宝",
        description: "想要一个充电宝",
        category: "work-equipment",
        estimatedValueFen: "五十元",
        funding: { mode: "points" },
      },
    },
    staffCommand: { type: "ApproveWish", data: { wishId: "w-bad" } },
    stored: (station) => streamOf(station, "wish", "w-bad"),
  },
];

interface Answer {
  readonly status: string | undefined;
  readonly body: {
    readonly ok: boolean;
    readonly error?: {
      readonly code: string;
      readonly message: { readonly "zh-CN": string; readonly en: string };
      readonly details: Record<string, unknown>;
    };
  };
}

/** [what, the payload, the refusal's code, its status, the issue's code if any] */
type BadCase = readonly [
  string,
  (cases: ServiceCases) => { endpoint: string; payload: string },
  string,
  number,
  string,
];

const badCases: ReadonlyArray<BadCase> = [
  [
    "a payload that is not JSON",
    (cases) => ({ endpoint: cases.courierCommand.type, payload: '{ "commandId": "x", command: ' }),
    "input.invalid",
    400,
    "malformed_json",
  ],
  [
    "a payload of the wrong shape",
    (cases) => ({
      endpoint: cases.wrongShape.type,
      payload: JSON.stringify(envelope("bad-shape", courier("c-bad"), cases.wrongShape)),
    }),
    "input.invalid",
    400,
    "invalid_type",
  ],
  [
    "an oversize payload",
    (cases) => ({
      endpoint: cases.courierCommand.type,
      payload: JSON.stringify(
        envelope("bad-size", courier("c-bad"), cases.courierCommand, {
          padding: "河".repeat(60_000),
        }),
      ),
    }),
    "input.too_large",
    413,
    "",
  ],
  [
    "another community's id in the payload",
    (cases) => ({
      endpoint: cases.courierCommand.type,
      payload: JSON.stringify(
        envelope(
          "bad-community",
          { role: "courier", id: "c-bad", communities: [otherCommunity] },
          cases.courierCommand,
          { community: otherCommunity },
        ),
      ),
    }),
    "access.community_mismatch",
    403,
    "",
  ],
  [
    "a courier calling a staff command",
    (cases) => ({
      endpoint: cases.staffCommand.type,
      payload: JSON.stringify(envelope("bad-role", courier("c-bad"), cases.staffCommand)),
    }),
    "access.forbidden",
    403,
    "",
  ],
];

describe("bad input straight to a service's subject over NATS", () => {
  let deployment: Deployment;
  let station: NatsStation;
  let nats: NatsConnection;

  beforeAll(async () => {
    deployment = newDeployment("bad-input");
    station = await startNatsStation(deployment, [
      "registry",
      ...services.map((cases) => cases.service),
    ]);
    nats = await connect({ servers: servers().natsUrl });
  }, 120_000);

  afterAll(async () => {
    await nats?.close();
    await station?.close();
    await deployment?.dropDatabase();
  });

  const sendRaw = async (service: string, endpoint: string, payload: string): Promise<Answer> => {
    const subject = requestSubject({ community, service, endpoint }, deployment.subjectRoot);
    const reply = await nats.request(subject, payload, { timeout: 10_000 });
    return {
      status: reply.headers?.get("Nats-Service-Error-Code") || undefined,
      body: reply.json(),
    };
  };

  describe.each(services)("the $service service", (cases) => {
    it.each(badCases)(
      "refuses %s with the kit's clear refusal in both languages and stores nothing",
      async (_what, build, code, status, issueCode) => {
        const { endpoint, payload } = build(cases);
        const answer = await sendRaw(cases.service, endpoint, payload);
        expect(answer.body.ok).toBe(false);
        expect(answer.body.error?.code).toBe(code);
        expect(Number(answer.status)).toBe(status);
        expect(answer.body.error?.message["zh-CN"]).toMatch(/\p{Script=Han}/u);
        expect(answer.body.error?.message.en).toMatch(/[A-Za-z]{3}/);
        if (issueCode !== "") {
          const issues = answer.body.error?.details.issues as ReadonlyArray<{ code: string }>;
          expect(issues.map((issue) => issue.code)).toContain(issueCode);
        }
        // A refusal is bounded: it does not echo an attacker's payload back.
        expect(JSON.stringify(answer.body).length).toBeLessThan(4_000);
        expect(await cases.stored(station)).toEqual([[], []]);
      },
    );
  });

  // After the cases, so their "nothing stored" was read before anything was: the probes
  // do see a write when one is made.
  it("stores the same commands when they are good, so 'nothing stored' above can fail", async () => {
    const registry = (actor: unknown, command: { type: string; data: object }, id: string) =>
      sendRaw("registry", command.type, JSON.stringify(envelope(id, actor, command)));
    await registry(
      operator,
      {
        type: "RegisterCommunity",
        data: {
          communityId: community,
          name: { "zh-CN": "金山万达商圈", en: "Jinshan Wanda business district" },
          district: { "zh-CN": "上海市金山区", en: "Jinshan District, Shanghai" },
          policyVersion: "2026-01",
        },
      },
      "good-community",
    );
    await registry(
      courier("c-bad"),
      {
        type: "RegisterCourier",
        data: {
          courierId: "c-bad",
          nickname: "小白",
          realName: "白小明",
          mobileNumber: "13800138999",
          platforms: ["meituan"],
          employment: "full-time",
          consentPolicyVersion: "2026-01",
        },
      },
      "good-register",
    );
    await registry(staff, { type: "VerifyCourier", data: { courierId: "c-bad" } }, "good-verify");
    const reports = services.find((cases) => cases.service === "reports") as ServiceCases;
    const points = services.find((cases) => cases.service === "points") as ServiceCases;
    const submitted = await sendRaw(
      "reports",
      reports.courierCommand.type,
      JSON.stringify(envelope("good-report", courier("c-bad"), reports.courierCommand)),
    );
    const adjusted = await sendRaw(
      "points",
      points.staffCommand.type,
      JSON.stringify(envelope("adj-bad", staff, points.staffCommand)),
    );
    expect([submitted.body, adjusted.body], JSON.stringify([submitted, adjusted])).toMatchObject([
      { ok: true },
      { ok: true },
    ]);
    expect(await reports.stored(station)).not.toEqual([[], []]);
    expect(await points.stored(station)).not.toEqual([[], []]);
  });
});
