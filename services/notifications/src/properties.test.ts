import type { EventEnvelope } from "@courier-station/core";
import { Store } from "@courier-station/kit";
import { Effect } from "effect";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
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
