import {
  type ActivityState,
  type CommandId,
  ConsentWithdrawn,
  type DomainEvent,
  type EventEnvelope,
  isDomainError,
  type PatrolRouteState,
  type PatrolState,
  signUpCancellationsOnConsentWithdrawn,
  systemActor,
} from "@courier-station/core";
import { type ConsumerContext, type RemoteError, Store, statusOfError } from "@courier-station/kit";
import { Effect, Either, Option } from "effect";
import {
  activityKey,
  couriersChangedBy,
  executeActivityCommand,
  patrolKey,
  patrolRouteKey,
  writeActivityRows,
  writePatrolRouteRow,
  writePatrolRow,
} from "./commands.js";
import { participationRows } from "./read-models.js";

/**
 * Whether a failure will pass by itself (the store busy or away, a race, the registry
 * or the bus not answering): the event, or the timer's work, comes again later. A
 * refusal of the domain will not change by trying again.
 */
export const isPassing = (error: unknown): boolean => {
  if (!isDomainError(error)) return true;
  if (error._tag === "VersionConflict" || error._tag === "NoResponders") return true;
  // A remote refusal carries the status it was answered with; the others state their own.
  const status =
    error._tag === "RemoteError" ? (error as unknown as RemoteError).status : statusOfError(error);
  return status >= 500;
};

/** The code of a failure, for the log. */
export const codeOf = (error: unknown): string =>
  isDomainError(error) ? error.code : "internal.error";

/** The id of the stream's aggregate: `activity-<id>` → `<id>`. */
const aggregateIdOf = (event: EventEnvelope): string =>
  event.stream.slice(event.aggregate.length + 1);

/**
 * `ConsentWithdrawn` (registry) → every sign-up the courier still holds cancelled, as
 * core lists them (`signUpCancellationsOnConsentWithdrawn`): their open sign-ups are
 * found through the participation rows, each activity is read from the store, and each
 * `CancelSignUp { cause: "consent-withdrawn" }` is sent as the `system` under a command
 * id derived from the event and the activity, so a redelivered event — or one handled
 * again after a crash half-way — cancels nothing twice. A refusal is logged and the
 * rest go on (none will change by retrying: the courier consented again, the activity
 * ended); a failure that passes fails the event, which comes again.
 */
export const cancelSignUpsOnConsentWithdrawn = (event: EventEnvelope, context: ConsumerContext) =>
  Effect.gen(function* () {
    const parsed = ConsentWithdrawn.safeParse({ type: event.type, data: event.data });
    if (!parsed.success) {
      context.log.warn({ eventId: event.id }, "a consent event that is not one was skipped");
      return;
    }
    const { courierId, withdrawnAt } = parsed.data.data;
    const store = yield* Store;
    const rows = yield* store.readModel(participationRows);
    const activityIds: string[] = [];
    let after: string | undefined;
    do {
      const page = yield* rows.find({
        where: { community: event.community, courierId, status: "signed-up" },
        ...(after === undefined ? {} : { after }),
        limit: 200,
      });
      for (const { document } of page.items) activityIds.push(document.activityId);
      after = page.next;
    } while (after !== undefined);
    const states: ActivityState[] = [];
    for (const activityId of activityIds) {
      const record = yield* store.load<ActivityState>(activityKey(event.community, activityId));
      if (Option.isSome(record)) states.push(record.value.state);
    }
    for (const command of signUpCancellationsOnConsentWithdrawn(states, courierId)) {
      const outcome = yield* executeActivityCommand(
        {
          commandId: context.derivedId(`cancel-sign-up:${command.data.activityId}`) as CommandId,
          community: event.community,
          actor: systemActor("activities-consent-withdrawn"),
          command,
          causationId: event.id,
          correlationId: event.correlationId,
        },
        { policyAt: withdrawnAt },
      ).pipe(Effect.either);
      if (Either.isRight(outcome)) continue;
      if (isPassing(outcome.left)) return yield* Effect.fail(outcome.left);
      context.log.info(
        { eventId: event.id, activityId: command.data.activityId, code: codeOf(outcome.left) },
        "sign-up not cancelled on a withdrawn consent: refused",
      );
    }
  });

/**
 * An activity event → the activity's row and the rows of the participations the event
 * changed, rewritten from the stored aggregate (so a row a crash missed, or another
 * instance changed, catches up; a row is only replaced by a newer one).
 */
export const followActivity = (event: EventEnvelope) =>
  Effect.gen(function* () {
    const store = yield* Store;
    const record = yield* store.load<ActivityState>(
      activityKey(event.community, aggregateIdOf(event)),
    );
    if (Option.isNone(record)) return;
    yield* writeActivityRows(record.value, couriersChangedBy([event as DomainEvent]));
  });

/** A patrol route event → the route's row rewritten from the stored aggregate. */
export const followPatrolRoute = (event: EventEnvelope) =>
  Effect.gen(function* () {
    const store = yield* Store;
    const record = yield* store.load<PatrolRouteState>(
      patrolRouteKey(event.community, aggregateIdOf(event)),
    );
    if (Option.isSome(record)) yield* writePatrolRouteRow(record.value);
  });

/** A patrol event → the patrol's row rewritten from the stored aggregate. */
export const followPatrol = (event: EventEnvelope) =>
  Effect.gen(function* () {
    const store = yield* Store;
    const record = yield* store.load<PatrolState>(patrolKey(event.community, aggregateIdOf(event)));
    if (Option.isSome(record)) yield* writePatrolRow(record.value);
  });
