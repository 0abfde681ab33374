import {
  CommandId,
  CommunityId,
  CourierId,
  handleCommand,
  Instant,
  jinshanPolicy,
  manualClock,
  newAggregateRecord,
  parsePolicy,
  sequentialIds,
  systemActor,
} from "@courier-station/core";
import { Either } from "effect";
import { describe, expect, it } from "vitest";
import {
  CatalogueItemCommand,
  catalogueItemDecider,
  catalogueRedemptionCommandsFor,
  catalogueRedemptionDecider,
  decideWish,
  evolveWish,
  holdOutcomeCommandFor,
  initialCatalogueItemState,
  initialCatalogueRedemptionState,
  initialWishState,
  nextWishTimer,
  pointsCommandsFor,
  sponsorCommandsFor,
  WishCommand,
  WishEvent,
  type WishState,
  wishDecider,
  wishPublicView,
} from "./index.js";

/* The examples of README.md, run as they are written there. */

describe("the README's examples", () => {
  it("a courier drafts a wish through handleCommand", () => {
    const community = CommunityId.parse("jinshan-wanda");
    const courier = { role: "courier", id: "c-1", communities: [community] } as const;
    const record = newAggregateRecord(wishDecider, community, "w-1");

    const outcome = handleCommand(
      wishDecider,
      record,
      {
        commandId: CommandId.parse("cmd-draft-w-1"),
        community,
        actor: courier,
        // Parse at the edge: the schema refuses bad amounts, unknown fields and categories.
        command: WishCommand.parse({
          type: "DraftWish",
          data: {
            wishId: "w-1",
            stationId: "wanda",
            title: "蓝牙耳机",
            description: "骑车时不用手拿手机接单",
            category: "work-equipment",
            estimatedValueFen: 15_000, // 150 yuan
            funding: { mode: "either" }, // a sponsor, or the courier's points
          },
        }),
      },
      {
        clock: manualClock("2026-11-28T02:00:00Z"),
        ids: sequentialIds("evt"),
        facts: {
          policy: jinshanPolicy(),
          courier: { courierId: CourierId.parse("c-1"), status: "active" }, // from the registry
          openWishCount: 0, // the courier's other open wishes
        },
      },
    );
    // Either.right({ kind: "applied", record, events: [WishDrafted] }): store both in one write.
    expect(
      Either.isRight(outcome) &&
        outcome.right.kind === "applied" &&
        outcome.right.events.map((event) => event.type),
    ).toEqual(["WishDrafted"]);
  });

  it("a wish redeemed with points: hold, confirm, hand over, post", () => {
    const policy = jinshanPolicy();
    const community = CommunityId.parse("jinshan-wanda");
    const now = Instant.parse("2026-11-28T10:00:00+08:00");
    const courier = { role: "courier", id: "c-1", communities: [community] } as const;
    const staff = { role: "staff", id: "s-1", communities: [community] } as const;
    const system = systemActor("wishes");
    const facts = {
      policy,
      courier: { courierId: CourierId.parse("c-1"), status: "active" },
      openWishCount: 0,
      availablePoints: 2_000,
    };
    let wish: WishState = initialWishState();
    const run = (input: unknown, actor: typeof courier | typeof staff | typeof system) => {
      const decision = decideWish(WishCommand.parse(input), wish, {
        now,
        actor,
        community,
        ...facts,
      });
      const events: ReadonlyArray<WishEvent> = Either.getOrThrow(decision);
      wish = events.reduce(evolveWish, wish);
      return events;
    };

    run(
      {
        type: "DraftWish",
        data: {
          wishId: "w-1",
          stationId: "wanda",
          title: "充电宝",
          category: "work-equipment",
          estimatedValueFen: 9_900,
          funding: { mode: "points" },
        },
      },
      courier,
    );
    run({ type: "SubmitWish", data: { wishId: "w-1" } }, courier);
    run({ type: "ApproveWish", data: { wishId: "w-1" } }, staff); // approved and on the wall
    const [redeemed] = run(
      { type: "RedeemWish", data: { wishId: "w-1", expectedPoints: 990 } },
      courier,
    );

    // The points service applies what the event asks of the ledger: a pending transfer.
    if (redeemed?.type !== "WishRedeemed") throw new Error("expected WishRedeemed");
    const [hold] = pointsCommandsFor(redeemed);
    // { type: "CreateTransfer", data: { transferId: "wish-w-1-hold-1", debitAccount: "courier-c-1",
    //   creditAccount: "system-redemption", amount: 990, reason: "wish_redemption",
    //   reference: "wish-w-1", pending: { timeoutAt } } }
    expect(hold?.data.transferId).toBe("wish-w-1-hold-1");

    // … and reports the ledger's answer back to the wish.
    run(holdOutcomeCommandFor(redeemed, { ok: true }), system); // ConfirmWishHold
    const [fulfilled] = run({ type: "ConfirmWishFulfilled", data: { wishId: "w-1" } }, staff);
    if (fulfilled === undefined) throw new Error("expected WishFulfilled");
    expect(pointsCommandsFor(fulfilled)).toEqual([
      {
        type: "PostPendingTransfer",
        data: {
          transferId: "wish-w-1-hold-1-post",
          pendingTransferId: "wish-w-1-hold-1",
          amount: 990,
          account: "courier-c-1",
        },
      },
    ]);
    expect(wish.status).toBe("fulfilled");
    expect(nextWishTimer(wish)).toBeUndefined(); // nothing left for the timers

    // The wall (心愿墙) shows what was wished and how it was funded, never who wished it.
    expect(wishPublicView(wish)).toMatchObject({
      title: "充电宝",
      status: "fulfilled",
      statusName: { "zh-CN": "已圆梦", en: "fulfilled" },
      fundedBy: "points",
    });
    expect(JSON.stringify(wishPublicView(wish))).not.toContain("c-1");
  });

  it("a sponsor is credited by the flow", () => {
    const fulfilled = WishEvent.parse({
      type: "WishFulfilled",
      data: {
        wishId: "w-1",
        courierId: "c-1",
        by: { role: "staff", id: "s-1" },
        title: "蓝牙耳机",
        category: "work-equipment",
        estimatedValueFen: 15_000,
        funder: { kind: "sponsor", sponsorId: "wanda-cafe" },
        sponsorShareFen: 15_000,
        fulfilledAt: "2026-12-01T06:00:00.000Z",
      },
    });
    expect(sponsorCommandsFor(fulfilled).map((command) => command.type)).toEqual([
      "RecordSponsoredWish",
    ]);
  });

  it("a catalogue redemption", () => {
    const community = CommunityId.parse("jinshan-wanda");
    const policy = jinshanPolicy();
    const now = Instant.parse("2026-11-28T10:00:00+08:00");
    const staff = { role: "staff", id: "s-1", communities: [community] } as const;
    const courier = { role: "courier", id: "c-1", communities: [community] } as const;

    const listed = Either.getOrThrow(
      catalogueItemDecider.decide(
        CatalogueItemCommand.parse({
          type: "ListCatalogueItem",
          data: {
            itemId: "raincoat-2026",
            title: "骑手雨衣",
            pointsPrice: 200,
            stock: 30,
            stationId: "wanda",
            donor: { kind: "sponsor", sponsorId: "wanda-cafe" },
            limitPerCourier: 1,
          },
        }),
        initialCatalogueItemState(),
        { now, actor: staff, community, policy },
      ),
    );
    const item = listed.reduce(catalogueItemDecider.evolve, initialCatalogueItemState());
    const reserved = Either.getOrThrow(
      catalogueItemDecider.decide(
        CatalogueItemCommand.parse({
          type: "RedeemCatalogueItem",
          data: { itemId: "raincoat-2026", redemptionId: "r-1", expectedPoints: 200 },
        }),
        item,
        {
          now,
          actor: courier,
          community,
          policy,
          courier: { courierId: CourierId.parse("c-1"), status: "active" },
          availablePoints: 500,
        },
      ),
    );
    // The catalogue flow opens the redemption, which holds the points until pickup.
    const [reservedEvent] = reserved;
    if (reservedEvent?.type !== "CatalogueItemReserved") throw new Error("expected a reservation");
    const [open] = catalogueRedemptionCommandsFor(reservedEvent);
    if (open === undefined) throw new Error("expected OpenCatalogueRedemption");
    const opened = Either.getOrThrow(
      catalogueRedemptionDecider.decide(open, initialCatalogueRedemptionState(), {
        now,
        actor: systemActor("wishes"),
        community,
        policy,
      }),
    );
    const [openedEvent] = opened;
    if (openedEvent === undefined) throw new Error("expected CatalogueRedemptionOpened");
    expect(pointsCommandsFor(openedEvent).map((command) => command.data.transferId)).toEqual([
      "catalogue-r-1-hold",
    ]);
  });

  it("the policy", () => {
    const policy = Either.getOrThrow(
      parsePolicy(`
wishes:
  valueCapFen: 30000          # 300 yuan
  prohibitedItems: []         # besides cash, cards and vouchers, alcohol and tobacco
  maxOpenWishesPerCourier: 2
  pointsPerYuan: 10
  publishedExpiryDays: 30
  fulfilmentDays: 14
  holdGraceHours: 48
  moderatorIds: []            # empty: every staff member of the community
  catalogue:
    pickupDays: 14
    maxQuantityPerRedemption: 1
`),
    );
    expect(policy.wishes).toEqual(jinshanPolicy().wishes);
  });
});
