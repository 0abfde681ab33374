import { describe, expect, it } from "vitest";
import {
  at,
  commands,
  contextWith,
  courier,
  courierActor,
  given,
  PLANNED_AT,
} from "./testing/fixtures.js";
import { activityCourierView, activityStaffView } from "./views.js";

const staffAt = (now: ReturnType<typeof at>) => contextWith({ now });
const courierAt = (id: string, now: ReturnType<typeof at>) =>
  contextWith({ now, actor: courierActor(id) });
const BEFORE = at("2026-12-03 10:00");
const DURING = at("2026-12-05 14:30");
const started = () =>
  given([
    [commands.plan(), staffAt(PLANNED_AT)],
    [commands.publish(), staffAt(PLANNED_AT)],
    [commands.signUp("alice"), courierAt("alice", BEFORE)],
    [commands.signUp("bob"), courierAt("bob", BEFORE)],
    [commands.start(), staffAt(at("2026-12-05 13:50"))],
    [commands.checkIn("alice"), courierAt("alice", DURING)],
  ]).state;

describe("the staff view of an activity", () => {
  it("shows the roster, the code the station shows and the figures", () => {
    const view = activityStaffView(started());
    expect(
      view?.roster.map((participation) => [participation.courierId, participation.status]),
    ).toEqual([
      ["alice", "attended"],
      ["bob", "signed-up"],
    ]);
    expect(view?.checkInCodes?.current).toBe("4821");
    expect(view?.summary).toMatchObject({ placesTaken: 2, signedUp: 1, attended: 1 });
  });

  it("shows staff a draft, but nothing before the activity is planned", () => {
    const draft = given([[commands.plan(), staffAt(PLANNED_AT)]]).state;
    expect(activityStaffView(draft)?.status).toBe("draft");
    expect(activityStaffView({ status: "none" })).toBeUndefined();
  });
});

describe("a courier's view of an activity", () => {
  it("shows their own participation and nobody else's, never the code", () => {
    const view = activityCourierView(started(), courier("bob"));
    expect(view?.participation?.status).toBe("signed-up");
    const shown = JSON.stringify(view);
    expect(shown).not.toContain("alice");
    expect(shown).not.toContain("4821");
  });

  it("shows no participation to a courier who has none, and no draft at all", () => {
    expect(activityCourierView(started(), courier("carol"))?.participation).toBeUndefined();
    const draft = given([[commands.plan(), staffAt(PLANNED_AT)]]).state;
    expect(activityCourierView(draft, courier("carol"))).toBeUndefined();
  });
});
