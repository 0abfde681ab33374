import type { Instant } from "@courier-station/core";
import fc from "fast-check";
import type { PointsAccountCommand } from "../account/commands.js";
import type { TransferRequest } from "../account/rules.js";
import type { EarningReason, TransferAmount } from "../transfer.js";
import { ADJUSTMENT, accountOf, ISSUANCE, REDEMPTION, tid } from "./fixtures.js";

/*
 * Random ledger workloads for the properties: earnings, spending (at once or held),
 * posts, voids, expiries, adjustments and the passing of time, on a few couriers with a
 * small pool of ids per courier so that retries and id conflicts happen often.
 */

/** One step of a workload. */
export type WorkloadStep =
  | {
      readonly op: "earn";
      readonly courier: number;
      readonly slot: number;
      readonly amount: number;
      readonly reason: EarningReason;
    }
  | {
      readonly op: "spend";
      readonly courier: number;
      readonly slot: number;
      readonly amount: number;
      readonly holdMinutes: number | undefined;
    }
  | {
      readonly op: "post";
      readonly courier: number;
      readonly slot: number;
      readonly pendingSlot: number;
      readonly amount: number | undefined;
    }
  | {
      readonly op: "void";
      readonly courier: number;
      readonly slot: number;
      readonly pendingSlot: number;
    }
  | { readonly op: "expire"; readonly courier: number; readonly pendingSlot: number }
  | {
      readonly op: "adjust";
      readonly courier: number;
      readonly slot: number;
      readonly amount: number;
      readonly grant: boolean;
    }
  | { readonly op: "wait"; readonly minutes: number };

/** How many couriers and ids per courier a workload uses. */
export const COURIERS = 3;
export const SLOTS = 10;

const courier = fc.integer({ min: 0, max: COURIERS - 1 });
// Slot ranges: holds and spending use a few slots that posts, voids and expiries refer
// to; earnings and adjustments share a wider range; posts and voids have their own.
const spendSlot = fc.integer({ min: 0, max: 5 });
const earnSlot = fc.integer({ min: 10, max: 10 + SLOTS * 2 });
const resolveSlot = fc.integer({ min: 40, max: 40 + SLOTS });
// Mostly ordinary amounts, now and then one the ledger must refuse.
const amount = fc.oneof(
  { weight: 30, arbitrary: fc.integer({ min: 1, max: 60 }) },
  { weight: 1, arbitrary: fc.constantFrom(0, -3, 2.5) },
);
const reason = fc.constantFrom<EarningReason>(
  "participation",
  "report",
  "suggestion",
  "patrol",
  "welcome",
  "campaign_bonus",
);

/** A random step. */
export const workloadStep: fc.Arbitrary<WorkloadStep> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      op: fc.constant("earn" as const),
      courier,
      slot: earnSlot,
      amount,
      reason,
    }),
  },
  {
    weight: 5,
    arbitrary: fc.record({
      op: fc.constant("spend" as const),
      courier,
      slot: spendSlot,
      amount: fc.integer({ min: 1, max: 40 }),
      holdMinutes: fc.option(fc.integer({ min: 1, max: 120 }), { nil: undefined, freq: 4 }),
    }),
  },
  {
    weight: 4,
    arbitrary: fc.record({
      op: fc.constant("post" as const),
      courier,
      slot: resolveSlot,
      pendingSlot: spendSlot,
      amount: fc.option(fc.integer({ min: 1, max: 40 }), { nil: undefined }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constant("void" as const),
      courier,
      slot: resolveSlot,
      pendingSlot: spendSlot,
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ op: fc.constant("expire" as const), courier, pendingSlot: spendSlot }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant("adjust" as const),
      courier,
      slot: earnSlot,
      amount,
      grant: fc.boolean(),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constant("wait" as const),
      minutes: fc.integer({ min: 0, max: 90 }),
    }),
  },
);

/** A random workload of up to `maxLength` steps. */
export const workload = (maxLength = 80): fc.Arbitrary<ReadonlyArray<WorkloadStep>> =>
  fc.array(workloadStep, { maxLength, size: "max" });

/** The name of courier number `index`. */
export const courierName = (index: number): string => `c${index}`;

const idOf = (courierIndex: number, slotIndex: number) =>
  tid(`${courierName(courierIndex)}-t${slotIndex}`);

const minutesAfter = (now: Instant, minutes: number): Instant =>
  new Date(Date.parse(now) + minutes * 60_000).toISOString() as Instant;

/** The ledger request of a step at `now` (`undefined` for waiting). */
export const requestOf = (
  step: WorkloadStep,
  now: Instant,
  actor: string,
): TransferRequest | undefined => {
  switch (step.op) {
    case "earn":
      return {
        kind: "create",
        id: idOf(step.courier, step.slot),
        debitAccount: ISSUANCE,
        creditAccount: accountOf(courierName(step.courier)),
        amount: step.amount,
        reason: step.reason,
        reference: `event-${step.slot}`,
        actor,
      };
    case "spend":
      return {
        kind: "create",
        id: idOf(step.courier, step.slot),
        debitAccount: accountOf(courierName(step.courier)),
        creditAccount: REDEMPTION,
        amount: step.amount,
        reason: "wish_redemption",
        reference: `wish-${step.slot}`,
        actor,
        timeoutAt: step.holdMinutes === undefined ? undefined : minutesAfter(now, step.holdMinutes),
      };
    case "post":
      return {
        kind: "post",
        id: idOf(step.courier, step.slot),
        pendingTransferId: idOf(step.courier, step.pendingSlot),
        amount: step.amount,
        actor,
      };
    case "void":
      return {
        kind: "void",
        id: idOf(step.courier, step.slot),
        pendingTransferId: idOf(step.courier, step.pendingSlot),
        actor,
      };
    case "expire":
      return { kind: "expire", pendingTransferId: idOf(step.courier, step.pendingSlot), actor };
    case "adjust":
      return {
        kind: "create",
        id: idOf(step.courier, step.slot),
        debitAccount: step.grant ? ADJUSTMENT : accountOf(courierName(step.courier)),
        creditAccount: step.grant ? accountOf(courierName(step.courier)) : ADJUSTMENT,
        amount: step.amount,
        reason: "adjustment",
        reference: `adjustment-${step.slot}`,
        actor,
        note: "correction",
      };
    case "wait":
      return undefined;
  }
};

/**
 * The courier account command of a step at `now` (`undefined` for waiting): the same
 * transfer as {@link requestOf}, sent to the courier's account.
 */
export const commandOf = (step: WorkloadStep, now: Instant): PointsAccountCommand | undefined => {
  const request = requestOf(step, now, "");
  if (request === undefined) return undefined;
  const account = accountOf(courierName(step.op === "wait" ? 0 : step.courier));
  switch (request.kind) {
    case "create":
      return {
        type: "CreateTransfer",
        data: {
          transferId: request.id,
          debitAccount: request.debitAccount,
          creditAccount: request.creditAccount,
          amount: request.amount as TransferAmount,
          reason: request.reason,
          reference: request.reference,
          ...(request.timeoutAt === undefined ? {} : { pending: { timeoutAt: request.timeoutAt } }),
          ...(request.note === undefined ? {} : { note: request.note }),
        },
      };
    case "post":
      return {
        type: "PostPendingTransfer",
        data: {
          transferId: request.id,
          pendingTransferId: request.pendingTransferId,
          ...(request.amount === undefined ? {} : { amount: request.amount as TransferAmount }),
          account,
        },
      };
    case "void":
      return {
        type: "VoidPendingTransfer",
        data: { transferId: request.id, pendingTransferId: request.pendingTransferId, account },
      };
    case "expire":
      return {
        type: "ExpirePendingTransfer",
        data: { pendingTransferId: request.pendingTransferId, account },
      };
  }
};

/** The time after a step. */
export const timeAfter = (step: WorkloadStep, now: Instant): Instant =>
  step.op === "wait" ? minutesAfter(now, step.minutes) : now;
