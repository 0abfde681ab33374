import type {
  ActivityListItem,
  ActivityView,
  CourierActivityItem,
  CourierVolunteerHours,
  ParticipationView,
  PatrolRouteView,
  PatrolView,
} from "@courier-station/contracts";
import { type ActivityFacts, type Actor, systemActor } from "@courier-station/core";
import { type Reply, Store } from "@courier-station/kit";
import { Effect, Option } from "effect";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ActivityRow, activityRowId, activityRows } from "./read-models.js";
import { answered, applied, refused } from "./testing/replies.js";
import {
  type ActivitiesStation,
  activeCourier,
  at,
  auditor,
  COMMUNITY,
  courier,
  detailsWith,
  envelope,
  near,
  otherStaff,
  routeWith,
  sponsor,
  staff,
  startActivitiesStation,
} from "./testing/station.js";

let station: ActivitiesStation;

type Command = { readonly type: string; readonly data: Record<string, unknown> };
const run = async (actor: Actor, command: Command) =>
  applied(await station.request(command.type as never, envelope(actor, command)));

const day = (date: string, from: string, to: string) => ({
  startsAt: at(`${date} ${from}`),
  endsAt: at(`${date} ${to}`),
});

/** Reads every page of a list query, `limit` at a time. */
const allPages = async <Item>(
  endpoint: Parameters<ActivitiesStation["request"]>[0],
  query: Record<string, unknown>,
  limit: number,
): Promise<{ readonly items: Item[]; readonly pages: number }> => {
  const items: Item[] = [];
  let after: string | undefined;
  let pages = 0;
  do {
    const page = answered<{ items: Item[]; next?: string }>(
      await station.request(endpoint, {
        ...query,
        limit,
        ...(after === undefined ? {} : { after }),
      }),
    );
    pages += 1;
    expect(page.items.length).toBeLessThanOrEqual(limit);
    items.push(...page.items);
    after = page.next;
  } while (after !== undefined && pages < 50);
  return { items, pages };
};

beforeAll(async () => {
  station = await startActivitiesStation({ now: at("2026-12-01 09:00") });
  for (const id of ["alice", "bob", "carol", "dave", "erin"]) {
    station.registry.couriers.set(id, activeCourier(id));
  }
  const planAndPublish = async (activityId: string, overrides: Record<string, unknown>) => {
    await run(staff, {
      type: "PlanActivity",
      data: { activityId, details: detailsWith(overrides) },
    });
    await run(staff, { type: "PublishActivity", data: { activityId } });
  };
  // Five at the station over the week, one elsewhere, one left a draft, one cancelled,
  // one in the lunch peak by an override, one over before the list is read.
  await planAndPublish("mon", day("2026-12-07", "14:00", "16:00"));
  await planAndPublish("tue", day("2026-12-08", "14:00", "16:00"));
  await planAndPublish("wed-morning", day("2026-12-09", "09:00", "10:30"));
  await planAndPublish("wed-afternoon", day("2026-12-09", "15:00", "16:30"));
  await planAndPublish("thu", { ...day("2026-12-10", "14:00", "16:00"), capacity: 5 });
  await planAndPublish("elsewhere", {
    ...day("2026-12-08", "09:00", "10:00"),
    stationId: "zhujing",
    organiser: { kind: "community" },
  });
  await run(staff, {
    type: "PlanActivity",
    data: { activityId: "draft", details: detailsWith(day("2026-12-08", "15:00", "16:00")) },
  });
  await planAndPublish("cancelled", day("2026-12-08", "09:30", "10:00"));
  await run(staff, { type: "CancelActivity", data: { activityId: "cancelled", reason: "暴雨" } });
  await run(staff, {
    type: "PlanActivity",
    data: {
      activityId: "lunch",
      details: detailsWith({ ...day("2026-12-11", "12:00", "13:00"), kind: "learning-session" }),
      peakHoursOverride: { reason: "午休学习会，骑手自愿参加" },
    },
  });
  await run(staff, { type: "PublishActivity", data: { activityId: "lunch" } });
  await planAndPublish("today", day("2026-12-01", "09:00", "09:30"));
  for (const id of ["alice", "bob", "carol", "dave", "erin"]) {
    await run(courier(id), {
      type: "SignUpForActivity",
      data: { activityId: "thu", courierId: id },
    });
  }
  await run(courier("alice"), {
    type: "SignUpForActivity",
    data: { activityId: "mon", courierId: "alice" },
  });
  await run(courier("alice"), {
    type: "SignUpForActivity",
    data: { activityId: "tue", courierId: "alice" },
  });
  station.time.travelTo(at("2026-12-01 10:00"));
});
afterAll(async () => station.close());

describe("upcoming activities", () => {
  it("pages a courier through what is not over yet, soonest first, each once, without drafts or cancelled ones", async () => {
    const { items, pages } = await allPages<ActivityListItem>(
      "ListUpcomingActivities",
      { actor: courier("alice") },
      2,
    );
    expect(items.map((item) => item.activityId)).toEqual([
      "mon",
      "elsewhere",
      "tue",
      "wed-morning",
      "wed-afternoon",
      "thu",
      "lunch",
    ]);
    expect(pages).toBeGreaterThan(3);
    expect(items.find((item) => item.activityId === "thu")?.placesLeft).toBe(0);
  });

  it("keeps an activity that has just ended until check-in closes, for late couriers and for staff to complete it", async () => {
    // "today" ran 09:00–09:30; check-in stays open 30 minutes after the end (the policy's
    // checkInToleranceMinutes), so at 09:45 it is still listed, at 10:00 no longer.
    station.time.travelTo(at("2026-12-01 09:45"));
    try {
      for (const actor of [courier("alice"), staff]) {
        const { items } = await allPages<ActivityListItem>(
          "ListUpcomingActivities",
          { actor, date: "2026-12-01" },
          10,
        );
        expect(items.map((item) => item.activityId)).toEqual(["today"]);
      }
    } finally {
      station.time.travelTo(at("2026-12-01 10:00"));
    }
    const { items } = await allPages<ActivityListItem>(
      "ListUpcomingActivities",
      { actor: staff, date: "2026-12-01" },
      10,
    );
    expect(items).toEqual([]);
  });

  it("shows staff their drafts too", async () => {
    const { items } = await allPages<ActivityListItem>(
      "ListUpcomingActivities",
      { actor: staff, stationId: "wanda" },
      50,
    );
    expect(items.map((item) => item.activityId)).toContain("draft");
    expect(items.map((item) => item.activityId)).not.toContain("elsewhere");
  });

  it("lists a station's activities on a local date", async () => {
    const { items } = await allPages<ActivityListItem>(
      "ListUpcomingActivities",
      { actor: courier("bob"), stationId: "wanda", date: "2026-12-09" },
      1,
    );
    expect(items.map((item) => item.activityId)).toEqual(["wed-morning", "wed-afternoon"]);
  });

  it("warns of the delivery peak an activity overlaps, with the override staff gave", async () => {
    const { items } = await allPages<ActivityListItem>(
      "ListUpcomingActivities",
      { actor: courier("bob"), date: "2026-12-11" },
      10,
    );
    expect(items).toHaveLength(1);
    expect(items[0]?.peakWindows).toEqual([{ from: "11:00", to: "13:30" }]);
    expect(items[0]?.peakHoursOverridden).toBe(true);
    const { items: quiet } = await allPages<ActivityListItem>(
      "ListUpcomingActivities",
      { actor: courier("bob"), date: "2026-12-07" },
      10,
    );
    expect(quiet[0]?.peakWindows).toEqual([]);
  });

  it("refuses staff of another community", async () => {
    const error = refused(
      await station.request("ListUpcomingActivities", { actor: otherStaff }),
      "access.forbidden",
      403,
    );
    expect(error.details).toMatchObject({ reason: "community" });
  });

  it("refuses a cursor that is not one", async () => {
    refused(
      await station.request("ListUpcomingActivities", { actor: staff, after: "not-a-cursor" }),
      "store.invalid_query",
      422,
    );
  });
});

describe("the activities of a month, for staff", () => {
  beforeAll(async () => {
    // Planned while they were still ahead: one on the last evening of October, three in
    // November (its first minute, a draft, its last evening), all in Shanghai's time.
    station.time.travelTo(at("2026-10-20 09:00"));
    try {
      for (const [activityId, date, from, to] of [
        ["oct-night", "2026-10-31", "22:00", "23:00"],
        ["nov-first", "2026-11-01", "00:00", "01:00"],
        ["nov-draft", "2026-11-15", "14:00", "16:00"],
        ["nov-late", "2026-11-30", "22:00", "23:30"],
      ] as const) {
        await run(staff, {
          type: "PlanActivity",
          data: { activityId, details: detailsWith(day(date, from, to)) },
        });
        if (activityId !== "nov-draft") {
          await run(staff, { type: "PublishActivity", data: { activityId } });
        }
      }
    } finally {
      station.time.travelTo(at("2026-12-01 10:00"));
    }
  });

  const ofMonth = async (actor: Actor, month: Record<string, unknown>, limit = 50) =>
    (
      await allPages<ActivityListItem>(
        "ListActivitiesOfMonth",
        { actor, year: 2026, ...month },
        limit,
      )
    ).items.map((item) => `${item.activityId} ${item.status}`);

  it("pages the past month's activities, latest start first, drafts too, by the local calendar", async () => {
    for (const reader of [staff, auditor]) {
      expect(await ofMonth(reader, { month: 11 }, 1)).toEqual([
        "nov-late published",
        "nov-draft draft",
        "nov-first published",
      ]);
    }
    expect(await ofMonth(staff, { month: 10 })).toEqual(["oct-night published"]);
    expect(await ofMonth(staff, { month: 9 })).toEqual([]);
  });

  it("lists this month's activities in one status, cancelled ones too", async () => {
    expect(await ofMonth(staff, { month: 12, status: "cancelled" })).toEqual([
      "cancelled cancelled",
    ]);
    expect(await ofMonth(staff, { month: 11, status: "draft" })).toEqual(["nov-draft draft"]);
    const december = await ofMonth(staff, { month: 12 });
    expect(december[0]).toBe("lunch published");
    expect(december.at(-1)).toBe("today published");
  });

  it("fills a month's page however many activities later months hold", async () => {
    // More rows after October than a page reads through (cancelled copies, in no list), as a
    // station that has run for years has: the page starts at the month's end all the same.
    const later = Option.getOrThrow(
      await station.station.run(
        Effect.flatMap(Store, (store) =>
          Effect.flatMap(store.readModel(activityRows), (rows) =>
            rows.get(activityRowId(COMMUNITY, "nov-late")),
          ),
        ),
      ),
    ).document;
    await station.station.run(
      Effect.flatMap(Store, (store) =>
        Effect.flatMap(store.readModel(activityRows), (rows) =>
          Effect.forEach(
            Array.from({ length: 1_200 }, (_, index) => index),
            (index) =>
              rows.upsert(activityRowId(COMMUNITY, `later-${index}`), {
                ...later,
                activityId: `later-${index}` as ActivityRow["activityId"],
                status: "cancelled",
                listed: false,
                open: false,
                // From about four months on, a minute apart.
                startsAtMillis: later.startsAtMillis + 120 * 86_400_000 + index * 60_000,
                endsAtMillis: later.endsAtMillis + 120 * 86_400_000 + index * 60_000,
              }),
            { discard: true },
          ),
        ),
      ),
    );
    const october = answered<{ items: ActivityListItem[]; next?: string }>(
      await station.request("ListActivitiesOfMonth", { actor: staff, year: 2026, month: 10 }),
    );
    expect(october.items.map((item) => item.activityId)).toEqual(["oct-night"]);
    expect(october.next).toBeUndefined();
    expect(await ofMonth(staff, { month: 11 }, 2)).toEqual([
      "nov-late published",
      "nov-draft draft",
      "nov-first published",
    ]);
  });

  it("is staff's only", async () => {
    for (const reader of [courier("alice"), sponsor]) {
      refused(
        await station.request("ListActivitiesOfMonth", { actor: reader, year: 2026, month: 11 }),
        "access.forbidden",
        403,
      );
    }
    refused(
      await station.request("ListActivitiesOfMonth", { actor: otherStaff, year: 2026, month: 11 }),
      "access.forbidden",
      403,
    );
  });
});

describe("one activity, as each reader may see it", () => {
  const view = async (actor: Actor, activityId: string) =>
    answered<ActivityView>(await station.request("GetActivity", { actor, activityId }));

  it("shows staff and auditors the roster and figures", async () => {
    for (const reader of [staff, auditor]) {
      const shown = await view(reader, "thu");
      expect(shown.view).toBe("staff");
      if (shown.view !== "staff") return;
      expect(shown.roster.map((entry) => entry.courierId)).toEqual([
        "alice",
        "bob",
        "carol",
        "dave",
        "erin",
      ]);
      expect(shown.rosterTotal).toBe(5);
      expect(shown.summary.signedUp).toBe(5);
    }
  });

  it("shows a courier their own participation and nobody else's", async () => {
    const shown = await view(courier("bob"), "thu");
    expect(shown.view).toBe("courier");
    if (shown.view !== "courier") return;
    expect(shown.participation?.status).toBe("signed-up");
    const text = JSON.stringify(shown);
    for (const other of ["alice", "carol", "dave", "erin"])
      expect(text).not.toContain(`"${other}"`);
  });

  it("shows a sponsor the public view: no couriers, no code", async () => {
    const shown = await view(sponsor, "thu");
    expect(shown.view).toBe("public");
    const text = JSON.stringify(shown);
    for (const id of ["alice", "bob", "carol", "dave", "erin"])
      expect(text).not.toContain(`"${id}"`);
    expect(text).not.toContain("courierId");
    expect(text).not.toContain("checkInCode");
  });

  it("keeps a draft from everyone but staff, as if it did not exist", async () => {
    expect((await view(staff, "draft")).status).toBe("draft");
    for (const reader of [courier("alice"), sponsor]) {
      refused(
        await station.request("GetActivity", { actor: reader, activityId: "draft" }),
        "activity.not_found",
        404,
      );
    }
    refused(
      await station.request("GetActivity", { actor: staff, activityId: "never-planned" }),
      "activity.not_found",
      404,
    );
  });

  it("gives the system an activity's facts, without who signed up", async () => {
    const facts = answered<ActivityFacts>(
      await station.request("GetActivityFacts", {
        actor: systemActor("wishes-lighting"),
        activityId: "thu",
      }),
    );
    expect(facts).toEqual({
      activityId: "thu",
      kind: "volunteering",
      status: "published",
      stationId: "wanda",
      startsAt: at("2026-12-10 14:00"),
      endsAt: at("2026-12-10 16:00"),
    });
    refused(
      await station.request("GetActivityFacts", {
        actor: systemActor("wishes-lighting"),
        activityId: "never-planned",
      }),
      "activity.not_found",
      404,
    );
  });
});

describe("rosters, a courier's own activities and hours", () => {
  it("pages an activity's roster for staff, each courier once, by status too", async () => {
    const { items, pages } = await allPages<ParticipationView>(
      "ListActivityRoster",
      { actor: staff, activityId: "thu" },
      2,
    );
    expect(items.map((item) => item.courierId)).toEqual(["alice", "bob", "carol", "dave", "erin"]);
    expect(pages).toBe(3);
    await run(staff, {
      type: "CancelSignUp",
      data: { activityId: "thu", courierId: "erin", reason: "换班" },
    });
    const { items: signedUp } = await allPages<ParticipationView>(
      "ListActivityRoster",
      { actor: staff, activityId: "thu", status: "signed-up" },
      10,
    );
    expect(signedUp.map((item) => item.courierId)).toEqual(["alice", "bob", "carol", "dave"]);
  });

  it("pages a courier's own activities, latest first, and refuses another courier asking", async () => {
    const { items } = await allPages<CourierActivityItem>(
      "ListCourierActivities",
      { actor: courier("alice"), courierId: "alice" },
      1,
    );
    expect(items.map((item) => item.activityId)).toEqual(["thu", "tue", "mon"]);
    expect(items[0]?.participation.status).toBe("signed-up");
    refused(
      await station.request("ListCourierActivities", { actor: courier("bob"), courierId: "alice" }),
      "courier.not_yourself",
      403,
    );
    const forStaff = answered<{ items: CourierActivityItem[] }>(
      await station.request("ListCourierActivities", { actor: staff, courierId: "alice" }),
    );
    expect(forStaff.items).toHaveLength(3);
  });

  it("sums a courier's volunteer hours over their confirmed participations", async () => {
    const hours = async (actor: Actor, courierId: string) =>
      station.request("GetCourierVolunteerHours", { actor, courierId });
    expect(answered<CourierVolunteerHours>(await hours(courier("carol"), "carol"))).toEqual({
      courierId: "carol",
      hours: 0,
      confirmedParticipations: 0,
    });
    for (const [activityId, date] of [
      ["hours-1", "2026-12-02"],
      ["hours-2", "2026-12-03"],
    ] as const) {
      station.time.travelTo(at("2026-12-01 10:00"));
      await run(staff, {
        type: "PlanActivity",
        data: {
          activityId,
          details: detailsWith({ ...day(date, "14:00", "16:00"), volunteerHours: 1.5 }),
        },
      });
      await run(staff, { type: "PublishActivity", data: { activityId } });
      station.time.travelTo(at(`${date} 14:00`));
      await run(staff, { type: "StartActivity", data: { activityId, checkInCode: "HOURS1" } });
      await run(staff, { type: "RecordWalkIns", data: { activityId, courierIds: ["carol"] } });
      await run(staff, {
        type: "CompleteActivity",
        data: {
          activityId,
          ...(activityId === "hours-2"
            ? { hoursAdjustments: [{ courierId: "carol", hours: 2.25 }] }
            : {}),
        },
      });
    }
    station.time.travelTo(at("2026-12-03 17:00"));
    expect(answered<CourierVolunteerHours>(await hours(courier("carol"), "carol"))).toEqual({
      courierId: "carol",
      hours: 3.75,
      confirmedParticipations: 2,
    });
    refused(await hours(courier("bob"), "carol"), "courier.not_yourself", 403);
    expect(answered<CourierVolunteerHours>(await hours(staff, "carol")).hours).toBe(3.75);
  });
});

describe("patrol routes and a courier's patrols", () => {
  beforeAll(async () => {
    for (const routeId of ["river-a", "river-b", "river-c"]) {
      await run(staff, { type: "PublishPatrolRoute", data: routeWith(routeId) });
    }
    await run(staff, {
      type: "PublishPatrolRoute",
      data: routeWith("street-x", { kind: "street", stationId: "zhujing" }),
    });
    await run(staff, { type: "SuspendPatrolRoute", data: { routeId: "river-c", reason: "汛期" } });
  });

  it("pages the routes by id, at a station and in a status, for everyone", async () => {
    const { items } = await allPages<PatrolRouteView>("ListPatrolRoutes", { actor: sponsor }, 2);
    expect(items.map((item) => item.routeId)).toEqual([
      "river-a",
      "river-b",
      "river-c",
      "street-x",
    ]);
    const { items: open } = await allPages<PatrolRouteView>(
      "ListPatrolRoutes",
      { actor: courier("alice"), stationId: "wanda", status: "active" },
      10,
    );
    expect(open.map((item) => item.routeId)).toEqual(["river-a", "river-b"]);
    const route = answered<PatrolRouteView>(
      await station.request("GetPatrolRoute", { actor: courier("alice"), routeId: "river-c" }),
    );
    expect(route.status).toBe("suspended");
    refused(
      await station.request("GetPatrolRoute", { actor: staff, routeId: "no-such-route" }),
      "patrol.route_not_found",
      404,
    );
    refused(
      await station.request("ListPatrolRoutes", { actor: otherStaff }),
      "access.forbidden",
      403,
    );
  });

  it("lists a courier's patrols with their progress, and only to them and staff", async () => {
    const checkIn = (routeId: string, index: number) =>
      run(courier("dave"), {
        type: "CheckInAtCheckpoint",
        data: {
          routeId,
          courierId: "dave",
          checkpointId: index === 0 ? "bridge-3" : "sluice",
          position: near(index, 5),
        },
      });
    station.time.travelTo(at("2026-12-04 09:00"));
    await checkIn("river-a", 0);
    await checkIn("river-a", 1);
    station.time.travelTo(at("2026-12-05 09:00"));
    await checkIn("river-b", 0);
    const { items } = await allPages<PatrolView>(
      "ListCourierPatrols",
      { actor: courier("dave"), courierId: "dave" },
      1,
    );
    expect(items.map((item) => [item.routeId, item.day, item.status])).toEqual([
      ["river-b", "2026-12-05", "in-progress"],
      ["river-a", "2026-12-04", "completed"],
    ]);
    expect(items[0]?.progress).toEqual({
      visited: ["bridge-3"],
      remaining: ["sluice"],
      required: 2,
    });
    expect(JSON.stringify(items)).not.toContain("latitude");
    const { items: onA } = await allPages<PatrolView>(
      "ListCourierPatrols",
      { actor: staff, courierId: "dave", routeId: "river-a" },
      10,
    );
    expect(onA).toHaveLength(1);
    refused(
      (await station.request("ListCourierPatrols", {
        actor: courier("alice"),
        courierId: "dave",
      })) as Reply<unknown>,
      "courier.not_yourself",
      403,
    );
  });
});
