import {
  type AggregateRecord,
  type CommandEnvelope,
  CommandId,
  CommunityId,
  handleCommand,
  type Instant,
  jinshanPolicy,
  manualClock,
  newAggregateRecord,
  replay,
  sequentialIds,
  systemActor,
} from "@courier-station/core";
import { Either } from "effect";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { systemAccountId, systemAccountKinds } from "../accounts.js";
import { createLedger } from "../ledger/ledger.js";
import { accountTransfersOf } from "../statements/courier-statement.js";
import { accountOf, minutesAfterNow, NOW, REDEMPTION, tid } from "../testing/fixtures.js";
import {
  COURIERS,
  commandOf,
  courierName,
  requestOf,
  timeAfter,
  workload,
} from "../testing/workload.js";
import type { Transfer, TransferAmount } from "../transfer.js";
import { applyTransferTo, availableOf, zeroBalances } from "./balances.js";
import { pointsCommandIdOf } from "./command-ids.js";
import type { PointsAccountCommand } from "./commands.js";
import type { PointsAccountEvent } from "./events.js";
import { pointsAccountDecider } from "./index.js";
import { transferIdOfRequest } from "./rules.js";
import { balancesIn, type PointsAccountState } from "./state.js";
import { systemBalancesOf } from "./system-balances.js";

const community = CommunityId.parse("jinshan-wanda");
const actor = systemActor("points-test");
const policy = jinshanPolicy();

/** A resolution the community ledger remembers but an account may have forgotten. */
const ALREADY_RESOLVED = new Set([
  "points.pending_transfer_already_posted",
  "points.pending_transfer_already_voided",
  "points.pending_transfer_already_expired",
]);

/** The transfer an event records, if it records one. */
const transferOfEvent = (event: PointsAccountEvent): Transfer | undefined =>
  event.type === "PointsNotEarned" ? undefined : event.data.transfer;

describe("courier accounts as aggregates", () => {
  it("decide as the community ledger does, keeping only a bounded state, and their partitions add up to it", () => {
    fc.assert(
      fc.property(workload(), (steps) => {
        const ledger = createLedger();
        const records = new Map<string, AggregateRecord<PointsAccountState>>();
        const events = new Map<string, PointsAccountEvent[]>();
        const holdTimeouts = new Map<string, Instant>();
        let now: Instant = NOW;
        for (const step of steps) {
          const request = requestOf(step, now, actor.id);
          const command = commandOf(step, now);
          now = timeAfter(step, now);
          if (request === undefined || command === undefined || step.op === "wait") continue;
          const account = accountOf(courierName(step.courier));
          const record =
            records.get(account) ?? newAggregateRecord(pointsAccountDecider, community, account);
          // Every command under the command id tied to what it records, as the service sends it.
          const outcome = handleCommand(
            pointsAccountDecider,
            record,
            {
              commandId: CommandId.parse(pointsCommandIdOf(command) ?? "cmd-any"),
              community,
              actor,
              command,
            },
            {
              clock: manualClock(now),
              ids: sequentialIds(`e${record.version}`),
              facts: { policy },
            },
          );
          const result = ledger.applyOne(request, now);
          if (Either.isLeft(outcome)) {
            expect(result.status).toBe("refused");
            const ledgerCode = result.status === "refused" ? result.error.code : "";
            const accountCode = outcome.left.code;
            if (accountCode === "command.id_conflict") {
              // The id belongs to another command: the ledger has a transfer under it and
              // refuses too (for the id, or for what it checks first).
              expect(ledger.transferById(transferIdOfRequest(request))).toBeDefined();
            } else if (ledgerCode === "points.exists_with_different_field") {
              // The id is taken: by the command that took it (its receipt), or by a hold
              // the account still keeps.
              expect(["command.id_conflict", "points.exists_with_different_field"]).toContain(
                accountCode,
              );
            } else if (ledgerCode === "points.pending_transfer_not_pending") {
              // The account keeps holds only: a transfer that is not one is not found.
              expect(accountCode).toBe("points.pending_transfer_not_found");
            } else if (ALREADY_RESOLVED.has(ledgerCode) && accountCode !== ledgerCode) {
              // The account forgets a resolved hold once its timeout has passed.
              expect(accountCode).toBe("points.pending_transfer_not_found");
              const pendingId = request.kind === "create" ? request.id : request.pendingTransferId;
              const timeoutAt = holdTimeouts.get(pendingId);
              expect(timeoutAt !== undefined && Date.parse(timeoutAt) <= Date.parse(now)).toBe(
                true,
              );
            } else {
              expect(accountCode).toBe(ledgerCode);
            }
            continue;
          }
          const applied = outcome.right;
          records.set(account, applied.record);
          const decided = applied.kind === "applied" ? applied.events : [];
          events.set(account, [...(events.get(account) ?? []), ...decided]);
          for (const event of decided) {
            const transfer = transferOfEvent(event);
            if (transfer?.timeoutAt !== undefined)
              holdTimeouts.set(transfer.id, transfer.timeoutAt);
          }
          if (result.status === "created") {
            expect(decided).toHaveLength(1);
            expect(decided[0] === undefined ? undefined : transferOfEvent(decided[0])).toEqual(
              ledger.transferById(result.id),
            );
          } else {
            // The same transfer again: the same command (a duplicate), or a hold still kept.
            expect(result.status).toBe("exists");
            expect(decided).toEqual([]);
          }
          const state = applied.record.state;
          expect(availableOf(balancesIn(state, account))).toBeGreaterThanOrEqual(0);
          // Bounded: open holds and holds within their timeout, nothing per transfer.
          for (const [id, kept] of Object.entries(state.holds)) {
            expect(kept.hold.id).toBe(id);
            if (kept.resolution !== undefined) {
              expect(Date.parse(kept.hold.timeoutAt ?? "")).toBeGreaterThan(
                Date.parse(kept.resolution.at) - 1,
              );
            }
          }
        }
        for (let index = 0; index < COURIERS; index++) {
          const account = accountOf(courierName(index));
          const state = records.get(account)?.state ?? pointsAccountDecider.initialState();
          const stream = events.get(account) ?? [];
          expect(balancesIn(state, account)).toEqual(ledger.balancesOf(account));
          expect(availableOf(balancesIn(state, account))).toBeGreaterThanOrEqual(0);
          // Replaying an account's events from empty gives its state.
          expect(replay(pointsAccountDecider, stream)).toEqual(state);
          // Its balances are reproducible from the transfers its events record.
          const fromHistory = zeroBalances();
          const otherSide = zeroBalances();
          for (const transfer of accountTransfersOf(stream)) {
            if (transfer.debitAccount === account)
              applyTransferTo(transfer, fromHistory, otherSide);
            else applyTransferTo(transfer, otherSide, fromHistory);
          }
          expect(fromHistory).toEqual(balancesIn(state, account));
          // Every hold is resolved at most once, and an open hold is kept.
          const resolutions = new Map<string, number>();
          for (const transfer of accountTransfersOf(stream)) {
            if (transfer.pendingTransferId === undefined) continue;
            resolutions.set(
              transfer.pendingTransferId,
              (resolutions.get(transfer.pendingTransferId) ?? 0) + 1,
            );
          }
          expect([...resolutions.values()].every((count) => count === 1)).toBe(true);
          for (const transfer of ledger.openPendingTransfers()) {
            if (transfer.debitAccount === account) {
              expect(state.holds[transfer.id]?.resolution).toBeUndefined();
              expect(state.holds[transfer.id]?.hold).toEqual(transfer);
            }
          }
          expect(ledger.historyOf(account)).toEqual(accountTransfersOf(stream));
        }
        // System accounts are the sum of the courier partitions.
        const system = systemBalancesOf([...records.values()].map((record) => record.state));
        for (const kind of systemAccountKinds) {
          expect(system[kind]).toEqual(ledger.balancesOf(systemAccountId(kind)));
        }
      }),
      { numRuns: 150 },
    );
  });

  it("change nothing when a command is sent again with the same command id", () => {
    fc.assert(
      fc.property(
        workload(40),
        fc.array(fc.nat(), { minLength: 1, maxLength: 10 }),
        (steps, resends) => {
          const runtimeAt = (now: Instant) => ({
            clock: manualClock(now),
            ids: sequentialIds(`evt-${now.slice(11, 19).replaceAll(":", "")}`),
            facts: { policy },
          });
          const account = accountOf(courierName(0));
          let record: AggregateRecord<PointsAccountState> = newAggregateRecord(
            pointsAccountDecider,
            community,
            account,
          );
          const accepted: Array<{
            readonly envelope: CommandEnvelope<PointsAccountCommand>;
            readonly now: Instant;
          }> = [];
          let now: Instant = NOW;
          steps.forEach((step, index) => {
            const command = commandOf(step.op === "wait" ? step : { ...step, courier: 0 }, now);
            now = timeAfter(step, now);
            if (command === undefined) return;
            const envelope = {
              commandId: CommandId.parse(pointsCommandIdOf(command) ?? `cmd-${index}`),
              community,
              actor,
              command,
            };
            const outcome = handleCommand(pointsAccountDecider, record, envelope, runtimeAt(now));
            if (Either.isRight(outcome)) {
              record = outcome.right.record;
              accepted.push({ envelope, now });
            }
          });
          for (const pick of resends) {
            const earlier = accepted[pick % Math.max(1, accepted.length)];
            if (earlier === undefined) continue;
            const later = new Date(Date.parse(now) + 60_000).toISOString() as Instant;
            const outcome = handleCommand(
              pointsAccountDecider,
              record,
              earlier.envelope,
              runtimeAt(later),
            );
            expect(Either.isRight(outcome)).toBe(true);
            if (Either.isRight(outcome)) {
              expect(outcome.right.record).toEqual(record);
              if (outcome.right.kind === "applied") expect(outcome.right.events).toEqual([]);
            }
          }
        },
      ),
      { numRuns: 100 },
    );
  });

  it("let exactly k of 100 concurrent redemptions through when the balance covers k", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 30 }),
        fc.integer({ min: 0, max: 100 }),
        fc.integer({ min: 0, max: 29 }),
        fc.boolean(),
        fc.array(fc.nat(), { minLength: 400, maxLength: 400 }),
        (price, k, spare, held, schedule) => {
          const account = accountOf("alice");
          const earned = price * k + Math.min(spare, price - 1);
          // A store with one document guarded by its version, as the service has.
          let stored: AggregateRecord<PointsAccountState> = newAggregateRecord(
            pointsAccountDecider,
            community,
            account,
          );
          const grant = handleCommand(
            pointsAccountDecider,
            stored,
            {
              commandId: CommandId.parse("grant"),
              community,
              actor,
              command: {
                type: "CreateTransfer",
                data: {
                  transferId: tid("grant"),
                  debitAccount: systemAccountId("adjustment"),
                  creditAccount: account,
                  amount: Math.max(1, earned) as TransferAmount,
                  reason: "adjustment",
                  reference: "grant",
                  note: "opening balance",
                },
              },
            },
            { clock: manualClock(NOW), ids: sequentialIds("evt-grant"), facts: { policy } },
          );
          if (Either.isLeft(grant)) throw new Error(grant.left.text.en);
          stored = grant.right.record;
          if (earned === 0) {
            // The grant above needed a positive amount; spend it back down to zero.
            stored = Either.getOrThrow(
              handleCommand(
                pointsAccountDecider,
                stored,
                {
                  commandId: CommandId.parse("zero"),
                  community,
                  actor,
                  command: {
                    type: "CreateTransfer",
                    data: {
                      transferId: tid("zero"),
                      debitAccount: account,
                      creditAccount: systemAccountId("adjustment"),
                      amount: 1 as TransferAmount,
                      reason: "adjustment",
                      reference: "zero",
                      note: "back to zero",
                    },
                  },
                },
                { clock: manualClock(NOW), ids: sequentialIds("evt-zero"), facts: { policy } },
              ),
            ).record;
          }
          // 100 clients, each: read the document, decide, write if the version is unchanged,
          // else read again. The schedule interleaves their steps at random.
          const clients = Array.from({ length: 100 }, (_, index) => ({
            envelope: {
              commandId: CommandId.parse(`wish-${index}-hold`),
              community,
              actor,
              command: {
                type: "CreateTransfer" as const,
                data: {
                  transferId: tid(`wish-${index}-hold`),
                  debitAccount: account,
                  creditAccount: REDEMPTION,
                  amount: price as TransferAmount,
                  reason: "wish_redemption" as const,
                  reference: `wish-${index}`,
                  ...(held ? { pending: { timeoutAt: minutesAfterNow(60) } } : {}),
                },
              },
            },
            read: undefined as AggregateRecord<PointsAccountState> | undefined,
            done: undefined as "accepted" | string | undefined,
          }));
          const runtime = {
            clock: manualClock(NOW),
            ids: sequentialIds("evt-redeem"),
            facts: { policy },
          };
          let turn = 0;
          while (clients.some((client) => client.done === undefined)) {
            const waiting = clients.filter((client) => client.done === undefined);
            const client = waiting[(schedule[turn % schedule.length] ?? 0) % waiting.length];
            turn += 1;
            if (client === undefined) break;
            if (client.read === undefined) {
              client.read = stored;
              continue;
            }
            const outcome = handleCommand(
              pointsAccountDecider,
              client.read,
              client.envelope,
              runtime,
            );
            if (Either.isLeft(outcome)) {
              client.done = outcome.left.code;
              continue;
            }
            if (stored.version !== client.read.version) {
              client.read = undefined; // a version conflict: read again and retry
              continue;
            }
            stored = outcome.right.record;
            client.done = "accepted";
            expect(availableOf(balancesIn(stored.state, account))).toBeGreaterThanOrEqual(0);
          }
          const outcomes = clients.map((client) => client.done);
          expect(outcomes.filter((outcome) => outcome === "accepted")).toHaveLength(k);
          expect(
            outcomes
              .filter((outcome) => outcome !== "accepted")
              .every((outcome) => outcome === "points.insufficient_points"),
          ).toBe(true);
          expect(availableOf(balancesIn(stored.state, account))).toBe(earned - price * k);
        },
      ),
      { numRuns: 60 },
    );
  });
});
