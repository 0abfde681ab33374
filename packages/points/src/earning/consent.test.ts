import { type CourierFacts, jinshanPolicy } from "@courier-station/core";
import { describe, expect, it } from "vitest";
import { courier, instant, NOW } from "../testing/fixtures.js";
import { pointsEarnedBy } from "./earn.js";
import { NOTHING_EARNED } from "./earned-so-far.js";
import { PointsTrigger } from "./triggers.js";

const policy = jinshanPolicy();
const BEFORE_NOW = instant("2026-11-27T02:00:00.000Z");
const AFTER_NOW = instant("2026-11-28T03:00:00.000Z");

/** A participation of alice confirmed at NOW. */
const participation = PointsTrigger.parse({
  id: "evt-p1",
  type: "ParticipationConfirmed",
  time: NOW,
  aggregate: "activity",
  data: {
    activityId: "act-1",
    courierId: "alice",
    activityKind: "volunteering",
    hours: 2,
    confirmedAt: NOW,
  },
});

const factsOf = (id: string, consentWithdrawnAt?: string): CourierFacts => ({
  courierId: courier(id),
  status: "active",
  volunteerTeamMember: true,
  ...(consentWithdrawnAt === undefined ? {} : { consentWithdrawnAt: instant(consentWithdrawnAt) }),
});

describe("earning needs the courier's consent", () => {
  it("earns for a courier whose consent is in force", () => {
    const outcome = pointsEarnedBy(participation, policy, NOTHING_EARNED, factsOf("alice"));
    expect(outcome).toMatchObject({ kind: "earned", awarded: 10 });
  });

  it("earns nothing for what happened at or after the courier withdrew consent, saying why in both languages", () => {
    for (const withdrawnAt of [NOW, BEFORE_NOW]) {
      const outcome = pointsEarnedBy(
        participation,
        policy,
        NOTHING_EARNED,
        factsOf("alice", withdrawnAt),
      );
      expect(outcome).toMatchObject({
        kind: "not_earned",
        courierId: "alice",
        reason: "consent_withdrawn",
        requested: 10,
      });
      expect(outcome.explanation["zh-CN"]).toContain("撤回个人信息处理同意");
      expect(outcome.explanation.en).toContain(
        `withdrew your consent to data processing at ${withdrawnAt}`,
      );
    }
  });

  it("still earns for what happened before the withdrawal, while the courier consented", () => {
    const outcome = pointsEarnedBy(
      participation,
      policy,
      NOTHING_EARNED,
      factsOf("alice", AFTER_NOW),
    );
    expect(outcome).toMatchObject({ kind: "earned", awarded: 10 });
  });

  it("goes by the facts of the event's own courier only", () => {
    const outcome = pointsEarnedBy(participation, policy, NOTHING_EARNED, factsOf("bob", NOW));
    expect(outcome).toMatchObject({ kind: "earned", awarded: 10 });
  });
});
