import { activitiesContract } from "@courier-station/contracts";
import type { Actor } from "@courier-station/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applied, refused } from "./testing/replies.js";
import {
  type ActivitiesStation,
  activeCourier,
  at,
  courier,
  detailsWith,
  envelope,
  near,
  routeWith,
  staff,
  startActivitiesStation,
} from "./testing/station.js";

type Endpoint = keyof typeof activitiesContract.endpoints;
type Command = { readonly type: Endpoint; readonly data: Record<string, unknown> };

/** The station's clock reads this time throughout: during the day's activities. */
const NOW = at("2026-12-05 14:30");
const otherStaff: Actor = { ...staff, id: "staff-zhao" };

let station: ActivitiesStation;
let sequence = 0;

beforeAll(async () => {
  station = await startActivitiesStation({ now: NOW });
  for (const id of ["alice", "bob", "carol", "erin"]) {
    station.registry.couriers.set(id, activeCourier(id));
  }
  station.registry.couriers.set("dave", activeCourier("dave", { status: "suspended" }));
});
afterAll(async () => station.close());

const send = (actor: Actor, command: Command, commandId?: string) =>
  station.request(command.type, envelope(actor, command, commandId));
const run = async (actor: Actor, command: Command) => applied(await send(actor, command));

/** A fresh activity id for each case. */
const fresh = () => `activity-${++sequence}`;

const plan = (activityId: string, overrides: Record<string, unknown> = {}): Command => ({
  type: "PlanActivity",
  data: { activityId, details: detailsWith(overrides) },
});
const publish = (activityId: string): Command => ({
  type: "PublishActivity",
  data: { activityId },
});
const signUp = (activityId: string, courierId: string): Command => ({
  type: "SignUpForActivity",
  data: { activityId, courierId },
});
const start = (activityId: string, checkInCode?: string): Command => ({
  type: "StartActivity",
  data: { activityId, ...(checkInCode === undefined ? {} : { checkInCode }) },
});

/** An activity planned (and published, and with sign-ups, and started, as asked). */
const given = async (
  stage: "planned" | "published" | "started",
  signUps: ReadonlyArray<string> = [],
  overrides: Record<string, unknown> = {},
) => {
  const activityId = fresh();
  await run(staff, plan(activityId, overrides));
  if (stage === "planned") return activityId;
  await run(staff, publish(activityId));
  for (const id of signUps) await run(courier(id), signUp(activityId, id));
  if (stage === "started") await run(staff, start(activityId, "4821"));
  return activityId;
};

const givenRoute = async (status: "none" | "active" | "suspended" = "active") => {
  const routeId = `route-${++sequence}`;
  if (status === "none") return routeId;
  await run(staff, { type: "PublishPatrolRoute", data: routeWith(routeId) });
  if (status === "suspended") {
    await run(staff, { type: "SuspendPatrolRoute", data: { routeId, reason: "汛期封闭" } });
  }
  return routeId;
};

/**
 * One case per command endpoint: what it is sent by, a command that is accepted, one
 * the domain refuses (with its code and status), and another body for the accepted
 * command's id.
 */
interface CommandCase {
  readonly endpoint: Endpoint;
  readonly setup: () => Promise<{
    readonly actor: Actor;
    readonly accepted: Command;
    readonly refused: { readonly actor?: Actor; readonly command: Command };
    readonly code: string;
    readonly status: number;
    readonly conflicting: { readonly actor?: Actor; readonly command?: Command };
  }>;
}

const cases: ReadonlyArray<CommandCase> = [
  {
    endpoint: "PlanActivity",
    setup: async () => {
      const activityId = fresh();
      return {
        actor: staff,
        accepted: plan(activityId),
        refused: {
          command: plan(fresh(), {
            startsAt: at("2026-12-06 12:00"),
            endsAt: at("2026-12-06 13:00"),
          }),
        },
        code: "activity.in_peak_hours",
        status: 422,
        conflicting: { command: plan(activityId, { title: "护河志愿行动（第二场）" }) },
      };
    },
  },
  {
    endpoint: "UpdateActivityDetails",
    setup: async () => {
      const activityId = await given("published", ["alice", "bob"]);
      const update = (changes: Record<string, unknown>): Command => ({
        type: "UpdateActivityDetails",
        data: { activityId, changes },
      });
      return {
        actor: staff,
        accepted: update({ title: "护河志愿行动（改）" }),
        refused: { command: update({ capacity: 1 }) },
        code: "activity.capacity_below_places_taken",
        status: 422,
        conflicting: { command: update({ title: "另一个标题" }) },
      };
    },
  },
  {
    endpoint: "PublishActivity",
    setup: async () => {
      const activityId = await given("planned");
      return {
        actor: staff,
        accepted: publish(activityId),
        refused: { command: publish(fresh()) },
        code: "activity.not_found",
        status: 404,
        conflicting: { actor: otherStaff },
      };
    },
  },
  {
    endpoint: "StartActivity",
    setup: async () => {
      const activityId = await given("published");
      return {
        actor: staff,
        accepted: start(activityId),
        refused: { command: start(await given("planned")) },
        code: "activity.transition_not_allowed",
        status: 422,
        conflicting: { command: start(activityId, "ZZ99") },
      };
    },
  },
  {
    endpoint: "RotateCheckInCode",
    setup: async () => {
      const activityId = await given("started");
      const rotate = (checkInCode: string): Command => ({
        type: "RotateCheckInCode",
        data: { activityId, checkInCode },
      });
      return {
        actor: staff,
        accepted: rotate("K7QM3X"),
        refused: {
          command: {
            type: "RotateCheckInCode",
            data: { activityId: await given("started"), checkInCode: "4821" },
          },
        },
        code: "activity.check_in_code_unchanged",
        status: 422,
        conflicting: { command: rotate("P2RT8W") },
      };
    },
  },
  {
    endpoint: "CancelActivity",
    setup: async () => {
      const activityId = await given("published", ["alice"]);
      const cancel = (id: string, reason: string): Command => ({
        type: "CancelActivity",
        data: { activityId: id, reason },
      });
      return {
        actor: staff,
        accepted: cancel(activityId, "暴雨预警"),
        refused: { command: cancel(fresh(), "暴雨预警") },
        code: "activity.not_found",
        status: 404,
        conflicting: { command: cancel(activityId, "场地维修") },
      };
    },
  },
  {
    endpoint: "CompleteActivity",
    setup: async () => {
      const activityId = await given("started", ["alice"]);
      return {
        actor: staff,
        accepted: { type: "CompleteActivity", data: { activityId } },
        refused: {
          command: { type: "CompleteActivity", data: { activityId: await given("published") } },
        },
        code: "activity.transition_not_allowed",
        status: 422,
        conflicting: { actor: otherStaff },
      };
    },
  },
  {
    endpoint: "SignUpForActivity",
    setup: async () => {
      const activityId = await given("published");
      return {
        actor: courier("alice"),
        accepted: signUp(activityId, "alice"),
        refused: { actor: courier("dave"), command: signUp(activityId, "dave") },
        code: "activity.courier_not_active",
        status: 422,
        conflicting: { actor: staff },
      };
    },
  },
  {
    endpoint: "CancelSignUp",
    setup: async () => {
      const tomorrow = { startsAt: at("2026-12-06 14:00"), endsAt: at("2026-12-06 16:00") };
      const activityId = await given("published", ["alice"], tomorrow);
      const cancel = (courierId: string, reason?: string): Command => ({
        type: "CancelSignUp",
        data: { activityId, courierId, ...(reason === undefined ? {} : { reason }) },
      });
      return {
        actor: courier("alice"),
        accepted: cancel("alice"),
        refused: { actor: courier("bob"), command: cancel("bob") },
        code: "activity.not_signed_up",
        status: 422,
        conflicting: { command: cancel("alice", "临时有单") },
      };
    },
  },
  {
    endpoint: "CheckInToActivity",
    setup: async () => {
      const activityId = await given("started", ["alice", "bob"]);
      const checkIn = (courierId: string, code: string): Command => ({
        type: "CheckInToActivity",
        data: { activityId, courierId, code },
      });
      return {
        actor: courier("alice"),
        accepted: checkIn("alice", "4821"),
        refused: { actor: courier("bob"), command: checkIn("bob", "0000") },
        code: "activity.wrong_check_in_code",
        status: 422,
        conflicting: { command: checkIn("alice", "4822") },
      };
    },
  },
  {
    endpoint: "CheckOutOfActivity",
    setup: async () => {
      const activityId = await given("started", ["alice", "bob"]);
      await run(courier("alice"), {
        type: "CheckInToActivity",
        data: { activityId, courierId: "alice", code: "4821" },
      });
      const checkOut = (courierId: string): Command => ({
        type: "CheckOutOfActivity",
        data: { activityId, courierId },
      });
      return {
        actor: courier("alice"),
        accepted: checkOut("alice"),
        refused: { actor: courier("bob"), command: checkOut("bob") },
        code: "activity.not_there",
        status: 422,
        conflicting: { actor: staff },
      };
    },
  },
  {
    endpoint: "RecordWalkIns",
    setup: async () => {
      const activityId = await given("started");
      const walkIns = (...courierIds: string[]): Command => ({
        type: "RecordWalkIns",
        data: { activityId, courierIds },
      });
      return {
        actor: staff,
        accepted: walkIns("carol"),
        refused: { command: walkIns("dave") },
        code: "activity.bulk_refused",
        status: 422,
        conflicting: { command: walkIns("carol", "erin") },
      };
    },
  },
  {
    endpoint: "ConfirmAttendance",
    setup: async () => {
      const activityId = await given("started", ["bob"]);
      const confirm = (...courierIds: string[]): Command => ({
        type: "ConfirmAttendance",
        data: { activityId, courierIds },
      });
      return {
        actor: staff,
        accepted: confirm("bob"),
        refused: { command: confirm("carol") },
        code: "activity.bulk_refused",
        status: 422,
        conflicting: { actor: otherStaff },
      };
    },
  },
  {
    endpoint: "MarkNoShows",
    setup: async () => {
      const activityId = await given("started", ["bob"]);
      const mark = (...courierIds: string[]): Command => ({
        type: "MarkNoShows",
        data: { activityId, courierIds },
      });
      return {
        actor: staff,
        accepted: mark("bob"),
        refused: { command: mark("carol") },
        code: "activity.bulk_refused",
        status: 422,
        conflicting: { actor: otherStaff },
      };
    },
  },
  {
    endpoint: "PublishPatrolRoute",
    setup: async () => {
      const routeId = await givenRoute("none");
      return {
        actor: staff,
        accepted: { type: "PublishPatrolRoute", data: routeWith(routeId) },
        refused: { command: { type: "PublishPatrolRoute", data: routeWith(await givenRoute()) } },
        code: "patrol.route_already_published",
        status: 409,
        conflicting: {
          command: { type: "PublishPatrolRoute", data: routeWith(routeId, { name: "山阳河东线" }) },
        },
      };
    },
  },
  {
    endpoint: "RevisePatrolRoute",
    setup: async () => {
      const routeId = await givenRoute();
      const revise = (id: string, name: string): Command => ({
        type: "RevisePatrolRoute",
        data: { routeId: id, name },
      });
      return {
        actor: staff,
        accepted: revise(routeId, "山阳河巡河线（新）"),
        refused: { command: revise(await givenRoute("none"), "无此路线") },
        code: "patrol.route_not_found",
        status: 404,
        conflicting: { command: revise(routeId, "另一个名字") },
      };
    },
  },
  {
    endpoint: "SuspendPatrolRoute",
    setup: async () => {
      const routeId = await givenRoute();
      const suspend = (id: string, reason: string): Command => ({
        type: "SuspendPatrolRoute",
        data: { routeId: id, reason },
      });
      return {
        actor: staff,
        accepted: suspend(routeId, "汛期封闭"),
        refused: { command: suspend(await givenRoute("suspended"), "汛期封闭") },
        code: "patrol.route_transition_not_allowed",
        status: 422,
        conflicting: { command: suspend(routeId, "道路施工") },
      };
    },
  },
  {
    endpoint: "ResumePatrolRoute",
    setup: async () => {
      const routeId = await givenRoute("suspended");
      return {
        actor: staff,
        accepted: { type: "ResumePatrolRoute", data: { routeId } },
        refused: { command: { type: "ResumePatrolRoute", data: { routeId: await givenRoute() } } },
        code: "patrol.route_transition_not_allowed",
        status: 422,
        conflicting: { actor: otherStaff },
      };
    },
  },
  {
    endpoint: "RetirePatrolRoute",
    setup: async () => {
      const routeId = await givenRoute();
      const retire = (id: string, reason: string): Command => ({
        type: "RetirePatrolRoute",
        data: { routeId: id, reason },
      });
      return {
        actor: staff,
        accepted: retire(routeId, "河道改线"),
        refused: { command: retire(await givenRoute("none"), "河道改线") },
        code: "patrol.route_not_found",
        status: 404,
        conflicting: { command: retire(routeId, "另有安排") },
      };
    },
  },
  {
    endpoint: "CheckInAtCheckpoint",
    setup: async () => {
      const routeId = await givenRoute();
      const checkIn = (courierId: string, position: unknown): Command => ({
        type: "CheckInAtCheckpoint",
        data: { routeId, courierId, checkpointId: "bridge-3", position },
      });
      return {
        actor: courier("alice"),
        accepted: checkIn("alice", near(0, 10)),
        refused: { actor: courier("bob"), command: checkIn("bob", near(0, 400)) },
        code: "patrol.outside_checkpoint_radius",
        status: 422,
        conflicting: { command: checkIn("alice", near(0, 20)) },
      };
    },
  },
];

describe("every command endpoint", () => {
  it("has a case here, one per command of the contract", () => {
    const commands = Object.values(activitiesContract.endpoints)
      .filter((endpoint) => endpoint.kind === "command")
      .map((endpoint) => endpoint.name);
    expect(cases.map((entry) => entry.endpoint).sort()).toEqual(commands.sort());
  });

  describe.each(cases)("$endpoint", ({ setup }) => {
    it("applies a command, answers it again as a duplicate with the same events, refuses its id with another body, and refuses what the domain refuses", async () => {
      const { actor, accepted, refused: refusal, code, status, conflicting } = await setup();
      const commandId = `case-${++sequence}`;
      const first = applied(await send(actor, accepted, commandId));
      expect(first.eventIds.length).toBeGreaterThan(0);
      for (let attempt = 0; attempt < 3; attempt++) {
        const again = await send(actor, accepted, commandId);
        expect(again.ok && again.value).toEqual({ ...first, outcome: "duplicate" });
      }
      const conflict = refused(
        await send(conflicting.actor ?? actor, conflicting.command ?? accepted, commandId),
        "command.id_conflict",
        409,
      );
      expect(conflict.message.en).toContain(commandId);
      refused(await send(refusal.actor ?? actor, refusal.command), code, status);
    });
  });
});
