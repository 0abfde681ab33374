import { describe, expect, it } from "vitest";
import { replay } from "../../kernel/decider.js";
import { Instant } from "../../kernel/time.js";
import type { InvalidPolicy } from "../../policy/parse.js";
import { jinshanPolicy } from "../../policy/schema.js";
import {
  acceptedEvents,
  COMMUNITY,
  contextOf,
  expectRefused,
  NOW,
  OPERATOR,
  OTHER_COMMUNITY,
  STAFF,
} from "../testing/fixtures.js";
import { CommunityCommand } from "./commands.js";
import { decideCommunity } from "./decide.js";
import { CommunityEvent } from "./events.js";
import { communityDecider } from "./index.js";
import { communityPolicyVersions } from "./policy-versions.js";
import { type CommunityState, initialCommunityState } from "./state.js";

const register = CommunityCommand.parse({
  type: "RegisterCommunity",
  data: {
    communityId: "jinshan-wanda",
    name: { "zh-CN": "金山万达商圈", en: "Jinshan Wanda business district" },
    district: { "zh-CN": "上海市金山区", en: "Jinshan District, Shanghai" },
    policyVersion: "2026-01",
  },
});

const registered = (): CommunityState =>
  replay(
    communityDecider,
    acceptedEvents(decideCommunity(register, initialCommunityState(), contextOf(OPERATOR))),
  );

const publish = (
  policyVersion: string,
  effectiveFrom: string,
  document: string | Record<string, unknown> = "points:\n  welcome: 20\n",
) =>
  CommunityCommand.parse({
    type: "PublishCommunityPolicy",
    data: { communityId: "jinshan-wanda", policyVersion, effectiveFrom, document },
  });

const NEW_YEAR = "2026-12-31T16:00:00.000Z"; // 2027-01-01 00:00 in Shanghai

describe("communities", () => {
  it("registers a community with its names, district and policy version", () => {
    const events = acceptedEvents(
      decideCommunity(register, initialCommunityState(), contextOf(OPERATOR)),
    );
    expect(events).toEqual([
      {
        type: "CommunityRegistered",
        data: { ...register.data, registeredBy: "system:operator", registeredAt: NOW },
      },
    ]);
    expect(registered()).toMatchObject({ status: "registered" });
  });

  it("refuses to register a community twice", () => {
    expectRefused(
      decideCommunity(register, registered(), contextOf(OPERATOR)),
      "community.already_registered",
    );
  });

  it("refuses a command naming another community than the one it is sent for", () => {
    expectRefused(
      decideCommunity(
        register,
        initialCommunityState(),
        contextOf(OPERATOR, { community: OTHER_COMMUNITY }),
      ),
      "community.mismatch",
    );
  });

  it("refuses to change a community that is not registered", () => {
    expectRefused(
      decideCommunity(publish("2027-01", NEW_YEAR), initialCommunityState(), contextOf(STAFF)),
      "community.not_found",
    );
  });

  it("keeps the version named at registration as the first, in force from registration, without a document", () => {
    expect(registered()).toMatchObject({
      status: "registered",
      policyVersions: [
        {
          policyVersion: "2026-01",
          effectiveFrom: NOW,
          publishedAt: NOW,
          publishedBy: "system:operator",
        },
      ],
    });
    const [first] = communityPolicyVersions(registered());
    expect(first?.policy).toBeUndefined();
  });

  it("publishes a version with its validated document, to take effect at the stated time", () => {
    const events = acceptedEvents(
      decideCommunity(publish("2027-01", NEW_YEAR), registered(), contextOf(STAFF)),
    );
    expect(events).toMatchObject([
      {
        type: "CommunityPolicyPublished",
        data: {
          communityId: COMMUNITY,
          policyVersion: "2027-01",
          effectiveFrom: NEW_YEAR,
          publishedBy: "s-1",
          publishedAt: NOW,
        },
      },
    ]);
    const published = events[0];
    if (published?.type !== "CommunityPolicyPublished") throw new Error("expected a publication");
    // The whole document with its defaults: what was written, and Jinshan's for the rest.
    expect(published.data.policy.points.welcome).toBe(20);
    expect(published.data.policy).toEqual({
      ...jinshanPolicy(),
      points: { ...jinshanPolicy().points, welcome: 20 },
    });
    // The event survives its own schema (a store or a consumer reads it back).
    expect(CommunityEvent.parse(published)).toEqual(published);
    const state = events.reduce(communityDecider.evolve, registered());
    expect(communityPolicyVersions(state).map((version) => version.policyVersion)).toEqual([
      "2026-01",
      "2027-01",
    ]);
  });

  it("accepts the document as an object, as it arrives over the bus", () => {
    const events = acceptedEvents(
      decideCommunity(
        publish("2027-01", NEW_YEAR, { suggestions: { firstResponseDays: 3 } }),
        registered(),
        contextOf(STAFF),
      ),
    );
    expect(
      events[0]?.type === "CommunityPolicyPublished" &&
        events[0].data.policy.suggestions.firstResponseDays,
    ).toBe(3);
  });

  it("refuses a document with mistakes, listing every problem at once in both languages, and stores nothing", () => {
    const refused = expectRefused(
      decideCommunity(
        publish(
          "2027-01",
          NEW_YEAR,
          "general:\n  timeZone: Mars/Olympus_Mons\npoints:\n  welcome: -5\n",
        ),
        registered(),
        contextOf(STAFF),
      ),
      "policy.invalid",
    ) as InvalidPolicy;
    expect(refused.problems.map((problem) => problem.field)).toEqual([
      "general.timeZone",
      "points.welcome",
    ]);
    for (const problem of refused.problems) {
      expect(problem.message["zh-CN"].length).toBeGreaterThan(0);
      expect(problem.message.en.length).toBeGreaterThan(0);
    }
  });

  it("never replaces a version: a name already used is refused, the one at registration too", () => {
    const withNewYear = acceptedEvents(
      decideCommunity(publish("2027-01", NEW_YEAR), registered(), contextOf(STAFF)),
    ).reduce(communityDecider.evolve, registered());
    expectRefused(
      decideCommunity(
        publish("2027-01", "2027-06-30T16:00:00.000Z"),
        withNewYear,
        contextOf(STAFF),
      ),
      "community.policy_version_taken",
    );
    expectRefused(
      decideCommunity(publish("2026-01", NEW_YEAR), registered(), contextOf(STAFF)),
      "community.policy_version_taken",
    );
  });

  it("refuses a version that would take effect in the past, or not after the latest", () => {
    expectRefused(
      decideCommunity(
        publish("2026-11", "2026-11-01T00:00:00.000Z"),
        registered(),
        contextOf(STAFF),
      ),
      "community.policy_effective_in_past",
    );
    const withNewYear = acceptedEvents(
      decideCommunity(publish("2027-01", NEW_YEAR), registered(), contextOf(STAFF)),
    ).reduce(communityDecider.evolve, registered());
    expectRefused(
      decideCommunity(
        publish("2026-12", "2026-11-30T16:00:00.000Z"),
        withNewYear,
        contextOf(STAFF),
      ),
      "community.policy_effective_before_latest",
    );
    expectRefused(
      decideCommunity(publish("2027-01b", NEW_YEAR), withNewYear, contextOf(STAFF)),
      "community.policy_effective_before_latest",
    );
    // Taking effect at once is allowed.
    const later = Instant.parse("2026-11-28T03:00:00.000Z");
    expect(
      acceptedEvents(
        decideCommunity(publish("2026-11b", later), registered(), contextOf(STAFF, { now: later })),
      ),
    ).toHaveLength(1);
  });

  it("still replays a stream whose versions were adopted by name in an earlier release", () => {
    const adopted = CommunityEvent.parse({
      type: "CommunityPolicyAdopted",
      data: {
        communityId: COMMUNITY,
        policyVersion: "2026-06",
        previousPolicyVersion: "2026-01",
        adoptedBy: "s-1",
        adoptedAt: "2026-12-01T00:00:00.000Z",
      },
    });
    const state = communityDecider.evolve(registered(), adopted);
    expect(communityPolicyVersions(state).map((version) => version.policyVersion)).toEqual([
      "2026-01",
      "2026-06",
    ]);
  });

  it("updates the names that change", () => {
    const update = CommunityCommand.parse({
      type: "UpdateCommunityDetails",
      data: {
        communityId: "jinshan-wanda",
        name: { "zh-CN": "金山万达商圈", en: "Jinshan Wanda" },
        district: { "zh-CN": "上海市金山区", en: "Jinshan District, Shanghai" },
      },
    });
    const events = acceptedEvents(decideCommunity(update, registered(), contextOf(STAFF)));
    expect(events).toEqual([
      {
        type: "CommunityDetailsUpdated",
        data: {
          communityId: COMMUNITY,
          name: { "zh-CN": "金山万达商圈", en: "Jinshan Wanda" },
          updatedBy: "s-1",
          updatedAt: NOW,
        },
      },
    ]);
  });

  it("refuses empty names and an update without fields", () => {
    expect(
      CommunityCommand.safeParse({
        type: "RegisterCommunity",
        data: { ...register.data, name: { "zh-CN": " ", en: "x" } },
      }).success,
    ).toBe(false);
    expect(
      CommunityCommand.safeParse({
        type: "UpdateCommunityDetails",
        data: { communityId: "jinshan-wanda" },
      }).success,
    ).toBe(false);
  });
});
