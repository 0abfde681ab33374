import { CommunityId, type CourierFacts, jinshanPolicy, systemActor } from "@courier-station/core";
import { Either } from "effect";
import { describe, expect, it } from "vitest";
import { earningCommandIdOf } from "../earning/earn.js";
import { PointsTrigger } from "../earning/triggers.js";
import { courier, instant, NOW } from "../testing/fixtures.js";
import type { PointsAccountContext } from "./decide.js";
import { pointsAccountDecider } from "./index.js";

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

describe("EarnPoints for a courier who withdrew consent", () => {
  const community = CommunityId.parse("jinshan-wanda");
  const context = (facts?: CourierFacts): PointsAccountContext => ({
    now: AFTER_NOW,
    actor: systemActor("points-test"),
    community,
    policy,
    commandId: earningCommandIdOf(participation.id),
    ...(facts === undefined ? {} : { courier: facts }),
  });
  const earn = { type: "EarnPoints" as const, data: { trigger: participation } };

  it("records PointsNotEarned with the reason consent_withdrawn and moves no points", () => {
    const decision = pointsAccountDecider.decide(
      earn,
      pointsAccountDecider.initialState(),
      context(factsOf("alice", BEFORE_NOW)),
    );
    if (Either.isLeft(decision)) throw new Error(decision.left.text.en);
    expect(decision.right).toEqual([
      {
        type: "PointsNotEarned",
        data: {
          triggerId: "evt-p1",
          triggerType: "ParticipationConfirmed",
          courierId: "alice",
          reason: "consent_withdrawn",
          requested: 10,
          earnedAt: NOW,
        },
      },
    ]);
  });

  it("earns as before with the facts of a courier who consents, or without facts", () => {
    for (const facts of [factsOf("alice"), undefined]) {
      const decision = pointsAccountDecider.decide(
        earn,
        pointsAccountDecider.initialState(),
        context(facts),
      );
      if (Either.isLeft(decision)) throw new Error(decision.left.text.en);
      expect(decision.right.map((event) => event.type)).toEqual(["TransferCreated"]);
    }
  });
});
