import {
  type AggregateRecord,
  CommandId,
  CommunityId,
  CourierId,
  EventId,
  handleCommand,
  type Instant,
  jinshanPolicy,
  manualClock,
  newAggregateRecord,
  sequentialIds,
  systemActor,
} from "@courier-station/core";
import {
  courierAccountId,
  earningCommandIdOf,
  PointsTrigger,
  pointsAccountDecider,
} from "@courier-station/points";
import { Either } from "effect";
import { type BenchRow, measured, type Scenario } from "../scenario.js";

/*
 * Scenario 2, earning: activity and report events in, transfers out — each event an
 * `EarnPoints` command decided on its courier's account aggregate by `handleCommand`, as
 * the points service's earning flow runs it, under the Jinshan caps (50 a day, 200 a week,
 * 500 a month) and a campaign that doubles volunteering in the middle two weeks. The
 * events are made before the clock starts; the accounts live in memory.
 */

const community = CommunityId.parse("jinshan-wanda");
const flow = systemActor("bench-earning");
const firstDay = Date.parse("2026-11-02T01:00:00.000Z");
const DAY = 86_400_000;
const DAYS = 28;

const jinshan = jinshanPolicy();
const policy = {
  ...jinshan,
  points: {
    ...jinshan.points,
    campaigns: [
      {
        id: "volunteer-fortnight",
        name: { "zh-CN": "志愿双周", en: "Volunteer fortnight" },
        from: new Date(firstDay + 7 * DAY).toISOString() as Instant,
        to: new Date(firstDay + 21 * DAY).toISOString() as Instant,
        multiplierPercent: 200,
        reasons: ["participation" as const],
      },
    ],
  },
};

const sizes = {
  full: { events: 200_000, couriers: 2_000 },
  smoke: { events: 3_000, couriers: 30 },
} as const;

interface TimedEvent {
  readonly at: Instant;
  readonly courier: number;
  readonly trigger: PointsTrigger;
}

/** Events over four weeks, in time order: volunteering (two hours) and verified reports. */
const eventsFor = (events: number, couriers: number): TimedEvent[] => {
  const made: TimedEvent[] = [];
  const step = (DAYS * DAY) / events;
  for (let index = 0; index < events; index++) {
    const courier = (index * 7_919) % couriers;
    const courierId = `courier-${courier}`;
    const time = new Date(firstDay + Math.floor(index * step)).toISOString() as Instant;
    const id = EventId.parse(`evt-${index}`);
    const trigger =
      index % 3 === 2
        ? PointsTrigger.parse({
            id,
            type: "ReportVerified",
            time,
            data: {
              reportId: `r-${index}`,
              reporterId: courierId,
              category: "noise",
              verifiedAt: time,
            },
          })
        : PointsTrigger.parse({
            id,
            type: "ParticipationConfirmed",
            time,
            data: {
              activityId: `act-${index}`,
              courierId,
              activityKind: "volunteering",
              hours: 2,
              confirmedAt: time,
            },
          });
    made.push({ at: time, courier, trigger });
  }
  return made;
};

interface Pass {
  readonly perSecond: number;
  readonly transfers: number;
  readonly capped: number;
  readonly bonuses: number;
}

const pass = (events: readonly TimedEvent[], couriers: number): Pass => {
  const accounts: AggregateRecord<unknown>[] = Array.from({ length: couriers }, (_, index) =>
    newAggregateRecord(
      pointsAccountDecider,
      community,
      courierAccountId(CourierId.parse(`courier-${index}`)),
    ),
  );
  let transfers = 0;
  let capped = 0;
  let bonuses = 0;
  const began = process.hrtime.bigint();
  for (const event of events) {
    const record = accounts[event.courier] as AggregateRecord<unknown>;
    const outcome = handleCommand(
      pointsAccountDecider,
      record as never,
      {
        commandId: CommandId.parse(earningCommandIdOf(event.trigger.id)),
        community,
        actor: flow,
        command: { type: "EarnPoints", data: { trigger: event.trigger } },
      },
      {
        clock: manualClock(event.at),
        ids: sequentialIds(`e-${event.trigger.id}`),
        facts: { policy },
      },
    );
    if (Either.isLeft(outcome)) throw new Error(`an earning was refused: ${outcome.left.code}`);
    if (outcome.right.kind !== "applied") throw new Error("an event was taken for a duplicate");
    accounts[event.courier] = { ...outcome.right.record, receipts: [] };
    for (const recorded of outcome.right.events) {
      const data = recorded.data as { readonly transfer?: { readonly reason?: string } };
      if (recorded.type === "PointsNotEarned") capped += 1;
      else {
        transfers += 1;
        if (data.transfer?.reason === "campaign_bonus") bonuses += 1;
      }
    }
  }
  const seconds = Number(process.hrtime.bigint() - began) / 1e9;
  return { perSecond: events.length / seconds, transfers, capped, bonuses };
};

/** Scenario 2: earning by the community's rules, caps and a campaign. */
export const earningScenario: Scenario = {
  name: "earning",
  title: "earning: events in, transfers out, with caps and a campaign",
  needs: [],
  async run(context) {
    const sizing = sizes[context.size];
    const events = eventsFor(sizing.events, sizing.couriers);
    pass(events.slice(0, Math.min(events.length, 10_000)), sizing.couriers);
    const rates: number[] = [];
    let last: Pass | undefined;
    for (let repeat = 0; repeat < context.repeats; repeat++) {
      last = pass(events, sizing.couriers);
      rates.push(last.perSecond);
      context.progress(`${Math.round(last.perSecond).toLocaleString("en")} events/s`);
    }
    if (last === undefined) return [];
    if (last.capped === 0 || last.bonuses === 0) {
      throw new Error("the workload must hit the caps and the campaign to measure them");
    }
    const rows: BenchRow[] = [
      {
        scenario: "earning",
        measure: "events/s (EarnPoints decided on the account)",
        value: measured(rates),
        unit: "events/s",
        note: `${sizing.events.toLocaleString("en")} events over ${sizing.couriers.toLocaleString("en")} couriers and 4 weeks: ${last.transfers.toLocaleString("en")} transfers out (${last.bonuses.toLocaleString("en")} campaign bonuses), ${last.capped.toLocaleString("en")} events capped`,
      },
      {
        scenario: "earning",
        measure: "transfers out per event",
        value: measured([last.transfers / sizing.events]),
        unit: "transfers",
      },
    ];
    return rows;
  },
};
