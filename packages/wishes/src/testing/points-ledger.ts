import {
  CommandId,
  type CommunityPolicy,
  CourierId,
  type Instant,
  systemActor,
  TransferId,
} from "@courier-station/core";
import {
  availableOf,
  balancesIn,
  courierAccountId,
  initialPointsAccountState,
  type PointsAccountCommand,
  type PointsAccountState,
  pointsAccountDecider,
  pointsCommandIdOf,
  TransferAmount,
} from "@courier-station/points";
import { Either } from "effect";
import type { WishPointsCommand } from "../points-commands.js";
import { COMMUNITY } from "./fixtures.js";

/** What the ledger answered a points command. */
export type LedgerAnswer = { readonly ok: true } | { readonly ok: false; readonly code: string };

/** Where a hold stands in the ledger. */
export type HoldStanding = "absent" | "pending" | "posted" | "voided" | "expired";

/**
 * The real points ledger of `@courier-station/points` (one courier account decider per
 * courier), fed with the commands wishes and catalogue redemptions produce, and a record
 * of every post and void asked for: what the properties check the holds against.
 */
export interface TestLedger {
  /** Grants a courier points (a staff adjustment). */
  readonly grant: (courierId: string, amount: number, now: Instant) => void;
  /** Applies a command the way the points service would, at a time. */
  readonly apply: (command: WishPointsCommand, now: Instant) => LedgerAnswer;
  /** A courier's available points. */
  readonly availableOf: (courierId: string) => number;
  /** Where a hold stands. */
  readonly standingOf: (holdId: string) => HoldStanding;
  /** Every hold asked for (created or refused), in order. */
  readonly holdsAsked: () => ReadonlyArray<string>;
  /** How many posts and voids were asked for a hold. */
  readonly resolutionsAsked: (holdId: string) => { readonly posts: number; readonly voids: number };
}

const accountOfCommand = (command: WishPointsCommand): string =>
  command.type === "CreateTransfer" ? command.data.debitAccount : (command.data.account ?? "");

/**
 * A fresh test ledger under a policy.
 *
 * @example
 * const ledger = testLedger(POLICY);
 * ledger.grant("c-1", 2_000, NOW);
 */
export const testLedger = (policy: CommunityPolicy): TestLedger => {
  const accounts = new Map<string, PointsAccountState>();
  // Where each hold stands, from the ledger's events (the account forgets a resolved hold
  // once its timeout has passed; its events do not).
  const standings = new Map<string, HoldStanding>();
  const asked: string[] = [];
  const posts = new Map<string, number>();
  const voids = new Map<string, number>();
  let grants = 0;

  const run = (account: string, command: PointsAccountCommand, now: Instant): LedgerAnswer => {
    const state = accounts.get(account) ?? initialPointsAccountState();
    const decision = pointsAccountDecider.decide(command, state, {
      now,
      actor: systemActor("wishes-test"),
      community: COMMUNITY,
      policy,
      // As the points service sends it: under the command id tied to the transfer.
      commandId: CommandId.parse(pointsCommandIdOf(command) ?? "cmd-test"),
    });
    if (Either.isLeft(decision)) return { ok: false, code: decision.left.code };
    accounts.set(account, decision.right.reduce(pointsAccountDecider.evolve, state));
    for (const event of decision.right) {
      if (event.type === "PointsNotEarned") continue;
      const transfer = event.data.transfer;
      if (transfer.kind === "pending") standings.set(transfer.id, "pending");
      else if (transfer.pendingTransferId !== undefined) {
        standings.set(
          transfer.pendingTransferId,
          transfer.kind === "post" ? "posted" : transfer.kind === "void" ? "voided" : "expired",
        );
      }
    }
    return { ok: true };
  };

  return {
    grant: (courierId, amount, now) => {
      grants += 1;
      const answer = run(
        courierAccountId(CourierId.parse(courierId)),
        {
          type: "AdjustPoints",
          data: {
            transferId: TransferId.parse(`grant-${grants}`),
            courierId: CourierId.parse(courierId),
            direction: "grant",
            amount: TransferAmount.parse(amount),
            note: "test points",
          },
        },
        now,
      );
      if (!answer.ok) throw new Error(`the grant was refused: ${answer.code}`);
    },
    apply: (command, now) => {
      const account = accountOfCommand(command);
      if (command.type === "CreateTransfer") {
        asked.push(command.data.transferId);
      } else {
        const counts = command.type === "PostPendingTransfer" ? posts : voids;
        const id = command.data.pendingTransferId;
        counts.set(id, (counts.get(id) ?? 0) + 1);
      }
      return run(account, command, now);
    },
    availableOf: (courierId) => {
      const account = courierAccountId(CourierId.parse(courierId));
      const state = accounts.get(account);
      return state === undefined ? 0 : availableOf(balancesIn(state, account));
    },
    standingOf: (holdId) => standings.get(holdId) ?? "absent",
    holdsAsked: () => asked,
    resolutionsAsked: (holdId) => ({
      posts: posts.get(holdId) ?? 0,
      voids: voids.get(holdId) ?? 0,
    }),
  };
};
