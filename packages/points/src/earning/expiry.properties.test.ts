import {
  CommandId,
  CommunityId,
  CommunityPolicy,
  CourierId,
  DAY,
  type Instant,
  systemActor,
} from "@courier-station/core";
import { Either } from "effect";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { availableOf } from "../account/balances.js";
import type { PointsAccountCommand } from "../account/commands.js";
import type { PointsAccountContext } from "../account/decide.js";
import type { PointsAccountEvent } from "../account/events.js";
import { pointsAccountDecider, pointsCommandIdOf } from "../account/index.js";
import { balancesIn, type PointsAccountState } from "../account/state.js";
import { accountTransfersOf } from "../statements/courier-statement.js";
import { accountOf, ISSUANCE, NOW, REDEMPTION, tid } from "../testing/fixtures.js";
import type { TransferAmount } from "../transfer.js";
import { pointsLotsOf, remainingLots } from "./expiry.js";
import { localMonthIndexOf } from "./periods.js";

const community = CommunityId.parse("jinshan-wanda");
const actor = systemActor("points-expiry");
const alice = accountOf("alice");

type Step =
  | { readonly op: "earn"; readonly amount: number }
  | { readonly op: "spend"; readonly amount: number; readonly hold: boolean }
  | { readonly op: "void" }
  | { readonly op: "expire" }
  | { readonly op: "wait"; readonly days: number };

const step: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      op: fc.constant("earn" as const),
      amount: fc.integer({ min: 1, max: 50 }),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      op: fc.constant("spend" as const),
      amount: fc.integer({ min: 1, max: 40 }),
      hold: fc.boolean(),
    }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant("void" as const) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant("expire" as const) }) },
  {
    weight: 3,
    arbitrary: fc.record({
      op: fc.constant("wait" as const),
      days: fc.integer({ min: 1, max: 40 }),
    }),
  },
);

describe("expiry of earned points under random histories", () => {
  it("leaves nothing of points past their age, spends oldest first, never goes negative, and runs once", () => {
    fc.assert(
      fc.property(
        fc.array(step, { maxLength: 80, size: "max" }),
        fc.integer({ min: 1, max: 3 }),
        (steps, months) => {
          const policy = CommunityPolicy.parse({ points: { expiryMonths: months } });
          let state: PointsAccountState = pointsAccountDecider.initialState();
          const events: PointsAccountEvent[] = [];
          let now: Instant = NOW;
          const holds: string[] = [];
          const zone = policy.general.timeZone;
          const run = (command: PointsAccountCommand): boolean => {
            const context: PointsAccountContext = {
              now,
              actor,
              community,
              policy,
              commandId: CommandId.parse(pointsCommandIdOf(command) ?? "cmd-expire"),
            };
            const decision = pointsAccountDecider.decide(command, state, context);
            if (Either.isLeft(decision)) return false;
            state = decision.right.reduce(pointsAccountDecider.evolve, state);
            events.push(...decision.right);
            // What the account keeps is what its history gives, month for month.
            expect(remainingLots(state.lots, balancesIn(state, alice))).toEqual(
              pointsLotsOf(alice, accountTransfersOf(events), zone),
            );
            return decision.right.length > 0;
          };
          steps.forEach((current, index) => {
            switch (current.op) {
              case "earn":
                run({
                  type: "CreateTransfer",
                  data: {
                    transferId: tid(`earn-${index}`),
                    debitAccount: ISSUANCE,
                    creditAccount: alice,
                    amount: current.amount as TransferAmount,
                    reason: "participation",
                    reference: `event-${index}`,
                  },
                });
                return;
              case "spend": {
                const created = run({
                  type: "CreateTransfer",
                  data: {
                    transferId: tid(`spend-${index}`),
                    debitAccount: alice,
                    creditAccount: REDEMPTION,
                    amount: current.amount as TransferAmount,
                    reason: "wish_redemption",
                    reference: `wish-${index}`,
                    ...(current.hold
                      ? {
                          pending: {
                            timeoutAt: new Date(
                              Date.parse(now) + 400 * DAY,
                            ).toISOString() as Instant,
                          },
                        }
                      : {}),
                  },
                });
                if (created && current.hold) holds.push(`spend-${index}`);
                return;
              }
              case "void": {
                const hold = holds.shift();
                if (hold !== undefined) {
                  run({
                    type: "VoidPendingTransfer",
                    data: { transferId: tid(`void-${index}`), pendingTransferId: tid(hold) },
                  });
                }
                return;
              }
              case "expire": {
                run({ type: "ExpireEarnedPoints", data: { courierId: CourierId.parse("alice") } });
                // Nothing past its age is left, and a second run changes nothing.
                const nowMonth = localMonthIndexOf(now, zone);
                for (const lot of pointsLotsOf(alice, accountTransfersOf(events), zone)) {
                  const earnedMonth =
                    Number(lot.month.slice(0, 4)) * 12 + Number(lot.month.slice(5)) - 1;
                  if (nowMonth > earnedMonth + months) expect(lot.remaining).toBe(0);
                }
                expect(
                  run({
                    type: "ExpireEarnedPoints",
                    data: { courierId: CourierId.parse("alice") },
                  }),
                ).toBe(false);
                return;
              }
              case "wait":
                now = new Date(Date.parse(now) + current.days * DAY).toISOString() as Instant;
                return;
            }
          });
          const balances = balancesIn(state, alice);
          expect(availableOf(balances)).toBeGreaterThanOrEqual(0);
          // The lots left add up to what is available.
          const left = pointsLotsOf(alice, accountTransfersOf(events), zone).reduce(
            (sum, lot) => sum + lot.remaining,
            0,
          );
          expect(left).toBe(availableOf(balances));
          // Expiry only ever took what was earned.
          const expired = accountTransfersOf(events)
            .filter((transfer) => transfer.reason === "expiry")
            .reduce((sum, transfer) => sum + transfer.amount, 0);
          expect(expired).toBeLessThanOrEqual(balances.creditsPosted);
        },
      ),
      { numRuns: 150 },
    );
  });
});
