import { describe, expect, it } from "vitest";
import { ActivityFacts, activityFacts } from "./facts.js";
import { ActivityKind, activityKindNames, activityKinds } from "./kinds.js";
import { initialActivityState } from "./state.js";
import {
  ACTIVITY,
  commands,
  contextWith,
  ENDS_AT,
  given,
  STARTS_AT,
  STATION,
} from "./testing/fixtures.js";

describe("an activity's facts", () => {
  it("say what other aggregates may know: kind, status, station and time, never who signed up", () => {
    const { state } = given([
      [commands.plan({ kind: "wish-lighting", title: "点亮微心愿" }), contextWith()],
      [commands.publish(), contextWith()],
      [commands.signUp("alice"), contextWith()],
    ]);
    const facts = activityFacts(state);
    expect(facts).toEqual({
      activityId: ACTIVITY,
      kind: "wish-lighting",
      status: "published",
      stationId: STATION,
      startsAt: STARTS_AT,
      endsAt: ENDS_AT,
    });
    expect(ActivityFacts.parse(facts)).toEqual(facts);
    expect(JSON.stringify(facts)).not.toContain("alice");
    expect(activityFacts(initialActivityState())).toBeUndefined();
  });
});

describe("activity kinds", () => {
  it("include the wish-lighting event (点亮微心愿), each named in zh-CN and en", () => {
    expect(ActivityKind.parse("wish-lighting")).toBe("wish-lighting");
    for (const kind of activityKinds) {
      expect(activityKindNames[kind]["zh-CN"].length, kind).toBeGreaterThan(0);
      expect(activityKindNames[kind].en.length, kind).toBeGreaterThan(0);
    }
    expect(activityKindNames["wish-lighting"]["zh-CN"]).toBe("点亮微心愿");
  });
});
