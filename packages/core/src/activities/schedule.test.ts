import { describe, expect, it } from "vitest";
import { addMillis, MINUTE } from "../kernel/time.js";
import { CommunityPolicy, jinshanPolicy } from "../policy/schema.js";
import type { ActivityCommand } from "./commands.js";
import {
  activityCompletionDueAt,
  checkInClosesAt,
  checkInCodeRotationDueAt,
  checkInWindow,
  hasCheckInClosed,
  isCheckInCodeRotationDue,
} from "./schedule.js";
import {
  ACTIVITY,
  at,
  commands,
  contextWith,
  courierActor,
  detailsWith,
  ENDS_AT,
  given,
  PLANNED_AT,
  STARTS_AT,
} from "./testing/fixtures.js";

const rotating = (minutes: number): CommunityPolicy =>
  CommunityPolicy.parse({
    ...jinshanPolicy(),
    activities: { ...jinshanPolicy().activities, checkInCodeRotationMinutes: minutes },
  });
const STARTED_AT = at("2026-12-05 13:50");
const staffAt = (now: ReturnType<typeof at>) => contextWith({ now });
const lifecycle = (...more: ReadonlyArray<readonly [ActivityCommand, ReturnType<typeof at>]>) =>
  given([
    [commands.plan(), staffAt(PLANNED_AT)],
    [commands.publish(), staffAt(PLANNED_AT)],
    [commands.signUp("alice"), contextWith({ now: PLANNED_AT, actor: courierActor("alice") })],
    [commands.start(), staffAt(STARTED_AT)],
    ...more.map(([command, now]) => [command, staffAt(now)] as const),
  ]).state;
const rotate = (code: string): ActivityCommand => ({
  type: "RotateCheckInCode",
  data: { activityId: ACTIVITY, checkInCode: code },
});

describe("when the service's timers act on an activity", () => {
  it("completes a started activity once check-in has closed, the tolerance after its end", () => {
    const policy = jinshanPolicy();
    const closes = addMillis(ENDS_AT, policy.activities.checkInToleranceMinutes * MINUTE);
    expect(checkInClosesAt(lifecycle(), policy)).toBe(closes);
    expect(activityCompletionDueAt(lifecycle(), policy)).toBe(closes);
  });

  it("completes nothing that is not started", () => {
    const policy = jinshanPolicy();
    const published = given([
      [commands.plan(), staffAt(PLANNED_AT)],
      [commands.publish(), staffAt(PLANNED_AT)],
    ]).state;
    expect(activityCompletionDueAt(published, policy)).toBeUndefined();
    expect(
      activityCompletionDueAt(lifecycle([commands.complete(), at("2026-12-05 16:40")]), policy),
    ).toBeUndefined();
    expect(activityCompletionDueAt({ status: "none" }, policy)).toBeUndefined();
  });

  it("rotates no code when the policy sets no rotation (the Jinshan default)", () => {
    expect(jinshanPolicy().activities.checkInCodeRotationMinutes).toBeUndefined();
    expect(checkInCodeRotationDueAt(lifecycle(), jinshanPolicy())).toBeUndefined();
  });

  it("rotates the code the policy's minutes after it was shown, counting again from each rotation", () => {
    const policy = rotating(10);
    expect(checkInCodeRotationDueAt(lifecycle(), policy)).toBe(addMillis(STARTED_AT, 10 * MINUTE));
    const rotatedAt = at("2026-12-05 14:03");
    expect(checkInCodeRotationDueAt(lifecycle([rotate("7730"), rotatedAt]), policy)).toBe(
      addMillis(rotatedAt, 10 * MINUTE),
    );
  });

  it("is due from its time until check-in closes, so a timer that ran late leaves the code alone", () => {
    const policy = rotating(10);
    const state = lifecycle();
    expect(isCheckInCodeRotationDue(state, policy, at("2026-12-05 13:59"))).toBe(false);
    expect(isCheckInCodeRotationDue(state, policy, at("2026-12-05 14:00"))).toBe(true);
    expect(isCheckInCodeRotationDue(state, policy, at("2026-12-05 16:29"))).toBe(true);
    expect(isCheckInCodeRotationDue(state, policy, at("2026-12-05 16:30"))).toBe(false);
    expect(isCheckInCodeRotationDue(state, jinshanPolicy(), at("2026-12-05 14:30"))).toBe(false);
  });

  it("stops rotating once check-in would be closed, and for an activity no longer started", () => {
    const policy = rotating(60);
    const lateRotation = at("2026-12-05 15:45");
    expect(checkInCodeRotationDueAt(lifecycle([rotate("7730"), lateRotation]), policy)).toBe(
      undefined,
    );
    expect(
      checkInCodeRotationDueAt(lifecycle([commands.cancel(), at("2026-12-05 14:00")]), policy),
    ).toBeUndefined();
  });
});

describe("an activity's check-in window", () => {
  it("opens the policy's tolerance before the start and closes as long after the end", () => {
    const policy = jinshanPolicy();
    const tolerance = policy.activities.checkInToleranceMinutes * MINUTE;
    expect(checkInWindow(detailsWith(), policy)).toEqual({
      opensAt: addMillis(STARTS_AT, -tolerance),
      closesAt: addMillis(ENDS_AT, tolerance),
    });
  });

  it("has closed from its close on, whatever the activity's status", () => {
    const policy = jinshanPolicy();
    const { closesAt } = checkInWindow(detailsWith(), policy);
    expect(hasCheckInClosed(detailsWith(), policy, ENDS_AT)).toBe(false);
    expect(hasCheckInClosed(detailsWith(), policy, addMillis(closesAt, -1))).toBe(false);
    expect(hasCheckInClosed(detailsWith(), policy, closesAt)).toBe(true);
  });
});
