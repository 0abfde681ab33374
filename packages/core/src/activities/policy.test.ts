import { Either } from "effect";
import { describe, expect, it } from "vitest";
import { parsePolicy } from "../policy/parse.js";
import { jinshanPolicy } from "../policy/schema.js";

describe("the activities section of the policy", () => {
  it("defaults to the Jinshan programme", () => {
    expect(jinshanPolicy().activities).toEqual({
      peakHours: [
        { from: "11:00", to: "13:30" },
        { from: "17:00", to: "19:30" },
      ],
      peakHoursApplyTo: [
        "volunteering",
        "learning-session",
        "community-event",
        "merchant-event",
        "wish-lighting",
      ],
      checkInToleranceMinutes: 30,
      checkInCodeGraceMinutes: 2,
      signUpCancellationCutoffMinutes: 0,
      volunteeringRequiresTeamMembership: true,
      noShowLimit: 3,
      noShowPauseDays: 14,
      patrolCheckInIntervalMinutes: 240,
      patrolRequiresTeamMembership: false,
    });
  });

  it("reads a community's own settings", () => {
    const result = parsePolicy(`
activities:
  peakHours: [{ from: "10:30", to: "13:00" }]
  peakHoursApplyTo: [volunteering]
  checkInCodeGraceMinutes: 5
  checkInCodeRotationMinutes: 10
  signUpCancellationCutoffMinutes: 120
  patrolWindowMinutes: 180
  patrolRequiresTeamMembership: true
`);
    expect(Either.isRight(result) && result.right.activities).toMatchObject({
      peakHours: [{ from: "10:30", to: "13:00" }],
      peakHoursApplyTo: ["volunteering"],
      checkInCodeGraceMinutes: 5,
      checkInCodeRotationMinutes: 10,
      signUpCancellationCutoffMinutes: 120,
      patrolWindowMinutes: 180,
      patrolRequiresTeamMembership: true,
    });
  });

  it("lists every mistake in the section at once", () => {
    const result = parsePolicy({
      activities: {
        peakHours: [{ from: "12:00", to: "12:00" }],
        peakHoursApplyTo: ["party"],
        checkInCodeGraceMinutes: -1,
        checkInCodeRotationMinutes: 0,
        patrolWindowMinutes: 0,
      },
    });
    expect(Either.isLeft(result)).toBe(true);
    if (Either.isRight(result)) return;
    expect(result.left.code).toBe("policy.invalid");
    expect(result.left.problems.map((problem) => problem.field).sort()).toEqual([
      "activities.checkInCodeGraceMinutes",
      "activities.checkInCodeRotationMinutes",
      "activities.patrolWindowMinutes",
      "activities.peakHours.0",
      "activities.peakHoursApplyTo.0",
    ]);
    for (const problem of result.left.problems) {
      expect(problem.message["zh-CN"].length).toBeGreaterThan(0);
      expect(problem.message.en.length).toBeGreaterThan(0);
    }
  });
});
