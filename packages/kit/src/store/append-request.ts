import {
  type CommandReceipt,
  type EventEnvelope,
  type InputIssue,
  localized,
  streamName,
} from "@courier-station/core";
import { Effect } from "effect";
import { findDocumentProblems } from "./document-rules.js";
import type { AggregateKey, AppendRequest, UniqueKey } from "./store.js";
import { InvalidDocument } from "./store-errors.js";

/*
 * Checks shared by every adapter, so that they refuse the same writes the same way.
 */

/** An append that passed the checks: what an adapter writes. */
export interface CheckedAppend<State> {
  readonly key: AggregateKey;
  readonly state: State;
  readonly version: number;
  readonly expectedVersion: number;
  /**
   * Receipts of commands taken by this append: those newer than `expectedVersion`, and
   * the request's `receipt` (for a no-op, at `expectedVersion`).
   */
  readonly newReceipts: ReadonlyArray<CommandReceipt>;
  /** None for a no-op: then the append writes `newReceipts` only (the state is as it was). */
  readonly events: ReadonlyArray<EventEnvelope>;
}

const withPrefix = (prefix: string | number, issues: ReadonlyArray<InputIssue>): InputIssue[] =>
  issues.map((found) => {
    const path = [prefix, ...found.path];
    return { ...found, path, field: path.map(String).join(".") };
  });

/**
 * Checks an append: its shape (a programming error, so a defect) and that its state,
 * events and receipts can be stored (`InvalidDocument`).
 */
export const checkAppend = <State>(
  request: AppendRequest<State>,
): Effect.Effect<CheckedAppend<State>, InvalidDocument> =>
  Effect.suspend(() => {
    const { record, expectedVersion, events, receipt } = request;
    const stream = streamName(record.aggregate, record.id);
    const malformed = (reason: string) =>
      Effect.die(new TypeError(`append to ${stream} in ${record.community}: ${reason}`));
    if (!Number.isSafeInteger(expectedVersion) || expectedVersion < 0) {
      return malformed(`the expected version ${expectedVersion} is not a whole number ≥ 0`);
    }
    if (events.length === 0) {
      // A no-op: its receipt is all there is to write.
      if (receipt === undefined) {
        return malformed("an append with no events needs the receipt of its command");
      }
      if (expectedVersion === 0) {
        return malformed(
          "an append with no events needs an aggregate that exists (a no-op on nothing stores nothing)",
        );
      }
    }
    if (
      receipt !== undefined &&
      (receipt.version !== record.version ||
        receipt.eventIds.length !== events.length ||
        receipt.eventIds.some((eventId, index) => events[index]?.id !== eventId))
    ) {
      return malformed(
        `the receipt of ${receipt.commandId} (version ${receipt.version}, ${receipt.eventIds.length} events) is not the receipt of this append`,
      );
    }
    if (record.version !== expectedVersion + events.length) {
      return malformed(
        `the record's version ${record.version} is not the expected version ${expectedVersion} plus ${events.length} events`,
      );
    }
    for (const [index, event] of events.entries()) {
      if (
        event.version !== expectedVersion + index + 1 ||
        event.stream !== stream ||
        event.aggregate !== record.aggregate ||
        event.community !== record.community
      ) {
        return malformed(
          `event ${index} (${event.type} ${event.stream} v${event.version} in ${event.community}) does not follow version ${expectedVersion + index} of the stream`,
        );
      }
    }
    const newer = record.receipts.filter((kept) => kept.version > expectedVersion);
    const newReceipts =
      receipt === undefined || newer.some((kept) => kept.commandId === receipt.commandId)
        ? newer
        : [...newer, receipt];
    const issues = [
      ...withPrefix("state", findDocumentProblems(record.state)),
      ...events.flatMap((event, index) =>
        withPrefix("events", withPrefix(index, findDocumentProblems(event))),
      ),
      // Receipts are kept by command id (a key on MongoDB), so the id obeys the key rules too.
      ...withPrefix(
        "receipts",
        findDocumentProblems(
          Object.fromEntries(newReceipts.map((receipt) => [receipt.commandId, receipt])),
        ),
      ),
    ];
    if (issues.length > 0) {
      return Effect.fail(
        new InvalidDocument({
          what: `${record.aggregate} ${record.id}`,
          issues,
        }),
      );
    }
    return Effect.succeed({
      key: { community: record.community, aggregate: record.aggregate, id: record.id },
      state: record.state,
      version: record.version,
      expectedVersion,
      newReceipts,
      events,
    });
  });

/** The longest unique-key scope and key. */
export const maximumUniqueKeyLength = 200;

/** Checks a unique key's scope and value (`InvalidDocument` when too long, empty or holding NUL). */
export const checkUniqueKey = (
  key: UniqueKey & { readonly owner?: string },
): InvalidDocument | undefined => {
  const issues: InputIssue[] = [];
  const fields: ReadonlyArray<readonly [string, string | undefined]> = [
    ["scope", key.scope],
    ["key", key.key],
    ["owner", key.owner],
  ];
  for (const [field, value] of fields) {
    if (value === undefined && field === "owner") continue;
    if (
      typeof value !== "string" ||
      value.length === 0 ||
      value.length > maximumUniqueKeyLength ||
      value.includes("\u0000")
    ) {
      issues.push({
        path: [field],
        field,
        code: "invalid_key",
        message: localized(
          `须为 1 至 ${maximumUniqueKeyLength} 个字符，且不含 NUL 字符`,
          `must be 1 to ${maximumUniqueKeyLength} characters without NUL`,
        ),
      });
    }
  }
  return issues.length === 0 ? undefined : new InvalidDocument({ what: "unique key", issues });
};
