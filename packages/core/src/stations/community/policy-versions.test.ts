import { describe, expect, it } from "vitest";
import { replay } from "../../kernel/decider.js";
import { addMillis, DAY, HOUR, Instant } from "../../kernel/time.js";
import { jinshanPolicy } from "../../policy/schema.js";
import { acceptedEvents, contextOf, NOW, OPERATOR, STAFF } from "../testing/fixtures.js";
import { CommunityCommand } from "./commands.js";
import { decideCommunity } from "./decide.js";
import type { CommunityEvent } from "./events.js";
import { communityDecider } from "./index.js";
import {
  communityPolicyVersion,
  communityPolicyVersions,
  policyInForceAt,
  policyVersionInForceAt,
} from "./policy-versions.js";
import { type CommunityState, initialCommunityState } from "./state.js";

/** Shanghai midnight at the start of a day, as an instant. */
const midnight = (day: string): Instant => Instant.parse(`${day}T00:00:00+08:00`);

/**
 * A community registered on 2026-11-28 with the deployment's configured policy (version
 * "2026-01"), which then publishes two versions with other points tables: volunteering
 * earns 15 from December, 40 from January.
 */
const community = (): CommunityState => {
  const events: CommunityEvent[] = [];
  let state = initialCommunityState();
  const run = (input: unknown, actor = STAFF) => {
    const decided = acceptedEvents(
      decideCommunity(CommunityCommand.parse(input), state, contextOf(actor)),
    );
    events.push(...decided);
    state = replay(communityDecider, events);
  };
  run(
    {
      type: "RegisterCommunity",
      data: {
        communityId: "jinshan-wanda",
        name: { "zh-CN": "金山万达商圈", en: "Jinshan Wanda business district" },
        district: { "zh-CN": "上海市金山区", en: "Jinshan District, Shanghai" },
        policyVersion: "2026-01",
      },
    },
    OPERATOR,
  );
  const publish = (policyVersion: string, effectiveFrom: Instant, volunteering: number) =>
    run({
      type: "PublishCommunityPolicy",
      data: {
        communityId: "jinshan-wanda",
        policyVersion,
        effectiveFrom,
        document: `points:\n  participation:\n    byKind:\n      volunteering: ${volunteering}\n`,
      },
    });
  publish("2026-12", midnight("2026-12-01"), 15);
  publish("2027-01", midnight("2027-01-01"), 40);
  return state;
};

const configured = jinshanPolicy();
const volunteeringPoints = (at: Instant): number | undefined =>
  policyInForceAt(communityPolicyVersions(community()), at, configured).policy.points.participation
    .byKind.volunteering;

describe("the policy in force at an instant", () => {
  it("is the last version whose effective time is not after it, boundaries included", () => {
    const versions = communityPolicyVersions(community());
    const at = (instant: Instant) => policyVersionInForceAt(versions, instant)?.policyVersion;
    expect(at(NOW)).toBe("2026-01");
    expect(at(addMillis(midnight("2026-12-01"), -1))).toBe("2026-01");
    expect(at(midnight("2026-12-01"))).toBe("2026-12");
    expect(at(addMillis(midnight("2027-01-01"), -1))).toBe("2026-12");
    expect(at(midnight("2027-01-01"))).toBe("2027-01");
    expect(at(addMillis(midnight("2027-01-01"), 400 * DAY))).toBe("2027-01");
    expect(at(addMillis(NOW, -HOUR))).toBeUndefined();
  });

  it("gives a late event the rules of its fact's time, not the latest version's", () => {
    // A participation confirmed on New Year's Eve, 23:30 in Shanghai…
    const confirmedAt = Instant.parse("2026-12-31T23:30:00+08:00");
    // …that the earning flow only processes on 2 January, after 2027-01 took effect.
    const processedAt = Instant.parse("2027-01-02T09:00:00+08:00");
    const versions = communityPolicyVersions(community());
    expect(policyVersionInForceAt(versions, processedAt)?.policyVersion).toBe("2027-01");
    const applied = policyInForceAt(versions, confirmedAt, configured);
    expect(applied.policyVersion).toBe("2026-12");
    expect(applied.policy.points.participation.byKind.volunteering).toBe(15);
    expect(volunteeringPoints(processedAt)).toBe(40);
  });

  it("gives the deployment's configured policy for the version named at registration, and before any", () => {
    const registrationDay = Instant.parse("2026-11-29T12:00:00+08:00");
    expect(
      policyInForceAt(communityPolicyVersions(community()), registrationDay, configured),
    ).toEqual({
      policyVersion: "2026-01",
      policy: configured,
    });
    expect(policyInForceAt([], registrationDay, configured)).toEqual({ policy: configured });
    expect(volunteeringPoints(registrationDay)).toBeUndefined();
  });

  it("keeps old versions readable after newer ones take effect", () => {
    const state = community();
    expect(communityPolicyVersions(state).map((version) => version.policyVersion)).toEqual([
      "2026-01",
      "2026-12",
      "2027-01",
    ]);
    expect(
      communityPolicyVersion(state, "2026-12")?.policy?.points.participation.byKind.volunteering,
    ).toBe(15);
    expect(communityPolicyVersion(state, "2026-12")).toMatchObject({
      effectiveFrom: midnight("2026-12-01"),
      publishedBy: "s-1",
    });
    expect(communityPolicyVersion(state, "2025-01")).toBeUndefined();
    expect(communityPolicyVersions(initialCommunityState())).toEqual([]);
  });
});
