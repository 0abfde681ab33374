import type { Actor } from "@courier-station/core";
import { describe, expect, it } from "vitest";
import {
  COMMUNITY,
  eventsOf,
  expectRefusal,
  NOW,
  STAFF,
  SYSTEM,
  sponsorActor,
} from "../testing/fixtures.js";
import { SponsorCommand } from "./commands.js";
import { decideSponsor, ERASED_RESIDENT_NAME } from "./decide.js";
import type { SponsorEvent } from "./events.js";
import { evolveSponsor } from "./evolve.js";
import { initialSponsorState, type Sponsor, type SponsorState } from "./state.js";
import {
  scrubSponsorContact,
  sponsorFactsOf,
  sponsorPublicView,
  sponsorStaffView,
} from "./views.js";

const contextOf = (actor: Actor) => ({ now: NOW, actor, community: COMMUNITY });
const command = (input: unknown): SponsorCommand => SponsorCommand.parse(input);

const register = (changes: Record<string, unknown> = {}) =>
  command({
    type: "RegisterSponsor",
    data: {
      sponsorId: "wanda-cafe",
      kind: "merchant",
      displayName: "万达咖啡",
      shop: { name: "万达咖啡", location: "万达广场 1F-102" },
      contact: { name: "李店长", phone: "13800138000" },
      thanksWall: true,
      ...changes,
    },
  });
const on = (type: string, data: Record<string, unknown> = {}) =>
  command({ type, data: { sponsorId: "wanda-cafe", ...data } });

const run = (steps: ReadonlyArray<readonly [SponsorCommand, Actor]>) => {
  let state: SponsorState = initialSponsorState();
  const events: SponsorEvent[] = [];
  for (const [step, actor] of steps) {
    const produced = eventsOf(decideSponsor(step, state, contextOf(actor)));
    events.push(...produced);
    state = produced.reduce(evolveSponsor, state);
  }
  return { state, events };
};
const asSponsor = (state: SponsorState): Sponsor => {
  if (state.status === "none") throw new Error("expected a registered sponsor");
  return state;
};

const recordWish = (wishId = "w-1") =>
  on("RecordSponsoredWish", {
    wishId,
    title: "蓝牙耳机",
    category: "work-equipment",
    shareFen: 15_000,
    fulfilledAt: NOW,
  });
const recordThanks = (wishId = "w-1", changes: Record<string, unknown> = {}) =>
  on("RecordSponsorThanks", {
    wishId,
    note: "谢谢老板，骑车安全多了！",
    public: true,
    thankedAt: NOW,
    ...changes,
  });

describe("RegisterSponsor", () => {
  it("registers a merchant with their shop", () => {
    const { state } = run([[register(), STAFF]]);
    const sponsor = asSponsor(state);
    expect(sponsor.status).toBe("active");
    expect(sponsor.shop?.location).toBe("万达广场 1F-102");
    expect(sponsorFactsOf(state)).toEqual({ sponsorId: "wanda-cafe", status: "active" });
  });

  it("registers a group of two or more merchants, and a resident without a shop", () => {
    run([
      [
        register({
          kind: "merchant-group",
          shop: undefined,
          members: [{ name: "万达咖啡" }, { name: "好利来" }],
        }),
        STAFF,
      ],
    ]);
    run([[register({ kind: "resident", displayName: "王阿姨", shop: undefined }), STAFF]]);
  });

  it("refuses a merchant without a shop and a group of fewer than two", () => {
    expectRefusal(
      decideSponsor(register({ shop: undefined }), initialSponsorState(), contextOf(STAFF)),
      "sponsor.shop_required",
    );
    expectRefusal(
      decideSponsor(
        register({ kind: "merchant-group", members: [{ name: "万达咖啡" }] }),
        initialSponsorState(),
        contextOf(STAFF),
      ),
      "sponsor.members_required",
    );
  });

  it("refuses a sponsor id already registered, and commands for one that is not", () => {
    const { state } = run([[register(), STAFF]]);
    expectRefusal(decideSponsor(register(), state, contextOf(STAFF)), "sponsor.already_registered");
    expectRefusal(
      decideSponsor(on("ReactivateSponsor"), initialSponsorState(), contextOf(STAFF)),
      "sponsor.not_found",
    );
  });
});

describe("UpdateSponsorProfile", () => {
  it("changes only the fields given, by staff or the sponsor themselves", () => {
    const { state } = run([
      [register(), STAFF],
      [on("UpdateSponsorProfile", { thanksWall: false }), sponsorActor()],
      [on("UpdateSponsorProfile", { displayName: "万达咖啡（二店）" }), STAFF],
    ]);
    const sponsor = asSponsor(state);
    expect(sponsor.thanksWall).toBe(false);
    expect(sponsor.displayName).toBe("万达咖啡（二店）");
    expect(sponsor.contact?.phone).toBe("13800138000");
  });

  it("refuses another sponsor, an empty update and a profile the rules refuse", () => {
    const { state } = run([[register(), STAFF]]);
    expectRefusal(
      decideSponsor(
        on("UpdateSponsorProfile", { thanksWall: false }),
        state,
        contextOf(sponsorActor("bakery")),
      ),
      "sponsor.not_yourself",
    );
    expectRefusal(
      decideSponsor(on("UpdateSponsorProfile"), state, contextOf(STAFF)),
      "sponsor.nothing_to_update",
    );
    const group = run([
      [register({ kind: "merchant-group", members: [{ name: "甲" }, { name: "乙" }] }), STAFF],
    ]).state;
    expectRefusal(
      decideSponsor(
        on("UpdateSponsorProfile", { members: [{ name: "甲" }] }),
        group,
        contextOf(STAFF),
      ),
      "sponsor.members_required",
    );
  });
});

describe("DeactivateSponsor and ReactivateSponsor", () => {
  it("stands a sponsor down and takes them back", () => {
    const down = run([
      [register(), STAFF],
      [on("DeactivateSponsor", { reason: "店铺已关闭" }), STAFF],
    ]).state;
    expect(sponsorFactsOf(down)?.status).toBe("inactive");
    expectRefusal(
      decideSponsor(on("DeactivateSponsor", { reason: "x" }), down, contextOf(STAFF)),
      "sponsor.already_inactive",
    );
    const back = run([
      [register(), STAFF],
      [on("DeactivateSponsor", { reason: "店铺已关闭" }), STAFF],
      [on("ReactivateSponsor"), STAFF],
    ]).state;
    expect(asSponsor(back).deactivation).toBeUndefined();
    expectRefusal(
      decideSponsor(on("ReactivateSponsor"), back, contextOf(STAFF)),
      "sponsor.already_active",
    );
  });
});

describe("RecordSponsoredWish and RecordSponsorThanks", () => {
  it("records each wish and its thanks once", () => {
    const { state } = run([
      [register(), STAFF],
      [recordWish(), SYSTEM],
      [recordThanks(), SYSTEM],
    ]);
    expect(eventsOf(decideSponsor(recordWish(), state, contextOf(SYSTEM)))).toEqual([]);
    expect(eventsOf(decideSponsor(recordThanks(), state, contextOf(SYSTEM)))).toEqual([]);
    const sponsor = asSponsor(state);
    expect(sponsor.fulfilled).toHaveLength(1);
    expect(sponsor.thanks).toHaveLength(1);
  });

  it("refuses thanks for a wish the sponsor is not recorded as fulfilling", () => {
    const { state } = run([[register(), STAFF]]);
    expectRefusal(
      decideSponsor(recordThanks("w-9"), state, contextOf(SYSTEM)),
      "sponsor.wish_not_sponsored",
    );
  });
});

describe("the public view of a sponsor and the thank-you wall", () => {
  it("shows what they fulfilled and the public thanks, never the contact details", () => {
    const { state } = run([
      [register(), STAFF],
      [recordWish("w-1"), SYSTEM],
      [recordWish("w-2"), SYSTEM],
      [recordThanks("w-1"), SYSTEM],
      [recordThanks("w-2", { public: false, note: "私下的感谢" }), SYSTEM],
    ]);
    const view = sponsorPublicView(state);
    expect(view?.fulfilledCount).toBe(2);
    expect(view?.fulfilledValueFen).toBe(30_000);
    expect(view?.thanksWall.map((entry) => entry.note)).toEqual(["谢谢老板，骑车安全多了！"]);
    const text = JSON.stringify(view);
    expect(text).not.toContain("13800138000");
    expect(text).not.toContain("李店长");
    expect(sponsorStaffView(state)?.contact?.phone).toBe("13800138000");
  });

  it("keeps the wall empty when the sponsor keeps none", () => {
    const { state } = run([
      [register({ thanksWall: false }), STAFF],
      [recordWish(), SYSTEM],
      [recordThanks(), SYSTEM],
    ]);
    expect(sponsorPublicView(state)?.thanksWall).toEqual([]);
  });
});

describe("EraseSponsorContact", () => {
  it("erases a resident's contact and name, keeping what they fulfilled, and scrubs past events", () => {
    const { state, events } = run([
      [register({ kind: "resident", displayName: "王阿姨", shop: undefined }), STAFF],
      [on("UpdateSponsorProfile", { contact: { name: "王芳", phone: "13900139000" } }), STAFF],
      [recordWish(), SYSTEM],
      [on("EraseSponsorContact"), sponsorActor()],
    ]);
    const sponsor = asSponsor(state);
    expect(sponsor.contact).toBeUndefined();
    expect(sponsor.displayName).toBe(ERASED_RESIDENT_NAME);
    expect(sponsor.fulfilled).toHaveLength(1);
    expect(eventsOf(decideSponsor(on("EraseSponsorContact"), state, contextOf(STAFF)))).toEqual([]);

    const erased = events.at(-1);
    if (erased?.type !== "SponsorContactErased") throw new Error("expected the erasure");
    const scrubbed = events.map((event) => scrubSponsorContact(event, erased.data));
    const text = JSON.stringify(scrubbed);
    for (const personal of ["王阿姨", "王芳", "13900139000", "13800138000", "李店长"]) {
      expect(text).not.toContain(personal);
    }
    // The scrubbed stream replays to the same state.
    expect(scrubbed.reduce(evolveSponsor, initialSponsorState())).toEqual(state);
  });

  it("keeps a merchant's shop name but erases the contact", () => {
    const { state } = run([
      [register(), STAFF],
      [on("EraseSponsorContact"), STAFF],
    ]);
    expect(asSponsor(state).displayName).toBe("万达咖啡");
    expect(asSponsor(state).contact).toBeUndefined();
  });

  it("refuses another sponsor", () => {
    const { state } = run([[register(), STAFF]]);
    expectRefusal(
      decideSponsor(on("EraseSponsorContact"), state, contextOf(sponsorActor("bakery"))),
      "sponsor.not_yourself",
    );
  });
});
