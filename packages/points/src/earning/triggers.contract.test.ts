import {
  CourierVerified,
  jinshanPolicy,
  ParticipationConfirmed,
  PatrolCompleted,
  ReportMarkedDuplicate,
  ReportVerified,
  SuggestionAdopted,
} from "@courier-station/core";
import { describe, expect, it } from "vitest";
import { NOW } from "../testing/fixtures.js";
import { pointsEarnedBy } from "./earn.js";
import { NOTHING_EARNED } from "./earned-so-far.js";
import { PointsTrigger } from "./triggers.js";

/*
 * The events points earns from, as the packages that publish them define them: each is
 * made with its publisher's own schema and must read as a trigger here. If a publisher
 * renames or drops a field points needs, this test fails.
 */

const envelopeOf = (id: string, event: { readonly type: string; readonly data: unknown }) => ({
  id,
  type: event.type,
  aggregate: "any",
  stream: `any-${id}`,
  version: 1,
  community: "jinshan-wanda",
  actor: { role: "staff", id: "staff-1", communities: ["jinshan-wanda"] },
  time: NOW,
  causationId: "cmd-1",
  correlationId: "cmd-1",
  data: event.data,
});

const earned = (id: string, event: { readonly type: string; readonly data: unknown }) => {
  const trigger = PointsTrigger.parse(envelopeOf(id, event));
  const outcome = pointsEarnedBy(trigger, jinshanPolicy(), NOTHING_EARNED);
  return outcome.kind === "earned" ? outcome.awarded : 0;
};

describe("the events points earns from, as their publishers make them", () => {
  it("CourierVerified (couriers)", () => {
    const event = CourierVerified.parse({
      type: "CourierVerified",
      data: {
        courierId: "alice",
        verifiedBy: "staff-1",
        verifiedAt: NOW,
        consentPolicyVersion: "2026-01",
      },
    });
    expect(earned("evt-1", event)).toBe(10);
  });

  it("ParticipationConfirmed (activities)", () => {
    const event = ParticipationConfirmed.parse({
      type: "ParticipationConfirmed",
      data: {
        activityId: "act-1",
        courierId: "alice",
        activityKind: "learning-session",
        stationId: "station-1",
        hours: 1.5,
        pointsOverride: 12,
        attendance: "check-in",
        confirmedAt: NOW,
      },
    });
    expect(earned("evt-2", event)).toBe(12);
  });

  it("ReportVerified and ReportMarkedDuplicate (reports)", () => {
    const verified = ReportVerified.parse({
      type: "ReportVerified",
      data: {
        reportId: "r-1",
        reporterId: "alice",
        category: "noise",
        verifiedAt: NOW,
        by: { role: "staff", id: "staff-1" },
      },
    });
    expect(earned("evt-3", verified)).toBe(5);
    const duplicate = ReportMarkedDuplicate.parse({
      type: "ReportMarkedDuplicate",
      data: {
        reportId: "r-2",
        originalReportId: "r-1",
        reporterId: "bob",
        category: "noise",
        markedAt: NOW,
        by: { role: "staff", id: "staff-1" },
      },
    });
    expect(earned("evt-4", duplicate)).toBe(2);
  });

  it("PatrolCompleted (patrols)", () => {
    const event = PatrolCompleted.parse({
      type: "PatrolCompleted",
      data: {
        routeId: "river-1",
        patrolId: "patrol-river-1-alice-2026-11-28",
        courierId: "alice",
        day: "2026-11-28",
        checkpointsVisited: ["cp-1", "cp-2"],
        completedAt: NOW,
      },
    });
    expect(earned("evt-6", event)).toBe(5);
  });

  it("SuggestionAdopted (suggestions)", () => {
    const event = SuggestionAdopted.parse({
      type: "SuggestionAdopted",
      data: {
        suggestionId: "s-1",
        authorId: "carol",
        topic: "station-services",
        plan: "在驿站加装饮水机",
        adoptedAt: NOW,
        by: "staff-1",
      },
    });
    expect(earned("evt-5", event)).toBe(20);
  });
});
