import { describe, expect, it } from "vitest";
import { replay } from "../../kernel/decider.js";
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
import { communityDecider } from "./index.js";
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

const adopt = (version: string) =>
  CommunityCommand.parse({
    type: "AdoptCommunityPolicy",
    data: { communityId: "jinshan-wanda", policyVersion: version },
  });

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
    expect(registered()).toMatchObject({ status: "registered", policyVersion: "2026-01" });
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
      decideCommunity(adopt("2026-06"), initialCommunityState(), contextOf(STAFF)),
      "community.not_found",
    );
  });

  it("adopts a new policy version and keeps the history", () => {
    const events = acceptedEvents(
      decideCommunity(adopt("2026-06"), registered(), contextOf(STAFF)),
    );
    expect(events).toEqual([
      {
        type: "CommunityPolicyAdopted",
        data: {
          communityId: COMMUNITY,
          policyVersion: "2026-06",
          previousPolicyVersion: "2026-01",
          adoptedBy: "s-1",
          adoptedAt: NOW,
        },
      },
    ]);
    const state = events.reduce(communityDecider.evolve, registered());
    expect(state).toMatchObject({
      policyVersion: "2026-06",
      policyHistory: [{ policyVersion: "2026-01" }, { policyVersion: "2026-06" }],
    });
  });

  it("changes nothing when the version in force is adopted again", () => {
    expect(
      acceptedEvents(decideCommunity(adopt("2026-01"), registered(), contextOf(STAFF))),
    ).toEqual([]);
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
