import { CourierId, SponsorId } from "@courier-station/core";
import { describe, expect, it } from "vitest";
import {
  asWish,
  courierActor,
  NOW,
  onWish,
  POLICY,
  policyWith,
  STAFF,
  sponsorActor,
  stepsTo,
  type WishTestStep,
  wishAfter,
  wishEventsAfter,
} from "../testing/fixtures.js";
import type { WishCourierFacts } from "./decide.js";
import type { WishState } from "./state.js";
import {
  isWishPublic,
  wishPointsPrice,
  wishPublicView,
  wishSponsorView,
  wishStaffView,
} from "./views.js";

/*
 * Privacy: what sponsors and the public see of a wish never holds the courier's real name
 * or phone number. The tests plant both where a service has them — in the courier facts it
 * passes to decide, in the state it loads, and in the courier's own free text — and
 * search the serialised views for them.
 */

const REAL_NAME = "王小明";
const PHONE = "13812345678";
const PHONE_SPACED = "138 1234 5678";
const WECHAT = "wxid_wangxm88";
const EMAIL = "wangxm@example.com";

/** Courier facts as a registry read model might hand them over: with personal data. */
const factsWithPersonalData = {
  courierId: CourierId.parse("c-1"),
  status: "active",
  realName: REAL_NAME,
  mobileNumber: PHONE,
} satisfies WishCourierFacts & { realName: string; mobileNumber: string };

const personal = { courier: factsWithPersonalData };

/** The courier wrote their phone number, WeChat and e-mail into the wish and the thanks. */
const chatty = {
  title: `蓝牙耳机 ${PHONE}`,
  description: `骑车接单用，联系我 ${PHONE_SPACED}，微信：${WECHAT}，邮箱 ${EMAIL}`,
};

const withPersonalFacts = (steps: ReadonlyArray<WishTestStep>): WishTestStep[] =>
  steps.map((step) => (step.actor.role === "courier" ? { ...step, facts: personal } : step));

const thankedSteps = (): WishTestStep[] =>
  withPersonalFacts([
    ...stepsTo.fulfilledBySponsor(chatty),
    {
      command: onWish("ThankWishSponsor", {
        note: `谢谢老板！有事打我电话 ${PHONE}`,
        public: true,
      }),
      actor: courierActor(),
    },
  ]);

/** The state a service might load: the wish with personal data planted beside it. */
const plantedState = (state: WishState): WishState => {
  const planted: WishState & { realName: string; mobileNumber: string } = {
    ...asWish(state),
    realName: REAL_NAME,
    mobileNumber: PHONE,
  };
  return planted;
};

const expectNoPersonalData = (view: unknown): void => {
  const text = JSON.stringify(view);
  expect(text).toBeDefined();
  for (const secret of [REAL_NAME, PHONE, PHONE_SPACED, "1234", WECHAT, EMAIL, "c-1"]) {
    expect(text).not.toContain(secret);
  }
};

describe("the public and sponsor views of a wish", () => {
  const histories: ReadonlyArray<readonly [string, () => WishTestStep[]]> = [
    ["published", () => withPersonalFacts(stepsTo.published(chatty))],
    ["claimed", () => withPersonalFacts(stepsTo.claimed(chatty))],
    ["redeemed", () => withPersonalFacts(stepsTo.redeemedAndHeld(chatty))],
    ["fulfilled", () => withPersonalFacts(stepsTo.fulfilledWithPoints(chatty))],
    ["thanked", thankedSteps],
  ];

  for (const [status, steps] of histories) {
    it(`hold no real name, phone number or courier id when ${status}`, () => {
      const state = plantedState(wishAfter(steps()));
      expect(state.status).toBe(status);
      const publicView = wishPublicView(state);
      expect(publicView?.status).toBe(status);
      expectNoPersonalData(publicView);
      expectNoPersonalData(wishSponsorView(state, SponsorId.parse("wanda-cafe")));
      expectNoPersonalData(wishSponsorView(state, SponsorId.parse("bakery")));
    });
  }

  it("keep the wish's own words, with contact details masked", () => {
    const view = wishPublicView(wishAfter(stepsTo.published(chatty)));
    expect(view?.title).toBe("蓝牙耳机 ***");
    expect(view?.description).toContain("骑车接单用，联系我 ***");
    expect(view?.description).not.toContain("example.com");
  });

  it("never put the courier's personal data in an event, even when the facts carry it", () => {
    const text = JSON.stringify(wishEventsAfter(thankedSteps()));
    expect(text).not.toContain(REAL_NAME);
    expect(text).not.toContain(`"${PHONE}"`);
    expect(text).not.toContain("mobileNumber");
  });

  it("show a wish only while it is on the wall or done", () => {
    const hidden = [
      stepsTo.draft(),
      stepsTo.submitted(),
      stepsTo.approved(),
      [
        ...stepsTo.submitted(),
        { command: onWish("RejectWish", { reason: "不符合规则" }), actor: STAFF },
      ],
      [...stepsTo.published(), { command: onWish("CancelWish"), actor: courierActor() }],
    ];
    for (const steps of hidden) {
      const state = wishAfter(steps);
      expect(isWishPublic(state)).toBe(false);
      expect(wishPublicView(state)).toBeUndefined();
      expect(wishSponsorView(state, SponsorId.parse("wanda-cafe"))).toBeUndefined();
    }
    expect(wishPublicView({ status: "none" })).toBeUndefined();
  });

  it("tell the public how a wish may be funded and whether sponsors can still claim it", () => {
    const both = { funding: { mode: "both", pointsShareFen: 5_000 } };
    const published = wishPublicView(wishAfter(stepsTo.published(both)));
    expect(published).toMatchObject({
      fundingMode: "both",
      sponsorShareFen: 10_000,
      pointsShareFen: 5_000,
      openToSponsors: true,
      stationId: "wanda",
      statusName: { "zh-CN": "待认领", en: "published" },
    });
    expect(published?.expiresAt).toBeDefined();
    const claimed = wishPublicView(wishAfter(stepsTo.claimed()));
    expect(claimed?.openToSponsors).toBe(false);
    expect(claimed?.expiresAt).toBeUndefined();
    const pointsOnly = wishPublicView(
      wishAfter(stepsTo.published({ funding: { mode: "points" } })),
    );
    expect(pointsOnly?.openToSponsors).toBe(false);
    expect(pointsOnly?.sponsorShareFen).toBeUndefined();
  });

  it("say who fulfilled a wish once it is handed over, and show public thanks only", () => {
    expect(wishPublicView(wishAfter(stepsTo.claimed()))?.fundedBy).toBeUndefined();
    expect(wishPublicView(wishAfter(stepsTo.fulfilledBySponsor()))?.fundedBy).toBe("sponsor");
    expect(wishPublicView(wishAfter(stepsTo.fulfilledWithPoints()))?.fundedBy).toBe("points");
    const donated = wishAfter([
      ...stepsTo.published(),
      { command: onWish("FundWishFromDonations"), actor: STAFF },
      { command: onWish("ConfirmWishFulfilled"), actor: STAFF },
    ]);
    expect(wishPublicView(donated)?.fundedBy).toBe("community");

    const privately = wishAfter([
      ...stepsTo.fulfilledBySponsor(),
      {
        command: onWish("ThankWishSponsor", { note: "谢谢！", public: false }),
        actor: courierActor(),
      },
    ]);
    expect(wishPublicView(privately)?.thanks).toBeUndefined();
    expect(wishSponsorView(privately, SponsorId.parse("wanda-cafe"))?.thanksToYou).toBe("谢谢！");
    expect(wishSponsorView(privately, SponsorId.parse("bakery"))?.thanksToYou).toBeUndefined();
    const publicly = wishAfter(thankedSteps());
    expect(wishPublicView(publicly)?.thanks).toBe("谢谢老板！有事打我电话 ***");
  });

  it("show the pledging sponsor their pledge, and contact through the station until both agree", () => {
    const claimed = wishAfter(stepsTo.claimed());
    const mine = wishSponsorView(claimed, SponsorId.parse("wanda-cafe"));
    expect(mine?.pledge).toEqual({
      shareFen: 15_000,
      pledgedAt: NOW,
      dueAt: asWish(claimed).pledge?.dueAt,
    });
    expect(mine?.contact).toBe("through-station");
    expect(mine?.contactConsent).toEqual({ sponsor: false, courier: false });
    const theirs = wishSponsorView(claimed, SponsorId.parse("bakery"));
    expect(theirs?.pledge).toBeUndefined();
    expect(theirs?.contact).toBeUndefined();

    const agree = onWish("AgreeToShareContact");
    const shared = wishAfter([
      ...stepsTo.claimed(),
      { command: agree, actor: courierActor() },
      { command: agree, actor: sponsorActor() },
    ]);
    const view = wishSponsorView(shared, SponsorId.parse("wanda-cafe"));
    expect(view?.contact).toBe("shared");
    // Even shared, the details themselves are introduced by the service, not the view.
    expectNoPersonalData(view);
  });
});

describe("the staff view of a wish", () => {
  it("shows all of the wish with its current points price, but no real name or phone", () => {
    const state = wishAfter(withPersonalFacts(stepsTo.redeemedAndHeld()));
    const view = wishStaffView(state, POLICY);
    expect(view?.courierId).toBe("c-1");
    expect(view?.pointsPrice).toBe(150);
    expect(view?.history.map((entry) => entry.type)).toContain("WishHoldConfirmed");
    const text = JSON.stringify(view);
    expect(text).not.toContain(REAL_NAME);
    expect(text).not.toContain(PHONE);
    expect(wishStaffView(state, policyWith({ wishes: { pointsPerYuan: 20 } }))?.pointsPrice).toBe(
      3_000,
    );
    expect(wishStaffView({ status: "none" }, POLICY)).toBeUndefined();
  });

  it("gives no points price for a sponsor-only wish", () => {
    const state = wishAfter(stepsTo.published({ funding: { mode: "sponsor" } }));
    expect(wishStaffView(state, POLICY)?.pointsPrice).toBeUndefined();
    expect(wishPointsPrice(asWish(state), POLICY)).toBeUndefined();
  });
});

describe("wishPointsPrice", () => {
  it("prices the points part at the policy's rate, rounded up", () => {
    const wish = { estimatedValueFen: 3_550, funding: { mode: "points" as const } };
    expect(wishPointsPrice(wish, POLICY)).toBe(36);
    expect(wishPointsPrice(wish, policyWith({ wishes: { pointsPerYuan: 3 } }))).toBe(107);
    expect(
      wishPointsPrice(
        { estimatedValueFen: 15_000, funding: { mode: "both", pointsShareFen: 5_001 } },
        POLICY,
      ),
    ).toBe(51);
  });
});

describe("a wish released back to the wall", () => {
  it("is open to sponsors again and still holds no personal data", () => {
    const state = plantedState(
      wishAfter([
        ...withPersonalFacts(stepsTo.claimed(chatty)),
        { command: onWish("ReleaseWishClaim"), actor: STAFF },
      ]),
    );
    const view = wishPublicView(state);
    expect(view).toMatchObject({ status: "published", openToSponsors: true });
    expectNoPersonalData(view);
    expectNoPersonalData(wishSponsorView(state, SponsorId.parse("wanda-cafe")));
  });
});
