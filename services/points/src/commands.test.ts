import { type CourierId, type EventId, HOUR, systemActor } from "@courier-station/core";
import {
  batchTransferIdOf,
  courierAccountId,
  earningCommandIdOf,
  expiryTransferIdOf,
  systemAccountId,
} from "@courier-station/points";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  adjustment,
  ask,
  courierActor,
  expectRefusal,
  flow,
  grantPoints,
  instantAt,
  type PointsStation,
  refusalOf,
  send,
  staff,
  startPoints,
} from "./test-station.js";

const account = (courierId: string) => courierAccountId(courierId as CourierId);

const hold = (transferId: string, courierId: string, amount: number, timeoutAt: string) => ({
  type: "CreateTransfer",
  data: {
    transferId,
    debitAccount: account(courierId),
    creditAccount: systemAccountId("redemption"),
    amount,
    reason: "wish_redemption",
    reference: `wish-${transferId}`,
    pending: { timeoutAt },
  },
});

const welcome = (transferId: string, courierId: string, amount: number) => ({
  type: "CreateTransfer",
  data: {
    transferId,
    debitAccount: systemAccountId("issuance"),
    creditAccount: account(courierId),
    amount,
    reason: "welcome",
    reference: "evt-welcome",
  },
});

const participation = (eventId: string, courierId: string, confirmedAt: string, hours = 2) => ({
  type: "EarnPoints",
  data: {
    trigger: {
      id: eventId,
      type: "ParticipationConfirmed",
      time: confirmedAt,
      data: {
        activityId: "act-1",
        courierId,
        activityKind: "volunteering",
        hours,
        confirmedAt,
      },
    },
  },
});

const balanceOf = (station: PointsStation, courierId: string) =>
  ask(station, "GetPointsBalance", { actor: staff, courierId: courierId as CourierId });

describe("the points service's command endpoints", () => {
  let station: PointsStation;
  beforeEach(async () => {
    station = await startPoints();
  });
  afterEach(async () => station.close());

  describe("AdjustPoints (staff, with a note)", () => {
    it("grants points, answers the same id again as a duplicate, and refuses the id with another body", async () => {
      const first = await send(
        station,
        "AdjustPoints",
        staff,
        adjustment("adj-1", "c-1", 50),
        "adj-1",
      );
      expect(first.outcome).toBe("applied");
      expect(first.eventIds).toHaveLength(1);
      const again = await send(
        station,
        "AdjustPoints",
        staff,
        adjustment("adj-1", "c-1", 50),
        "adj-1",
      );
      expect(again).toEqual({ ...first, outcome: "duplicate" });
      const conflict = await refusalOf(
        send(station, "AdjustPoints", staff, adjustment("adj-1", "c-1", 60), "adj-1"),
      );
      expectRefusal(conflict, "command.id_conflict", 409);
      expect((await balanceOf(station, "c-1")).available).toBe(50);
    });

    it("refuses a deduction beyond the courier's points and stores nothing", async () => {
      await grantPoints(station, "c-1", 20);
      const refused = await refusalOf(
        send(station, "AdjustPoints", staff, adjustment("adj-2", "c-1", 30, "deduct"), "adj-2"),
      );
      expectRefusal(refused, "points.insufficient_points", 422);
      const balance = await balanceOf(station, "c-1");
      expect(balance.available).toBe(20);
      expect(balance.version).toBe(1);
    });
  });

  describe("CreateTransfer (system flows)", () => {
    it("credits a courier under its transfer id, once", async () => {
      const first = await send(station, "CreateTransfer", flow, welcome("w-1", "c-1", 10), "w-1");
      expect(first.outcome).toBe("applied");
      const again = await send(station, "CreateTransfer", flow, welcome("w-1", "c-1", 10), "w-1");
      expect(again).toEqual({ ...first, outcome: "duplicate" });
      const conflict = await refusalOf(
        send(station, "CreateTransfer", flow, welcome("w-1", "c-1", 11), "w-1"),
      );
      expectRefusal(conflict, "command.id_conflict", 409);
      expect((await balanceOf(station, "c-1")).balance).toBe(10);
    });

    it("refuses a hold the courier's points do not cover", async () => {
      await grantPoints(station, "c-1", 10);
      const refused = await refusalOf(
        send(
          station,
          "CreateTransfer",
          flow,
          hold("h-1", "c-1", 11, instantAt(station, HOUR)),
          "h-1",
        ),
      );
      expectRefusal(refused, "points.insufficient_points", 422);
      expect((await balanceOf(station, "c-1")).held).toBe(0);
    });

    it("refuses a transfer under another command id than its own", async () => {
      const refused = await refusalOf(
        send(station, "CreateTransfer", flow, welcome("w-2", "c-1", 10), "another-id"),
      );
      expectRefusal(refused, "points.command_id_mismatch", 400);
    });
  });

  describe("CreateTransfers (system flows, all or none)", () => {
    const batch = (commandId: string, amounts: ReadonlyArray<number>, direction: "in" | "out") => ({
      type: "CreateTransfers",
      data: {
        transfers: amounts.map((amount, index) =>
          direction === "in"
            ? { ...welcome(batchTransferIdOf(commandId, index), "c-1", amount).data }
            : {
                ...hold(
                  batchTransferIdOf(commandId, index),
                  "c-1",
                  amount,
                  "2030-01-01T00:00:00.000Z",
                ).data,
              },
        ),
      },
    });

    it("records every transfer of a batch, once", async () => {
      const first = await send(station, "CreateTransfers", flow, batch("b-1", [5, 7], "in"), "b-1");
      expect(first.eventIds).toHaveLength(2);
      const again = await send(station, "CreateTransfers", flow, batch("b-1", [5, 7], "in"), "b-1");
      expect(again).toEqual({ ...first, outcome: "duplicate" });
      const conflict = await refusalOf(
        send(station, "CreateTransfers", flow, batch("b-1", [5, 8], "in"), "b-1"),
      );
      expectRefusal(conflict, "command.id_conflict", 409);
      expect((await balanceOf(station, "c-1")).balance).toBe(12);
    });

    it("records none when one is refused", async () => {
      await grantPoints(station, "c-1", 10);
      const refused = await refusalOf(
        send(station, "CreateTransfers", flow, batch("b-2", [6, 6], "out"), "b-2"),
      );
      expectRefusal(refused, "points.insufficient_points", 422);
      expect((await balanceOf(station, "c-1")).held).toBe(0);
    });
  });

  describe("holds: PostPendingTransfer, VoidPendingTransfer, ExpirePendingTransfer", () => {
    beforeEach(async () => {
      await grantPoints(station, "c-1", 100);
      for (const id of ["h-1", "h-2", "h-3"]) {
        await send(
          station,
          "CreateTransfer",
          flow,
          hold(id, "c-1", 20, instantAt(station, HOUR)),
          id,
        );
      }
    });

    const post = (transferId: string, pendingTransferId: string, amount?: number) => ({
      type: "PostPendingTransfer",
      data: { transferId, pendingTransferId, ...(amount === undefined ? {} : { amount }) },
    });
    const voiding = (transferId: string, pendingTransferId: string) => ({
      type: "VoidPendingTransfer",
      data: { transferId, pendingTransferId },
    });

    it("posts a hold routed to the account that holds it, once", async () => {
      const first = await send(station, "PostPendingTransfer", flow, post("p-1", "h-1"), "p-1");
      expect(first).toMatchObject({ outcome: "applied", id: account("c-1") });
      const again = await send(station, "PostPendingTransfer", flow, post("p-1", "h-1"), "p-1");
      expect(again).toEqual({ ...first, outcome: "duplicate" });
      const conflict = await refusalOf(
        send(station, "PostPendingTransfer", flow, post("p-1", "h-1", 5), "p-1"),
      );
      expectRefusal(conflict, "command.id_conflict", 409);
      const balance = await balanceOf(station, "c-1");
      expect(balance).toMatchObject({ balance: 80, held: 40, available: 40 });
    });

    it("refuses a post of a hold nobody holds", async () => {
      const refused = await refusalOf(
        send(station, "PostPendingTransfer", flow, post("p-2", "no-such-hold"), "p-2"),
      );
      expectRefusal(refused, "points.pending_transfer_not_found", 404);
    });

    it("voids a hold once, and refuses a void of a hold already posted", async () => {
      const first = await send(station, "VoidPendingTransfer", flow, voiding("v-1", "h-2"), "v-1");
      expect(first.outcome).toBe("applied");
      const again = await send(station, "VoidPendingTransfer", flow, voiding("v-1", "h-2"), "v-1");
      expect(again).toEqual({ ...first, outcome: "duplicate" });
      const conflict = await refusalOf(
        send(station, "VoidPendingTransfer", flow, voiding("v-1", "h-3"), "v-1"),
      );
      expectRefusal(conflict, "command.id_conflict", 409);
      await send(station, "PostPendingTransfer", flow, post("p-3", "h-1"), "p-3");
      const refused = await refusalOf(
        send(station, "VoidPendingTransfer", flow, voiding("v-2", "h-1"), "v-2"),
      );
      expectRefusal(refused, "points.pending_transfer_already_posted", 422);
      expect(await balanceOf(station, "c-1")).toMatchObject({ balance: 80, held: 20 });
    });

    it("expires a hold past its timeout once, and refuses one before it", async () => {
      const expire = (holdId: string) => ({
        type: "ExpirePendingTransfer",
        data: { pendingTransferId: holdId },
      });
      const early = await refusalOf(
        send(
          station,
          "ExpirePendingTransfer",
          flow,
          expire("h-3"),
          expiryTransferIdOf("h-3" as never),
        ),
      );
      expectRefusal(early, "points.pending_transfer_not_timed_out", 422);
      station.clock.advance(2 * HOUR);
      const id = expiryTransferIdOf("h-3" as never);
      const first = await send(station, "ExpirePendingTransfer", flow, expire("h-3"), id);
      expect(first.outcome).toBe("applied");
      const again = await send(station, "ExpirePendingTransfer", flow, expire("h-3"), id);
      expect(again).toEqual({ ...first, outcome: "duplicate" });
      const otherActor = systemActor("another-timer");
      const conflict = await refusalOf(
        send(station, "ExpirePendingTransfer", otherActor, expire("h-3"), id),
      );
      expectRefusal(conflict, "command.id_conflict", 409);
    });
  });

  describe("EarnPoints (the earning flow)", () => {
    it("earns by the policy once per event, and refuses the same id for another event body", async () => {
      const at = instantAt(station, -HOUR);
      const commandId = earningCommandIdOf("evt-p-1" as EventId);
      const first = await send(
        station,
        "EarnPoints",
        flow,
        participation("evt-p-1", "c-1", at),
        commandId,
      );
      expect(first.outcome).toBe("applied");
      const again = await send(
        station,
        "EarnPoints",
        flow,
        participation("evt-p-1", "c-1", at),
        commandId,
      );
      expect(again).toEqual({ ...first, outcome: "duplicate" });
      const conflict = await refusalOf(
        send(station, "EarnPoints", flow, participation("evt-p-1", "c-1", at, 3), commandId),
      );
      expectRefusal(conflict, "command.id_conflict", 409);
      expect((await balanceOf(station, "c-1")).balance).toBe(10);
    });

    it("refuses an earning under another id than the event's", async () => {
      const refused = await refusalOf(
        send(
          station,
          "EarnPoints",
          flow,
          participation("evt-p-2", "c-1", instantAt(station)),
          "mine",
        ),
      );
      expectRefusal(refused, "points.command_id_mismatch", 400);
      expect((await balanceOf(station, "c-1")).version).toBe(0);
    });
  });

  describe("ExpireEarnedPoints (the expiry timer)", () => {
    it("refuses staff", async () => {
      const refused = await refusalOf(
        send(
          station,
          "ExpireEarnedPoints",
          staff,
          { type: "ExpireEarnedPoints", data: { courierId: "c-1" } },
          "x-1",
        ),
      );
      expectRefusal(refused, "access.forbidden", 403);
    });
  });

  it("refuses a courier sending a staff command, storing nothing", async () => {
    const refused = await refusalOf(
      send(station, "AdjustPoints", courierActor("c-1"), adjustment("adj-9", "c-1", 500), "adj-9"),
    );
    expectRefusal(refused, "access.forbidden", 403);
    expect((await balanceOf(station, "c-1")).version).toBe(0);
  });
});

describe("ExpireEarnedPoints with a policy that expires points", () => {
  let station: PointsStation;
  beforeEach(async () => {
    const { jinshanPolicy } = await import("@courier-station/core");
    const policy = jinshanPolicy();
    station = await startPoints({
      policy: { ...policy, points: { ...policy.points, expiryMonths: 1 } },
    });
  });
  afterEach(async () => station.close());

  it("expires September's points in November, once", async () => {
    // Confirmed on 20 September (within the 60-day earning window of 16 November).
    const september = "2026-09-20T02:00:00.000Z";
    await send(
      station,
      "EarnPoints",
      flow,
      participation("evt-sep", "c-1", september),
      earningCommandIdOf("evt-sep" as EventId),
    );
    const command = { type: "ExpireEarnedPoints", data: { courierId: "c-1" } };
    const first = await send(station, "ExpireEarnedPoints", flow, command, "expiry-2026-11");
    expect(first.eventIds).toHaveLength(1);
    const again = await send(station, "ExpireEarnedPoints", flow, command, "expiry-2026-11");
    expect(again).toEqual({ ...first, outcome: "duplicate" });
    const conflict = await refusalOf(
      send(station, "ExpireEarnedPoints", systemActor("another"), command, "expiry-2026-11"),
    );
    expectRefusal(conflict, "command.id_conflict", 409);
    expect((await balanceOf(station, "c-1")).balance).toBe(0);
  });
});
