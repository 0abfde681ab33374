import {
  CommandIdConflict,
  type CommunityId,
  type InputIssue,
  localized,
} from "@courier-station/core";
import { Effect, Option } from "effect";
import { Store } from "./store.js";
import { InvalidDocument, type StoreFailure } from "./store-errors.js";

/*
 * A command id is unique within its aggregate: the aggregate's receipts make the same
 * id sent again a duplicate, but the same id sent to another aggregate is a new command
 * and is applied. A caller that needs one id across aggregates — the gateway's HTTP
 * `Idempotency-Key`, which a client may send with a request that touches any aggregate
 * — claims it here first: two unique keys per id, each one insert guarded by its key
 * (so every adapter, FerretDB included, lets exactly one of racing claims win).
 */

/** The longest caller name: the key's scope is `command-result:<caller>`, at most 200. */
export const maximumCallerLength = 180;

/** The longest command id, fingerprint and result reference. */
export const maximumCommandIdLength = 200;

/** A caller's claim of a command id for one request. */
export interface CommandIdClaim {
  readonly community: CommunityId;
  /**
   * Who sends: ids are unique per caller, so two clients' keys never collide (the
   * gateway's API client or signed-in actor). 1 to 180 characters.
   */
  readonly caller: string;
  /** The id the caller chose: a command id, an `Idempotency-Key`. 1 to 200 characters. */
  readonly commandId: string;
  /**
   * What the request says, condensed (say the SHA-256 of its canonical JSON, its method
   * and path): the same id with the same fingerprint is a retry, with another it is a
   * conflict. 1 to 200 characters.
   */
  readonly fingerprint: string;
}

/** What a claim found (another fingerprint under the id fails with `CommandIdConflict`). */
export type CommandIdClaimResult =
  /** The id was free and is now this request's: run it, then `recordCommandResult`. */
  | { readonly kind: "claimed" }
  /**
   * The same request came before. `result` is what the first one recorded: answer it
   * again. Absent when the first has not recorded one (it is still running, or it died
   * before): run the request again — the command's receipt in its aggregate makes a
   * second run a duplicate, as long as it sends the same command (same command id,
   * same aggregate) — and record the result then.
   */
  | { readonly kind: "repeated"; readonly result: string | undefined };

/** A result reference to keep for a claimed command id. */
export interface CommandResultRecord {
  readonly community: CommunityId;
  readonly caller: string;
  readonly commandId: string;
  /**
   * What to answer a retry with, or where to find it: a reference, not the answer
   * itself (an aggregate and version, the id of a stored response). 1 to 200 characters.
   */
  readonly result: string;
}

const claimScope = (caller: string) => `command-id:${caller}`;
const resultScope = (caller: string) => `command-result:${caller}`;

const checkFields = (
  fields: ReadonlyArray<readonly [string, string, number]>,
): InvalidDocument | undefined => {
  const issues: InputIssue[] = [];
  for (const [field, value, most] of fields) {
    if (
      typeof value !== "string" ||
      value.length === 0 ||
      value.length > most ||
      value.includes("\u0000")
    ) {
      issues.push({
        path: [field],
        field,
        code: "invalid_key",
        message: localized(
          `须为 1 至 ${most} 个字符，且不含 NUL 字符`,
          `must be 1 to ${most} characters without NUL`,
        ),
      });
    }
  }
  return issues.length === 0 ? undefined : new InvalidDocument({ what: "command id", issues });
};

/**
 * Claims a command id for a caller across every aggregate of a community, by its
 * request's fingerprint: `claimed` the first time (go on, then record the outcome with
 * {@link recordCommandResult}); `repeated` for the same fingerprint again, with the
 * result the first request recorded; and a `CommandIdConflict` naming the id when
 * another fingerprint holds it. Of concurrent claims exactly one is `claimed`.
 *
 * Ids are kept for good (a later release may let them expire).
 *
 * @example
 * // The gateway, for a request with `Idempotency-Key: k-1`:
 * const claim = yield* claimCommandId({ community, caller: client.id, commandId: "k-1", fingerprint });
 * if (claim.kind === "repeated" && claim.result !== undefined) return answerFrom(claim.result);
 * const outcome = yield* executeCommand(decider, envelope, runtime); // same command id as before
 * yield* recordCommandResult({ community, caller: client.id, commandId: "k-1", result: referenceOf(outcome) });
 */
export const claimCommandId = (
  claim: CommandIdClaim,
): Effect.Effect<CommandIdClaimResult, CommandIdConflict | InvalidDocument | StoreFailure, Store> =>
  Effect.gen(function* () {
    const problem = checkFields([
      ["caller", claim.caller, maximumCallerLength],
      ["commandId", claim.commandId, maximumCommandIdLength],
      ["fingerprint", claim.fingerprint, maximumCommandIdLength],
    ]);
    if (problem !== undefined) return yield* Effect.fail(problem);
    const store = yield* Store;
    const claimed = yield* store.claimUniqueKey({
      community: claim.community,
      scope: claimScope(claim.caller),
      key: claim.commandId,
      owner: claim.fingerprint,
    });
    if (claimed.kind === "claimed") return { kind: "claimed" } as const;
    if (claimed.kind === "taken") {
      return yield* Effect.fail(new CommandIdConflict({ commandId: claim.commandId, field: "" }));
    }
    const result = yield* store.uniqueKeyOwner({
      community: claim.community,
      scope: resultScope(claim.caller),
      key: claim.commandId,
    });
    return { kind: "repeated", result: Option.getOrUndefined(result) } as const;
  });

/**
 * Records the result of a request that claimed a command id (see {@link claimCommandId}),
 * for its retries. The first result recorded stays: this answers it, so two runs of
 * one request that raced (a retry while the first still ran) answer alike.
 *
 * @example
 * const kept = yield* recordCommandResult({ community, caller, commandId: "k-1", result: "wish:w-1@3" });
 */
export const recordCommandResult = (
  record: CommandResultRecord,
): Effect.Effect<string, InvalidDocument | StoreFailure, Store> =>
  Effect.gen(function* () {
    const problem = checkFields([
      ["caller", record.caller, maximumCallerLength],
      ["commandId", record.commandId, maximumCommandIdLength],
      ["result", record.result, maximumCommandIdLength],
    ]);
    if (problem !== undefined) return yield* Effect.fail(problem);
    const store = yield* Store;
    const kept = yield* store.claimUniqueKey({
      community: record.community,
      scope: resultScope(record.caller),
      key: record.commandId,
      owner: record.result,
    });
    return kept.kind === "taken" ? kept.owner : record.result;
  });
