import { CourierId } from "@courier-station/core";
import { describe, expect, it } from "vitest";
import { sponsorCommandsFor } from "../flows.js";
import {
  COMMUNITY,
  courierActor,
  eventsOf,
  NOW,
  onWish,
  STAFF,
  SYSTEM,
  stepsTo,
  wishEventsAfter,
} from "../testing/fixtures.js";
import { SponsorCommand } from "./commands.js";
import { decideSponsor } from "./decide.js";
import { evolveSponsor } from "./evolve.js";
import { initialSponsorState, type SponsorState } from "./state.js";
import { sponsorPublicView } from "./views.js";

const REAL_NAME = "王小明";
const PHONE = "13812345678";

describe("a sponsor's page, fed by the wish flow", () => {
  it("shows the wishes they fulfilled and public thanks, with no courier identity or phone", () => {
    const personal = {
      courier: { courierId: CourierId.parse("c-1"), status: "active", realName: REAL_NAME },
    };
    const wishEvents = wishEventsAfter([
      ...stepsTo
        .fulfilledBySponsor({ title: `头盔 ${PHONE}` })
        .map((step) => (step.actor.role === "courier" ? { ...step, facts: personal } : step)),
      {
        command: onWish("ThankWishSponsor", { note: `谢谢！电话 ${PHONE}`, public: true }),
        actor: courierActor(),
      },
    ]);
    let state: SponsorState = eventsOf(
      decideSponsor(
        SponsorCommand.parse({
          type: "RegisterSponsor",
          data: {
            sponsorId: "wanda-cafe",
            kind: "merchant",
            displayName: "万达咖啡",
            shop: { name: "万达咖啡", location: "万达广场 1F-102" },
            thanksWall: true,
          },
        }),
        initialSponsorState(),
        { now: NOW, actor: STAFF, community: COMMUNITY },
      ),
    ).reduce(evolveSponsor, initialSponsorState());
    for (const command of wishEvents.flatMap((event) => sponsorCommandsFor(event))) {
      const events = eventsOf(
        decideSponsor(command, state, { now: NOW, actor: SYSTEM, community: COMMUNITY }),
      );
      state = events.reduce(evolveSponsor, state);
    }
    const view = sponsorPublicView(state);
    expect(view).toMatchObject({
      fulfilledCount: 1,
      fulfilledValueFen: 15_000,
      fulfilled: [{ wishId: "w-1", title: "头盔 ***" }],
      thanksWall: [{ wishId: "w-1", note: "谢谢！电话 ***" }],
    });
    const text = JSON.stringify(view);
    for (const secret of [REAL_NAME, PHONE, "c-1"]) expect(text).not.toContain(secret);
  });
});
