import {
  CommandId,
  CourierId,
  derivedId,
  handleCommand,
  manualClock,
  newAggregateRecord,
  sequentialIds,
  type TransferId,
} from "@courier-station/core";
import {
  courierAccountId,
  type PointsAccountCommand,
  PointsAccountCommand as PointsAccountCommandSchema,
  pointsAccountDecider,
  TransferAmount,
} from "@courier-station/points";
import { Either } from "effect";
import { describe, expect, it } from "vitest";
import { catalogueItemDecider } from "./catalogue-items/index.js";
import { onItem } from "./testing/catalogue.js";
import { COMMUNITY, courierActor, expectRefusal, NOW, POLICY, STAFF } from "./testing/fixtures.js";
import {
  CATALOGUE_HOLD,
  CATALOGUE_HOLD_POST,
  CATALOGUE_HOLD_VOID,
  WISH_HOLD,
  WISH_HOLD_POST,
  WISH_HOLD_VOID,
} from "./testing/hold-ids.js";

/*
 * Every id this package derives for the points ledger (a wish's or a catalogue
 * redemption's hold, and the post and void of each) lives where no caller can take it
 * first. Taken by a staff adjustment before the flow needed it, a hold's id would have
 * failed the redemption; its post's, left the hold to expire after the hand-over (the
 * courier keeping the points and the wish); its void's, kept the points held. And the
 * command ids the flows derive are the system's own.
 */

/** A staff adjustment that would take `transferId`, as the edge would parse it. */
const adjustmentTaking = (transferId: string) =>
  PointsAccountCommandSchema.safeParse({
    type: "AdjustPoints",
    data: {
      transferId,
      courierId: "c-1",
      direction: "deduct",
      amount: 1,
      note: "taking an id",
    },
  });

describe("the transfer ids wishes derive", () => {
  it.each([
    ["a wish's hold", WISH_HOLD],
    ["the post of a wish's hold", WISH_HOLD_POST],
    ["the void of a wish's hold", WISH_HOLD_VOID],
    ["a catalogue redemption's hold", CATALOGUE_HOLD],
    ["the post of a catalogue redemption's hold", CATALOGUE_HOLD_POST],
    ["the void of a catalogue redemption's hold", CATALOGUE_HOLD_VOID],
  ])("cannot be taken by a staff adjustment: %s", (_name, id) => {
    expect(id.startsWith("d-")).toBe(true);
    expect(adjustmentTaking(id).success).toBe(false);
  });

  it("cannot be taken by an adjustment that skips the edge either", () => {
    // Built in code, not parsed: the account still runs a transfer under its own id as
    // command id, and that id is the system's.
    const command: PointsAccountCommand = {
      type: "AdjustPoints",
      data: {
        transferId: WISH_HOLD_POST as TransferId,
        courierId: CourierId.parse("c-1"),
        direction: "grant",
        amount: TransferAmount.parse(1),
        note: "taking the post's id",
      },
    };
    const record = newAggregateRecord(
      pointsAccountDecider,
      COMMUNITY,
      courierAccountId(CourierId.parse("c-1")),
    );
    const runtime = {
      clock: manualClock(NOW),
      ids: sequentialIds("evt"),
      facts: { policy: POLICY },
    };
    const underItsId = handleCommand(
      pointsAccountDecider,
      record,
      { commandId: CommandId.parse(WISH_HOLD_POST), community: COMMUNITY, actor: STAFF, command },
      runtime,
    );
    if (Either.isRight(underItsId)) throw new Error("expected a refusal");
    expectRefusal(Either.left(underItsId.left), "access.forbidden");
    const underAnother = handleCommand(
      pointsAccountDecider,
      record,
      { commandId: CommandId.parse("adj-1"), community: COMMUNITY, actor: STAFF, command },
      runtime,
    );
    if (Either.isRight(underAnother)) throw new Error("expected a refusal");
    expectRefusal(Either.left(underAnother.left), "points.command_id_mismatch");
  });
});

describe("the command ids the flows derive", () => {
  it("cannot be taken by a courier's command on the same aggregate", () => {
    // The catalogue flow releases a failed redemption's units under a command id derived
    // from the event; a courier who sent a command under it first would stop the release.
    const releaseId = CommandId.parse(derivedId("wishes-catalogue", "release", "evt-42"));
    const outcome = handleCommand(
      catalogueItemDecider,
      newAggregateRecord(catalogueItemDecider, COMMUNITY, "raincoat-2026"),
      {
        commandId: releaseId,
        community: COMMUNITY,
        actor: courierActor(),
        command: onItem("RedeemCatalogueItem", {
          itemId: "raincoat-2026",
          redemptionId: "r-9",
          expectedPoints: 200,
        }),
      },
      { clock: manualClock(NOW), ids: sequentialIds("evt"), facts: { policy: POLICY } },
    );
    if (Either.isRight(outcome)) throw new Error("expected a refusal");
    expectRefusal(Either.left(outcome.left), "access.forbidden");
    expect(outcome.left).toMatchObject({ reason: "command_id" });
  });
});
