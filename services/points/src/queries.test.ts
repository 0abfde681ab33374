import {
  type CourierId,
  DAY,
  type EventId,
  HOUR,
  instantFromMillis,
  MINUTE,
} from "@courier-station/core";
import { courierAccountId, earningCommandIdOf, systemAccountId } from "@courier-station/points";
import fc from "fast-check";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  adjustment,
  ask,
  auditor,
  courierActor,
  expectRefusal,
  flow,
  grantPoints,
  instantAt,
  movableClock,
  type PointsStation,
  refusalOf,
  send,
  sponsor,
  staff,
  staffElsewhere,
  startPoints,
} from "./test-station.js";

const courier = (id: string) => id as CourierId;

const hold = (transferId: string, courierId: string, amount: number, timeoutAt: string) => ({
  type: "CreateTransfer",
  data: {
    transferId,
    debitAccount: courierAccountId(courier(courierId)),
    creditAccount: systemAccountId("redemption"),
    amount,
    reason: "wish_redemption",
    reference: `wish-${transferId}`,
    pending: { timeoutAt },
  },
});

const post = (transferId: string, pendingTransferId: string) => ({
  type: "PostPendingTransfer",
  data: { transferId, pendingTransferId },
});

describe("GetPointsBalance", () => {
  let station: PointsStation;
  beforeEach(async () => {
    station = await startPoints();
    await grantPoints(station, "c-1", 50);
  });
  afterEach(async () => station.close());

  it("shows a courier their own points and staff and auditors anyone's", async () => {
    for (const actor of [staff, auditor, courierActor("c-1")]) {
      const balance = await ask(station, "GetPointsBalance", { actor, courierId: courier("c-1") });
      expect(balance).toMatchObject({ courierId: "c-1", balance: 50, held: 0, available: 50 });
    }
  });

  it("refuses a courier asking for another courier's points, a sponsor, and staff of another community", async () => {
    const other = await refusalOf(
      ask(station, "GetPointsBalance", { actor: courierActor("c-2"), courierId: courier("c-1") }),
    );
    expectRefusal(other, "courier.not_yourself", 403);
    const bySponsor = await refusalOf(
      ask(station, "GetPointsBalance", { actor: sponsor, courierId: courier("c-1") }),
    );
    expectRefusal(bySponsor, "access.forbidden", 403);
    const elsewhere = await refusalOf(
      ask(station, "GetPointsBalance", { actor: staffElsewhere, courierId: courier("c-1") }),
    );
    expectRefusal(elsewhere, "access.forbidden", 403);
  });

  it("says what changed since a given time", async () => {
    const before = instantAt(station);
    station.clock.advance(HOUR);
    await send(
      station,
      "CreateTransfer",
      flow,
      hold("h-1", "c-1", 20, instantAt(station, DAY)),
      "h-1",
    );
    await grantPoints(station, "c-1", 5);
    const balance = await ask(station, "GetPointsBalance", {
      actor: courierActor("c-1"),
      courierId: courier("c-1"),
      since: before,
    });
    expect(balance.changedSince).toEqual({
      since: before,
      position: { balance: 50, held: 0, available: 50 },
      balanceChange: 5,
      heldChange: 20,
      availableChange: -15,
    });
  });
});

describe("GetPointsStatement", () => {
  let station: PointsStation;
  beforeEach(async () => {
    // 20 October 2026, 10:00 in Shanghai.
    station = await startPoints({ clock: movableClock(Date.parse("2026-10-20T02:00:00.000Z")) });
    await grantPoints(station, "c-1", 30);
    await send(
      station,
      "CreateTransfer",
      flow,
      hold("h-1", "c-1", 10, instantAt(station, 30 * DAY)),
      "h-1",
    );
    station.clock.advance(16 * DAY); // 5 November
    await send(station, "PostPendingTransfer", flow, post("p-1", "h-1"), "p-1");
    await grantPoints(station, "c-1", 5);
    // A courier who withdrew consent earns nothing for what they do since.
    station.registry.couriers.set("c-1", {
      courierId: courier("c-1"),
      status: "active",
      volunteerTeamMember: true,
      consentWithdrawnAt: instantAt(station, -HOUR),
    });
    const confirmedAt = instantAt(station, -MINUTE);
    await send(
      station,
      "EarnPoints",
      flow,
      {
        type: "EarnPoints",
        data: {
          trigger: {
            id: "evt-late",
            type: "ParticipationConfirmed",
            time: confirmedAt,
            data: {
              activityId: "act-1",
              courierId: "c-1",
              activityKind: "volunteering",
              hours: 2,
              confirmedAt,
            },
          },
        },
      },
      earningCommandIdOf("evt-late" as EventId),
    );
  });
  afterEach(async () => station.close());

  const statement = (month: number, page: { after?: string | undefined; limit?: number } = {}) =>
    ask(station, "GetPointsStatement", {
      actor: courierActor("c-1"),
      courierId: courier("c-1"),
      year: 2026,
      month,
      ...page,
    });

  it("gives a month's opening, lines with running positions, totals and closing", async () => {
    const october = await statement(10);
    expect(october.opening).toEqual({ balance: 0, held: 0, available: 0 });
    expect(october.items.map((line) => [line.transfer.kind, line.balance, line.held])).toEqual([
      ["single", 30, 0],
      ["pending", 30, 10],
    ]);
    expect(october.closing).toEqual({ balance: 30, held: 10, available: 20 });
    expect(october.totals).toMatchObject({ granted: 30, spent: 0 });
    expect(october.timeZone).toBe("Asia/Shanghai");

    const november = await statement(11);
    expect(november.opening).toEqual({ balance: 30, held: 10, available: 20 });
    expect(
      november.items.map((line) => [line.transfer.kind, line.balance, line.available]),
    ).toEqual([
      ["post", 20, 20],
      ["single", 25, 25],
    ]);
    expect(november.closing).toEqual({ balance: 25, held: 0, available: 25 });
    expect(november.totals).toMatchObject({ spent: 10, granted: 5 });
    expect(november.notEarned).toMatchObject([
      { triggerId: "evt-late", reason: "consent_withdrawn" },
    ]);
  });

  it("gives a month without transfers the position it had, before and after the first", async () => {
    const december = await statement(12);
    expect(december.opening).toEqual({ balance: 25, held: 0, available: 25 });
    expect(december.closing).toEqual(december.opening);
    expect(december.items).toEqual([]);
    const september = await statement(9);
    expect(september.closing).toEqual({ balance: 0, held: 0, available: 0 });
  });

  it("pages the lines with cursors", async () => {
    const first = await statement(11, { limit: 1 });
    expect(first.items.map((line) => line.transfer.kind)).toEqual(["post"]);
    expect(first.next).toBeDefined();
    const second = await statement(11, { limit: 1, after: first.next });
    expect(second.items.map((line) => line.transfer.kind)).toEqual(["single"]);
    const rest =
      second.next === undefined ? [] : (await statement(11, { after: second.next })).items;
    expect(rest).toEqual([]);
    expect(second.closing).toEqual(first.closing);
  });

  it("refuses another courier and a sponsor", async () => {
    const other = await refusalOf(
      ask(station, "GetPointsStatement", {
        actor: courierActor("c-2"),
        courierId: courier("c-1"),
        year: 2026,
        month: 11,
      }),
    );
    expectRefusal(other, "courier.not_yourself", 403);
    const bySponsor = await refusalOf(
      ask(station, "GetPointsStatement", {
        actor: sponsor,
        courierId: courier("c-1"),
        year: 2026,
        month: 11,
      }),
    );
    expectRefusal(bySponsor, "access.forbidden", 403);
  });
});

describe("ListOpenHolds", () => {
  let station: PointsStation;
  beforeEach(async () => {
    station = await startPoints();
    await grantPoints(station, "c-1", 100);
    await grantPoints(station, "c-2", 100);
    for (const [id, courierId, hours] of [
      ["h-3", "c-1", 3],
      ["h-1", "c-1", 1],
      ["h-2", "c-2", 2],
      ["h-4", "c-1", 4],
    ] as const) {
      await send(
        station,
        "CreateTransfer",
        flow,
        hold(id, courierId, 10, instantAt(station, hours * HOUR)),
        id,
      );
    }
  });
  afterEach(async () => station.close());

  it("lists the community's open holds for staff, soonest timeout first, page by page", async () => {
    const first = await ask(station, "ListOpenHolds", { actor: staff, limit: 2 });
    expect(first.items.map((item) => item.holdId)).toEqual(["h-1", "h-2"]);
    const second = await ask(station, "ListOpenHolds", {
      actor: staff,
      limit: 2,
      after: first.next,
    });
    expect(second.items.map((item) => item.holdId)).toEqual(["h-3", "h-4"]);
    expect(second.items[0]).toMatchObject({
      courierId: "c-1",
      amount: 10,
      reason: "wish_redemption",
    });
  });

  it("lists a courier's own holds only, and drops a hold once posted", async () => {
    await send(station, "PostPendingTransfer", flow, post("p-1", "h-3"), "p-1");
    const own = await ask(station, "ListOpenHolds", { actor: courierActor("c-1") });
    expect(own.items.map((item) => item.holdId)).toEqual(["h-1", "h-4"]);
    const refused = await refusalOf(
      ask(station, "ListOpenHolds", { actor: courierActor("c-1"), courierId: courier("c-2") }),
    );
    expectRefusal(refused, "courier.not_yourself", 403);
    const bySponsor = await refusalOf(ask(station, "ListOpenHolds", { actor: sponsor }));
    expectRefusal(bySponsor, "access.forbidden", 403);
  });
});

describe("GetLedgerTotals", () => {
  it("sums every system account over the courier accounts, and all balances to zero, after a mixed workload", async () => {
    const operation = fc.oneof(
      fc.record({
        kind: fc.constant("grant" as const),
        courier: fc.nat(3),
        amount: fc.integer({ min: 1, max: 50 }),
      }),
      fc.record({
        kind: fc.constant("deduct" as const),
        courier: fc.nat(3),
        amount: fc.integer({ min: 1, max: 30 }),
      }),
      fc.record({
        kind: fc.constant("hold" as const),
        courier: fc.nat(3),
        amount: fc.integer({ min: 1, max: 30 }),
      }),
      fc.record({ kind: fc.constant("post" as const), hold: fc.nat(20) }),
      fc.record({ kind: fc.constant("void" as const), hold: fc.nat(20) }),
      fc.record({ kind: fc.constant("earn" as const), courier: fc.nat(3) }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(operation, { minLength: 5, maxLength: 25 }), async (operations) => {
        const station = await startPoints();
        try {
          const holds: string[] = [];
          let step = 0;
          for (const operation of operations) {
            step += 1;
            const id = `op-${step}`;
            const attempt = async () => {
              switch (operation.kind) {
                case "grant":
                case "deduct":
                  return send(
                    station,
                    "AdjustPoints",
                    staff,
                    adjustment(id, `c-${operation.courier}`, operation.amount, operation.kind),
                    id,
                  );
                case "hold":
                  holds.push(id);
                  return send(
                    station,
                    "CreateTransfer",
                    flow,
                    hold(id, `c-${operation.courier}`, operation.amount, instantAt(station, DAY)),
                    id,
                  );
                case "post":
                case "void": {
                  const target = holds[operation.hold % Math.max(1, holds.length)];
                  if (target === undefined) return undefined;
                  return send(
                    station,
                    operation.kind === "post" ? "PostPendingTransfer" : "VoidPendingTransfer",
                    flow,
                    {
                      type:
                        operation.kind === "post" ? "PostPendingTransfer" : "VoidPendingTransfer",
                      data: { transferId: id, pendingTransferId: target },
                    },
                    id,
                  );
                }
                case "earn": {
                  const at = instantFromMillis(station.clock.now() - MINUTE);
                  return send(
                    station,
                    "EarnPoints",
                    flow,
                    {
                      type: "EarnPoints",
                      data: {
                        trigger: {
                          id,
                          type: "ReportVerified",
                          time: at,
                          data: {
                            reportId: `r-${id}`,
                            reporterId: `c-${operation.courier}`,
                            category: "environment",
                            verifiedAt: at,
                          },
                        },
                      },
                    },
                    earningCommandIdOf(id as EventId),
                  );
                }
              }
            };
            // Refusals (not enough points, a hold resolved already) are part of the workload.
            await attempt().catch(() => undefined);
          }
          const totals = await ask(station, "GetLedgerTotals", { actor: auditor });
          expect(totals.sum).toEqual({ balance: 0, pending: 0 });
          let couriersBalance = 0;
          let couriersHeld = 0;
          for (const id of ["c-0", "c-1", "c-2", "c-3"]) {
            const balance = await ask(station, "GetPointsBalance", {
              actor: staff,
              courierId: courier(id),
            });
            expect(balance.available).toBeGreaterThanOrEqual(0);
            couriersBalance += balance.balance;
            couriersHeld += balance.held;
          }
          expect(totals.couriers.balance).toBe(couriersBalance);
          expect(totals.couriers.debitsPending).toBe(couriersHeld);
          expect(totals.systemAccounts.redemption.creditsPending).toBe(couriersHeld);
        } finally {
          await station.close();
        }
      }),
      { numRuns: 6 },
    );
  });

  it("is for staff, auditors and the system only", async () => {
    const station = await startPoints();
    try {
      for (const actor of [courierActor("c-1"), sponsor]) {
        expectRefusal(
          await refusalOf(ask(station, "GetLedgerTotals", { actor })),
          "access.forbidden",
          403,
        );
      }
    } finally {
      await station.close();
    }
  });
});
