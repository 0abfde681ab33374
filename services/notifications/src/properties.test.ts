import { call, notificationsContract } from "@courier-station/contracts";
import { type EventEnvelope, StationId } from "@courier-station/core";
import { Store } from "@courier-station/kit";
import { Effect } from "effect";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { followCouriers } from "./district-notices.js";
import { deliverNotices } from "./flows.js";
import { type NoticeSourceEvent, noticesOf } from "./notices.js";
import { noticeRows } from "./read-models.js";
import {
  activityCancelled,
  aggregateOf,
  courierVerified,
  reportOverdue,
  reportResolved,
  signUpsPaused,
  suggestionAnswered,
} from "./test-events.js";
import {
  community,
  consumerContextFor,
  eventOf,
  minutesIn,
  type NotificationsStation,
  staff,
  startNotifications,
} from "./test-station.js";

/*
 * A seeded random workload: events delivered in any order, any number of times, each
 * notice made once and sent once. fast-check prints the seed of a failing run.
 */

let station: NotificationsStation;

beforeAll(async () => {
  station = await startNotifications();
});
afterAll(async () => station.close());

let run = 0;

/** A pool of events for one run, their couriers and reports named apart from other runs'. */
const poolOf = (prefix: string): ReadonlyArray<EventEnvelope> => {
  const events: ReadonlyArray<NoticeSourceEvent> = [
    courierVerified(`${prefix}-c1`, minutesIn(1)),
    reportResolved(`${prefix}-r1`, `${prefix}-c1`, minutesIn(2)),
    activityCancelled(`${prefix}-a1`, [`${prefix}-c1`, `${prefix}-c2`], minutesIn(3)),
    signUpsPaused(`${prefix}-c2`, minutesIn(10_000), minutesIn(4)),
    suggestionAnswered(`${prefix}-s1`, `${prefix}-c2`, "已转交物业", minutesIn(5)),
    reportOverdue(`${prefix}-r2`, `${prefix}-h1`, minutesIn(6)),
  ];
  return events.map((event, index) =>
    eventOf(aggregateOf(event), event.type, event.data, minutesIn(index + 1), {
      id: `${prefix}-evt-${index}`,
    }),
  );
};

const noticesIn = (eventIds: ReadonlySet<string>) =>
  station.run(
    Effect.gen(function* () {
      const store = yield* Store;
      const page = yield* (yield* store.readModel(noticeRows)).find({
        where: { community },
        limit: 1_000,
      });
      return page.items.filter((item) => eventIds.has(item.document.eventId));
    }),
  );

describe("any order, any number of deliveries", () => {
  it("makes each event's notices once and sends each once", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.nat({ max: 5 }), { minLength: 1, maxLength: 20 }),
        async (deliveries) => {
          run += 1;
          const pool = poolOf(`p${run}`);
          const ids = new Set(pool.map((event) => event.id));
          const sentBefore = station.channel.sent.length;
          const delivered = new Set<number>();
          for (const index of deliveries) {
            const event = pool[index] ?? expect.fail("no such event");
            await station.run(deliverNotices(event, consumerContextFor("notices", event)));
            delivered.add(index);
            // After every step: one notice per (event, recipient) delivered so far, each sent once.
            const expected = [...delivered].reduce((sum, at) => {
              const source = pool[at] as EventEnvelope;
              return (
                sum +
                noticesOf(
                  { type: source.type, data: source.data } as NoticeSourceEvent,
                  undefined,
                  { timeZone: "Asia/Shanghai" },
                ).length
              );
            }, 0);
            const notices = await noticesIn(ids);
            expect(notices).toHaveLength(expected);
            expect(new Set(notices.map((item) => item.document.noticeId)).size).toBe(expected);
            expect(station.channel.sent.length - sentBefore).toBe(expected);
          }
        },
      ),
      { numRuns: 25 },
    );
  });
});

/** A courier event of the roster's, with what it says: active or not, a station. */
interface RosterStep {
  readonly type: string;
  readonly active?: boolean;
  readonly station?: string;
}

const rosterSteps: ReadonlyArray<RosterStep> = [
  { type: "CourierVerified", active: true },
  { type: "CourierReinstated", active: true },
  { type: "CourierSuspended", active: false },
  { type: "CourierLeft", active: false },
  { type: "CourierProfileUpdated", station: "st-a" },
  { type: "CourierProfileUpdated", station: "st-b" },
];

const rosterEventOf = (courierId: string, step: RosterStep, version: number, prefix: string) =>
  eventOf(
    "courier",
    step.type,
    {
      courierId,
      ...(step.station === undefined ? {} : { stationId: step.station }),
      reason: "测试",
      by: "staff-wang",
    },
    minutesIn(version),
    { id: `${prefix}-${courierId}-v${version}`, version },
  );

describe("district notices over any order of courier events", () => {
  it("reach exactly the couriers active in the audience by their latest events, once each", async () => {
    await fc.assert(
      fc.asyncProperty(
        // Per courier, the steps of their stream (versions 1, 2, …), then the deliveries: any
        // order, some twice.
        fc.array(fc.array(fc.nat({ max: rosterSteps.length - 1 }), { maxLength: 5 }), {
          minLength: 1,
          maxLength: 4,
        }),
        fc.array(fc.nat(), { maxLength: 30 }),
        fc.constantFrom<"community" | "st-a">("community", "st-a"),
        async (streams, order, audience) => {
          run += 1;
          const prefix = `dn${run}`;
          const events = streams.flatMap((steps, courier) =>
            steps.map((step, index) =>
              rosterEventOf(
                `${prefix}-c${courier}`,
                rosterSteps[step] as RosterStep,
                index + 1,
                prefix,
              ),
            ),
          );
          // Every event at least once, in the given order first, then the rest.
          const deliveries = [
            ...order.map((at) => events[at % Math.max(events.length, 1)]),
            ...events,
          ].filter((event): event is EventEnvelope => event !== undefined);
          for (const event of deliveries) {
            await station.run(followCouriers(event, consumerContextFor("couriers", event)));
          }
          const expected = streams.flatMap((steps, courier) => {
            const said = steps.map((step) => rosterSteps[step] as RosterStep);
            const status = said.filter((step) => step.active !== undefined).at(-1);
            const place = said.filter((step) => step.station !== undefined).at(-1);
            const inAudience = audience === "community" || place?.station === audience;
            return status?.active === true && inAudience ? [`${prefix}-c${courier}`] : [];
          });
          const data = {
            noticeId: `${prefix}-notice`,
            audience:
              audience === "community"
                ? { kind: "community" as const }
                : { kind: "station" as const, stationId: StationId.parse(audience) },
            title: { "zh-CN": "高温关爱", en: "Heat-wave care" },
            body: { "zh-CN": "请注意防暑。", en: "Stay safe in the heat." },
          };
          for (const commandId of [`${prefix}-1`, `${prefix}-2`]) {
            await station.run(
              call(notificationsContract, "PostDistrictNotice", community, {
                commandId,
                community,
                actor: staff,
                command: { type: "PostDistrictNotice", data },
              }),
            );
          }
          const copies = await station.run(
            Effect.gen(function* () {
              const rows = yield* (yield* Store).readModel(noticeRows);
              const page = yield* rows.find({
                where: { community, kind: "district-notice" },
                limit: 1_000,
              });
              return page.items
                .filter((item) => item.document.about.id === data.noticeId)
                .map((item) => (item.document.recipient as { readonly id: string }).id);
            }),
          );
          // The community's couriers of earlier runs receive it too; this run's are checked.
          const ours = copies.filter((id) => id.startsWith(`${prefix}-`));
          expect(ours.sort(), JSON.stringify({ streams, audience })).toEqual(expected.sort());
        },
      ),
      { numRuns: 25 },
    );
  });
});
