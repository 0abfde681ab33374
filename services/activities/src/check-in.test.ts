import type { ActivityView } from "@courier-station/contracts";
import { Store } from "@courier-station/kit";
import { Effect } from "effect";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { answered, applied, refused } from "./testing/replies.js";
import {
  type ActivitiesStation,
  activeCourier,
  at,
  courier,
  detailsWith,
  envelope,
  staff,
  startActivitiesStation,
} from "./testing/station.js";

let station: ActivitiesStation;
let sequence = 0;

beforeAll(async () => {
  station = await startActivitiesStation({ codes: ["4821", "7730", "5193"] });
  for (const id of ["alice", "bob", "carol"]) {
    station.registry.couriers.set(id, activeCourier(id));
  }
});
afterAll(async () => station.close());

const eventCount = () =>
  station.station.run(
    Effect.gen(function* () {
      const store = yield* Store;
      return (yield* store.readLog({ after: 0, limit: 10_000 })).length;
    }),
  );

const staffView = async (activityId: string) => {
  const view = answered<ActivityView>(
    await station.request("GetActivity", { actor: staff, activityId }),
  );
  if (view.view !== "staff") throw new Error("expected the staff view");
  return view;
};

const checkIn = (activityId: string, courierId: string, code: string, commandId?: string) =>
  station.request(
    "CheckInToActivity",
    envelope(
      courier(courierId),
      { type: "CheckInToActivity", data: { activityId, courierId, code } },
      commandId,
    ),
  );

/** A started activity (the service chose its code) with alice, bob and carol signed up. */
const startedActivity = async () => {
  const activityId = `check-in-${++sequence}`;
  station.time.travelTo(at("2026-12-01 09:00"));
  applied(
    await station.request(
      "PlanActivity",
      envelope(staff, { type: "PlanActivity", data: { activityId, details: detailsWith() } }),
    ),
  );
  applied(
    await station.request(
      "PublishActivity",
      envelope(staff, { type: "PublishActivity", data: { activityId } }),
    ),
  );
  for (const id of ["alice", "bob", "carol"]) {
    applied(
      await station.request(
        "SignUpForActivity",
        envelope(courier(id), {
          type: "SignUpForActivity",
          data: { activityId, courierId: id },
        }),
      ),
    );
  }
  station.time.travelTo(at("2026-12-05 13:50"));
  applied(
    await station.request(
      "StartActivity",
      envelope(staff, { type: "StartActivity", data: { activityId } }),
    ),
  );
  return activityId;
};

describe("check-in by the code the station shows", () => {
  it("shows staff the code the service chose and lets a courier type it in any case", async () => {
    const activityId = await startedActivity();
    const code = (await staffView(activityId)).checkInCodes?.current;
    expect(code).toMatch(/^[A-Z0-9]{4,12}$/);
    station.time.travelTo(at("2026-12-05 14:05"));
    applied(await checkIn(activityId, "alice", ` ${code?.toLowerCase()} `));
    const roster = (await staffView(activityId)).roster;
    expect(roster.find((entry) => entry.courierId === "alice")?.status).toBe("attended");
  });

  it("is safe to retry: the same command id, sent again and at once, checks in once with the same events", async () => {
    const activityId = await startedActivity();
    const code = (await staffView(activityId)).checkInCodes?.current ?? "";
    station.time.travelTo(at("2026-12-05 14:05"));
    const before = await eventCount();
    const replies = await Promise.all(
      Array.from({ length: 5 }, () => checkIn(activityId, "bob", code, `bob-${activityId}`)),
    );
    const values = replies.map((reply) => answered<{ outcome: string; eventIds: string[] }>(reply));
    expect(values.filter((value) => value.outcome === "applied")).toHaveLength(1);
    expect(new Set(values.map((value) => JSON.stringify(value.eventIds))).size).toBe(1);
    expect((await eventCount()) - before).toBe(1);
    // Even once the code has changed, the retry is the same command, not a wrong code.
    applied(
      await station.request(
        "RotateCheckInCode",
        envelope(staff, { type: "RotateCheckInCode", data: { activityId } }),
      ),
    );
    station.time.travelTo(at("2026-12-05 14:30"));
    const late = answered<{ outcome: string }>(
      await checkIn(activityId, "bob", code, `bob-${activityId}`),
    );
    expect(late.outcome).toBe("duplicate");
  });

  it("refuses a wrong code with the domain's message, and stores nothing", async () => {
    const activityId = await startedActivity();
    station.time.travelTo(at("2026-12-05 14:05"));
    const before = await eventCount();
    const error = refused(
      await checkIn(activityId, "carol", "WRONG1"),
      "activity.wrong_check_in_code",
      422,
    );
    expect(error.message["zh-CN"]).toContain("签到码");
    expect(await eventCount()).toBe(before);
    const roster = (await staffView(activityId)).roster;
    expect(roster.find((entry) => entry.courierId === "carol")?.status).toBe("signed-up");
  });

  it("accepts the previous code for the grace minutes after a rotation and refuses it as expired after", async () => {
    const activityId = await startedActivity();
    const first = (await staffView(activityId)).checkInCodes?.current ?? "";
    station.time.travelTo(at("2026-12-05 14:10"));
    applied(
      await station.request(
        "RotateCheckInCode",
        envelope(staff, { type: "RotateCheckInCode", data: { activityId } }),
      ),
    );
    const codes = (await staffView(activityId)).checkInCodes;
    expect(codes?.current).not.toBe(first);
    expect(codes?.previous?.code).toBe(first);
    station.time.travelTo(at("2026-12-05 14:11"));
    applied(await checkIn(activityId, "alice", first));
    station.time.travelTo(at("2026-12-05 14:13"));
    refused(await checkIn(activityId, "bob", first), "activity.wrong_check_in_code", 422);
    applied(await checkIn(activityId, "bob", codes?.current ?? ""));
  });

  it("refuses a check-in outside the activity's window, however right the code", async () => {
    const activityId = await startedActivity();
    const code = (await staffView(activityId)).checkInCodes?.current ?? "";
    station.time.travelTo(at("2026-12-05 16:31"));
    refused(await checkIn(activityId, "carol", code), "activity.outside_check_in_window", 422);
  });
});
