import { type CommandReply, clockAt, decisionTime, StationIds } from "@courier-station/contracts";
import {
  type AggregateRecord,
  automaticErasureDueAt,
  type CommandEnvelope,
  type CommandOutcome,
  type CommunityCommand,
  type CommunityId,
  type CourierCommand,
  type CourierError,
  type CourierEvent,
  type CourierId,
  type CourierState,
  communityDecider,
  courierDecider,
  courierPseudonym,
  erasePersonalData,
  type Instant,
  isCourierRegistered,
  isStationOpened,
  type MobileKey,
  type MobileNumber,
  type StationCommand,
  type StationState,
  stationDecider,
} from "@courier-station/core";
import {
  type ExecutionFailure,
  erasedReceiptBody,
  executeCommand,
  type InvalidDocument,
  Store,
  type StoreFailure,
  type UniqueKeyClaim,
} from "@courier-station/kit";
import { Effect, Option } from "effect";
import { type ConfiguredPolicy, policyAt } from "./policy.js";
import {
  courierRowId,
  courierRowOf,
  courierRows,
  stationRowId,
  stationRowOf,
  stationRows,
  upsertIfNewer,
} from "./read-models.js";
import { RegistrySecrets } from "./secrets.js";

/** What the registry's command handling needs. */
export type RegistryCommandServices = Store | StationIds | RegistrySecrets | ConfiguredPolicy;

/** The unique-key scope of mobile-number keys: one registration per number per community. */
export const mobileKeyScope = "courier-mobile";

/** A courier's record key in the store. */
export const courierKey = (community: CommunityId, courierId: string) => ({
  community,
  aggregate: courierDecider.aggregate,
  id: courierId,
});

/** A station's record key in the store. */
export const stationKey = (community: CommunityId, stationId: string) => ({
  community,
  aggregate: stationDecider.aggregate,
  id: stationId,
});

const runtimeAt = (now: Instant) => Effect.map(StationIds, (ids) => ({ clock: clockAt(now), ids }));

/**
 * Writes a courier's row from a record of their aggregate (a no-op before registration):
 * the erasure due time comes from the policy in force when they withdrew consent, so a
 * grace period changed since does not move a date they were told.
 */
export const writeCourierRow = (
  record: AggregateRecord<CourierState>,
): Effect.Effect<void, StoreFailure | InvalidDocument, Store | ConfiguredPolicy> =>
  Effect.gen(function* () {
    const state = record.state;
    if (!isCourierRegistered(state)) return;
    const withdrawnAt = state.consentWithdrawnAt;
    const dueAt =
      withdrawnAt === undefined
        ? undefined
        : automaticErasureDueAt(state, (yield* policyAt(state.community, withdrawnAt)).policy);
    yield* upsertIfNewer(
      courierRows,
      courierRowId(state.community, state.courierId),
      courierRowOf(state, record.version, dueAt),
    );
  });

/** Writes a station's row from a record of its aggregate (a no-op before it opens). */
export const writeStationRow = (
  record: AggregateRecord<StationState>,
): Effect.Effect<void, StoreFailure | InvalidDocument, Store> =>
  isStationOpened(record.state)
    ? upsertIfNewer(
        stationRows,
        stationRowId(record.state.community, record.state.stationId),
        stationRowOf(record.state, record.version),
      )
    : Effect.void;

/**
 * Releases every mobile-number key a courier's events ever named except `keep` (their
 * current one, or `null` after erasure): after a correction of the number and after an
 * erasure, so the old number can register again. Reads the keys from the stream, so it
 * must run before an erasure rewrites them away; releasing a key the courier no longer
 * holds does nothing, so it may run any number of times.
 */
export const releaseFormerMobileKeys = (
  community: CommunityId,
  courierId: string,
  keep: MobileKey | null,
): Effect.Effect<void, StoreFailure, Store> =>
  Effect.gen(function* () {
    const store = yield* Store;
    const events = yield* store.readStream<CourierEvent>(courierKey(community, courierId));
    const keys = new Set<string>();
    for (const event of events) {
      if (event.type === "CourierRegistered" || event.type === "PersonalDataCorrected") {
        if (event.data.mobileKey !== null) keys.add(event.data.mobileKey);
      }
    }
    for (const key of keys) {
      if (key === keep) continue;
      yield* store.releaseUniqueKey({ community, scope: mobileKeyScope, key, owner: courierId });
    }
  });

/**
 * Carries an erasure through the store once the courier's aggregate says they are
 * erased: their mobile keys released, their past events and command receipts rewritten
 * with core's `erasePersonalData` (the receipts kept each command as sent, the raw
 * number and name among them), and their row updated. Safe to repeat: the endpoint runs
 * it after the command, the erasure consumer again after `CourierPersonalDataErased`.
 */
export const completeErasure = (
  community: CommunityId,
  courierId: string,
): Effect.Effect<void, StoreFailure | InvalidDocument, Store | ConfiguredPolicy> =>
  Effect.gen(function* () {
    const store = yield* Store;
    const key = courierKey(community, courierId);
    const record = yield* store.load<CourierState>(key);
    if (Option.isNone(record)) return;
    const state = record.value.state;
    if (!isCourierRegistered(state) || state.erasedAt === undefined) return;
    // The keys are read from the events, so they are released before the rewrite.
    yield* releaseFormerMobileKeys(community, courierId, null);
    const pseudonym =
      state.personal.kind === "erased"
        ? state.personal.pseudonym
        : courierPseudonym(state.courierId);
    yield* store.rewriteEvents(key, (event) => erasePersonalData(event, pseudonym), {
      eraseReceiptBodies: true,
    });
    yield* writeCourierRow(record.value);
  });

const mobileNumberOf = (command: CourierCommand): MobileNumber | undefined => {
  if (command.type === "RegisterCourier") return command.data.mobileNumber;
  if (command.type === "CorrectPersonalData") return command.data.mobileNumber;
  return undefined;
};

/** How a courier command is decided: the time whose policy applies (default: now). */
export interface CourierCommandOptions {
  /** The time of the fact the command is about (a no-show's `markedAt`); default the decision time. */
  readonly policyAt?: Instant;
}

/**
 * Runs a courier command: the policy in force at the fact's time, the number's key
 * claimed in the store's unique index before deciding (so of two registrations of one
 * number exactly one wins) and given back when the command is refused, then the
 * decision and its one write; afterwards the keys a correction or an erasure freed are
 * released, an erasure is carried through (events and receipts rewritten) and the
 * courier's row is written.
 *
 * @example
 * const outcome = yield* executeCourierCommand(envelope);
 * return commandReplyOf(outcome);
 */
export const executeCourierCommand = (
  envelope: CommandEnvelope<CourierCommand>,
  options: CourierCommandOptions = {},
): Effect.Effect<
  CommandOutcome<CourierState, CourierEvent>,
  ExecutionFailure<CourierError>,
  RegistryCommandServices
> =>
  Effect.gen(function* () {
    const store = yield* Store;
    const secrets = yield* RegistrySecrets;
    const now = yield* decisionTime;
    const community = envelope.community;
    const courierId = envelope.command.data.courierId;
    const { policy } = yield* policyAt(community, options.policyAt ?? now);
    const holders = new Map<string, CourierId>();
    let claimed: UniqueKeyClaim | undefined;
    const number = mobileNumberOf(envelope.command);
    if (number !== undefined) {
      const claim: UniqueKeyClaim = {
        community,
        scope: mobileKeyScope,
        key: secrets.mobileKeyOf(number),
        owner: courierId,
      };
      const result = yield* store.claimUniqueKey(claim);
      if (result.kind === "taken") holders.set(claim.key, result.owner as CourierId);
      if (result.kind === "claimed") claimed = claim;
    }
    // A refused command gives back the key it claimed, so a typo leaves nothing taken.
    const released = claimed;
    const outcome = yield* executeCommand(courierDecider, envelope, {
      ...(yield* runtimeAt(now)),
      facts: {
        policy,
        mobileKeyOf: secrets.mobileKeyOf,
        registeredMobileKeys: (key) => holders.get(key),
        personalData: secrets.personalData,
      },
    }).pipe(
      Effect.tapError(() =>
        released === undefined ? Effect.void : Effect.ignore(store.releaseUniqueKey(released)),
      ),
    );
    const state = outcome.record.state;
    if (isCourierRegistered(state)) {
      if (state.erasedAt !== undefined) yield* completeErasure(community, courierId);
      else if (envelope.command.type === "CorrectPersonalData") {
        yield* releaseFormerMobileKeys(community, courierId, state.mobileKey);
      }
    }
    yield* writeCourierRow(outcome.record);
    return outcome;
  });

/**
 * The reply to an erasure sent again after it was carried through: its receipt's body
 * was erased with the rest, so the command id reads as a conflict; when the receipt is
 * that of the erasure (its events hold `CourierPersonalDataErased`), the answer is the
 * first outcome, `duplicate`, as for any command sent twice.
 */
export const erasureSentAgain = (
  envelope: CommandEnvelope<CourierCommand>,
): Effect.Effect<Option.Option<CommandReply>, StoreFailure, Store> =>
  Effect.gen(function* () {
    if (envelope.command.type !== "EraseCourierPersonalData") return Option.none();
    const store = yield* Store;
    const key = courierKey(envelope.community, envelope.command.data.courierId);
    const record = yield* store.load<CourierState>(key, { receiptsFor: envelope.commandId });
    if (Option.isNone(record)) return Option.none();
    const receipt = record.value.receipts.find(
      (candidate) => candidate.commandId === envelope.commandId,
    );
    if (receipt === undefined || receipt.body !== erasedReceiptBody) return Option.none();
    const events = yield* store.readStream(key);
    const erasure = events.find(
      (event) => event.type === "CourierPersonalDataErased" && receipt.eventIds.includes(event.id),
    );
    if (erasure === undefined) return Option.none();
    return Option.some({
      outcome: "duplicate" as const,
      aggregate: record.value.aggregate,
      id: record.value.id,
      version: receipt.version,
      eventIds: [...receipt.eventIds],
    });
  });

/**
 * Runs a community command (facts: none beyond the time) and returns its outcome.
 *
 * @example
 * const outcome = yield* executeCommunityCommand(envelope);
 */
export const executeCommunityCommand = (envelope: CommandEnvelope<CommunityCommand>) =>
  Effect.gen(function* () {
    const now = yield* decisionTime;
    return yield* executeCommand(communityDecider, envelope, {
      ...(yield* runtimeAt(now)),
      facts: {},
    });
  });

/**
 * Runs a station command and writes the station's row.
 *
 * @example
 * const outcome = yield* executeStationCommand(envelope);
 */
export const executeStationCommand = (envelope: CommandEnvelope<StationCommand>) =>
  Effect.gen(function* () {
    const now = yield* decisionTime;
    const outcome = yield* executeCommand(stationDecider, envelope, {
      ...(yield* runtimeAt(now)),
      facts: {},
    });
    yield* writeStationRow(outcome.record);
    return outcome;
  });
