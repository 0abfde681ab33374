import { decisionTime } from "@courier-station/contracts";
import {
  type CommunityId,
  type CourierState,
  derivedId,
  type EventEnvelope,
  type Instant,
  isAutomaticErasureDue,
  isCourierRegistered,
  isDomainError,
  millisOf,
  ParticipationMarkedNoShow,
  type StationState,
  systemActor,
} from "@courier-station/core";
import { type ConsumerContext, type Logger, Store } from "@courier-station/kit";
import { Effect, Either, Option } from "effect";
import {
  completeErasure,
  courierKey,
  executeCourierCommand,
  releaseFormerMobileKeys,
  stationKey,
  writeCourierRow,
  writeStationRow,
} from "./commands.js";
import { policyAt } from "./policy.js";
import { courierRows } from "./read-models.js";

// A failure that says the store is busy or away: the event (or the timer's work) comes
// again later. Any other refusal will not change by trying again.
const isPassing = (error: unknown): boolean =>
  isDomainError(error) &&
  (error._tag === "StoreUnavailable" ||
    error._tag === "StoreCorrupt" ||
    error._tag === "VersionConflict");

const codeOf = (error: unknown): string => (isDomainError(error) ? error.code : "internal.error");

/**
 * `ParticipationMarkedNoShow` (activities) → `RecordNoShow` on the courier, with a
 * command id derived from the event, decided under the policy in force when the no-show
 * was marked: a redelivered event sends the same command, which the courier's receipts
 * answer `duplicate`. A courier the registry does not know is logged and the event
 * acknowledged: no retry would change that.
 */
export const recordNoShow = (event: EventEnvelope, context: ConsumerContext) =>
  Effect.gen(function* () {
    const parsed = ParticipationMarkedNoShow.safeParse({ type: event.type, data: event.data });
    if (!parsed.success) {
      context.log.warn({ eventId: event.id }, "a no-show event that is not one was skipped");
      return;
    }
    const { courierId, activityId, markedAt } = parsed.data.data;
    const outcome = yield* executeCourierCommand(
      {
        commandId: context.derivedId("record-no-show") as never,
        community: event.community,
        actor: systemActor("registry-no-shows"),
        command: { type: "RecordNoShow", data: { courierId, activityId } },
        causationId: event.id,
        correlationId: event.correlationId,
      },
      { policyAt: markedAt },
    ).pipe(Effect.either);
    if (Either.isLeft(outcome)) {
      if (isPassing(outcome.left)) return yield* Effect.fail(outcome.left);
      context.log.info(
        { eventId: event.id, code: codeOf(outcome.left) },
        "no-show not recorded: refused",
      );
    }
  });

/**
 * A courier event → the courier's row rewritten from the stored aggregate (so a row a
 * crash missed, or another instance changed, catches up); after a correction of the
 * number, the old number's key released; after an erasure, the erasure carried through
 * (keys released, events and receipts rewritten) — again, in case the endpoint stopped
 * before it had.
 */
export const followCourier = (event: EventEnvelope) =>
  Effect.gen(function* () {
    const store = yield* Store;
    const courierId = event.stream.slice("courier-".length);
    const record = yield* store.load<CourierState>(courierKey(event.community, courierId));
    if (Option.isNone(record)) return;
    const state = record.value.state;
    if (!isCourierRegistered(state)) return;
    if (state.erasedAt !== undefined) return yield* completeErasure(event.community, courierId);
    if (event.type === "PersonalDataCorrected") {
      yield* releaseFormerMobileKeys(event.community, courierId, state.mobileKey);
    }
    yield* writeCourierRow(record.value);
  });

/** A station event → the station's row rewritten from the stored aggregate. */
export const followStation = (event: EventEnvelope) =>
  Effect.gen(function* () {
    const store = yield* Store;
    const stationId = event.stream.slice("station-".length);
    const record = yield* store.load<StationState>(stationKey(event.community, stationId));
    if (Option.isSome(record)) yield* writeStationRow(record.value);
  });

/**
 * The command id of an automatic erasure: one per courier and withdrawal, so a timer
 * that runs again (or in another instance after a crash) sends the same command.
 */
export const automaticErasureCommandId = (
  community: CommunityId,
  courierId: string,
  withdrawnAt: Instant,
): string => derivedId("registry-automatic-erasure", community, courierId, withdrawnAt);

/**
 * One run of the automatic-erasure timer: the couriers whose grace period after a
 * withdrawn consent has passed (the rows scheduled for erasure, oldest due first) are
 * erased by the `system`, under the policy in force when they withdrew; one who
 * consented again meanwhile is only rescheduled (their row rewritten). An erasure that
 * answers as a conflict was carried out before (its receipt is erased with the rest):
 * it is completed again, which changes nothing that is done.
 */
export const eraseDueCouriers = (log: Logger) =>
  Effect.gen(function* () {
    const store = yield* Store;
    const rows = yield* store.readModel(courierRows);
    const now = yield* decisionTime;
    const page = yield* rows.find({
      where: { erasureScheduled: true },
      orderBy: { field: "erasureDueAtMillis" },
      limit: 100,
    });
    for (const { document: row } of page.items) {
      if (row.erasureDueAtMillis === null || row.erasureDueAtMillis > millisOf(now)) break;
      const community = row.community as CommunityId;
      const record = yield* store.load<CourierState>(courierKey(community, row.courierId));
      if (Option.isNone(record)) continue;
      const state = record.value.state;
      if (!isCourierRegistered(state) || state.consentWithdrawnAt === undefined) {
        yield* writeCourierRow(record.value);
        continue;
      }
      const withdrawnAt = state.consentWithdrawnAt;
      const { policy } = yield* policyAt(community, withdrawnAt);
      if (!isAutomaticErasureDue(state, policy, now)) {
        yield* writeCourierRow(record.value);
        continue;
      }
      const outcome = yield* executeCourierCommand(
        {
          commandId: automaticErasureCommandId(community, row.courierId, withdrawnAt) as never,
          community,
          actor: systemActor("registry-erasure"),
          command: { type: "EraseCourierPersonalData", data: { courierId: state.courierId } },
        },
        { policyAt: withdrawnAt },
      ).pipe(Effect.either);
      if (Either.isRight(outcome)) continue;
      if (isPassing(outcome.left)) return yield* Effect.fail(outcome.left);
      if (isDomainError(outcome.left) && outcome.left._tag === "CommandIdConflict") {
        yield* completeErasure(community, row.courierId);
        continue;
      }
      log.warn(
        { courierId: row.courierId, code: codeOf(outcome.left) },
        "automatic erasure refused",
      );
    }
  });
