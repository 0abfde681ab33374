import {
  type CheckInAtCheckpointRequest,
  clockAt,
  courierFactsOf,
  decisionTime,
  PolicyBook,
  type RotateCheckInCodeRequest,
  type StartActivityRequest,
  StationIds,
} from "@courier-station/contracts";
import {
  type ActivityCommand,
  type ActivityState,
  type AggregateRecord,
  activityDecider,
  CheckInCode,
  type CommandEnvelope,
  type CommunityId,
  type CourierId,
  couriersConcernedBy,
  type DomainEvent,
  type Instant,
  isActivityPlanned,
  isPatrolRoutePublished,
  isPatrolStarted,
  type PatrolCommand,
  type PatrolRouteCommand,
  type PatrolRouteState,
  type PatrolState,
  patrolDayOf,
  patrolDecider,
  patrolIdOf,
  patrolRouteDecider,
  patrolRouteFacts,
} from "@courier-station/core";
import {
  executeCommand,
  type InvalidDocument,
  Store,
  type StoreFailure,
} from "@courier-station/kit";
import { Effect, Option } from "effect";
import { z } from "zod";
import { CheckInCodeSource } from "./check-in-codes.js";
import {
  activityRowId,
  activityRowOf,
  activityRows,
  participationRowId,
  participationRowOf,
  participationRows,
  patrolRouteRowId,
  patrolRouteRowOf,
  patrolRouteRows,
  patrolRowId,
  patrolRowOf,
  patrolRows,
  upsertIfNewer,
} from "./read-models.js";

// The kit checked an envelope's community against the request's subject; rows keep it as text.
const communityIdOf = (community: string): CommunityId => community as CommunityId;

/** An activity's record key in the store. */
export const activityKey = (community: string, activityId: string) => ({
  community: communityIdOf(community),
  aggregate: activityDecider.aggregate,
  id: activityId,
});

/** A patrol route's record key in the store. */
export const patrolRouteKey = (community: string, routeId: string) => ({
  community: communityIdOf(community),
  aggregate: patrolRouteDecider.aggregate,
  id: routeId,
});

/** A patrol's record key in the store. */
export const patrolKey = (community: string, patrolId: string) => ({
  community: communityIdOf(community),
  aggregate: patrolDecider.aggregate,
  id: patrolId,
});

/**
 * The couriers whose participation rows an activity's events change: those the events
 * name, or every one when the start moved (each row carries it, for the courier's own
 * list in order).
 *
 * @example
 * couriersChangedBy(outcome.events); // ["c-1"] after a sign-up
 */
export const couriersChangedBy = (
  events: ReadonlyArray<DomainEvent>,
): ReadonlyArray<CourierId> | "all" => {
  const couriers = new Set<CourierId>();
  for (const event of events) {
    const data = event.data as { readonly courierId?: CourierId; readonly changed?: string[] };
    if (event.type === "ActivityDetailsUpdated" && data.changed?.includes("startsAt")) {
      return "all";
    }
    if (typeof data.courierId === "string") couriers.add(data.courierId);
  }
  return [...couriers];
};

/**
 * The couriers whose participation rows a command concerns, for a retry answered as a
 * duplicate: it writes their rows again, in case the first attempt stopped before it had.
 */
const couriersNamedBy = (command: ActivityCommand): ReadonlyArray<CourierId> | "all" => {
  if (command.type === "CompleteActivity") return "all";
  const data = command.data as {
    readonly courierId?: CourierId;
    readonly courierIds?: ReadonlyArray<CourierId>;
  };
  return data.courierIds ?? (data.courierId === undefined ? [] : [data.courierId]);
};

/**
 * Writes an activity's row and the rows of the participations named (or all of them)
 * from a record of the aggregate, each only over an older one.
 */
export const writeActivityRows = (
  record: AggregateRecord<ActivityState>,
  couriers: ReadonlyArray<CourierId> | "all",
): Effect.Effect<void, StoreFailure | InvalidDocument, Store> =>
  Effect.gen(function* () {
    const activity = record.state;
    if (!isActivityPlanned(activity)) return;
    const community = record.community;
    yield* upsertIfNewer(
      activityRows,
      activityRowId(community, activity.activityId),
      activityRowOf(community, activity, record.version),
    );
    const chosen = couriers === "all" ? undefined : new Set<string>(couriers);
    for (const participation of activity.participations) {
      if (chosen !== undefined && !chosen.has(participation.courierId)) continue;
      yield* upsertIfNewer(
        participationRows,
        participationRowId(community, activity.activityId, participation.courierId),
        participationRowOf(community, activity, participation, record.version),
      );
    }
  });

/** Writes a patrol route's row from a record of its aggregate (nothing before it is published). */
export const writePatrolRouteRow = (
  record: AggregateRecord<PatrolRouteState>,
): Effect.Effect<void, StoreFailure | InvalidDocument, Store> =>
  isPatrolRoutePublished(record.state)
    ? upsertIfNewer(
        patrolRouteRows,
        patrolRouteRowId(record.community, record.state.routeId),
        patrolRouteRowOf(record.community, record.state, record.version),
      )
    : Effect.void;

/** Writes a patrol's row from a record of its aggregate (nothing before its first check-in). */
export const writePatrolRow = (
  record: AggregateRecord<PatrolState>,
): Effect.Effect<void, StoreFailure | InvalidDocument, Store> =>
  isPatrolStarted(record.state)
    ? upsertIfNewer(
        patrolRows,
        patrolRowId(record.community, record.state.patrolId),
        patrolRowOf(record.community, record.state, record.version),
      )
    : Effect.void;

/** How a command is decided besides its envelope. */
export interface ActivityCommandOptions {
  /**
   * The time whose policy applies (a flow's event time); default the decision time. The
   * command is always decided at the decision time.
   */
  readonly policyAt?: Instant;
}

/**
 * Runs an activity command: the policy in force, the facts of the couriers the command
 * concerns (`couriersConcernedBy`) from the registry, `executeCommand` at the decision
 * time, then the rows it changed (so the list a person opens next shows it; the
 * activities consumer writes them again if this stops first).
 *
 * @example
 * const outcome = yield* executeActivityCommand(envelope);
 * return commandReplyOf(outcome);
 */
export const executeActivityCommand = (
  envelope: CommandEnvelope<ActivityCommand>,
  options: ActivityCommandOptions = {},
) =>
  Effect.gen(function* () {
    const now = yield* decisionTime;
    const book = yield* PolicyBook;
    const { policy } = yield* book.inForceAt(envelope.community, options.policyAt ?? now);
    const concerned = couriersConcernedBy(envelope.command);
    const facts = yield* courierFactsOf(envelope.community, concerned);
    const ids = yield* StationIds;
    const outcome = yield* executeCommand(activityDecider, envelope, {
      clock: clockAt(now),
      ids,
      facts: concerned.length === 0 ? { policy } : { policy, couriers: [...facts.values()] },
    });
    yield* writeActivityRows(
      outcome.record,
      outcome.kind === "applied"
        ? couriersChangedBy(outcome.events)
        : couriersNamedBy(envelope.command),
    );
    return outcome;
  });

const EarlierCheckInCode = z.object({
  command: z.object({ data: z.object({ checkInCode: CheckInCode }) }),
});

/**
 * The code an earlier attempt of this very command chose, read from its receipt (which
 * keeps the command as it was decided), so a retry is the same command, not a conflict.
 */
const earlierCheckInCode = (
  community: string,
  activityId: string,
  commandId: string,
): Effect.Effect<Option.Option<CheckInCode>, StoreFailure, Store> =>
  Effect.gen(function* () {
    const store = yield* Store;
    const record = yield* store.load<ActivityState>(activityKey(community, activityId), {
      receiptsFor: commandId,
    });
    return Option.flatMap(record, (found) => {
      const receipt = found.receipts.find((candidate) => candidate.commandId === commandId);
      if (receipt === undefined) return Option.none();
      try {
        const parsed = EarlierCheckInCode.safeParse(JSON.parse(receipt.body));
        return parsed.success ? Option.some(parsed.data.command.data.checkInCode) : Option.none();
      } catch {
        return Option.none();
      }
    });
  });

/**
 * The activity command of a `StartActivity` or `RotateCheckInCode` request: the code the
 * request gives, else the one an earlier attempt under the same command id chose, else a
 * new one from the {@link CheckInCodeSource}.
 *
 * @example
 * const envelope = yield* withCheckInCode(request); // command.data.checkInCode: "K7QM3X"
 */
export const withCheckInCode = (
  request: CommandEnvelope<StartActivityRequest | RotateCheckInCodeRequest>,
): Effect.Effect<CommandEnvelope<ActivityCommand>, StoreFailure, Store | CheckInCodeSource> =>
  Effect.gen(function* () {
    const { command } = request;
    const given = command.data.checkInCode;
    const checkInCode =
      given ??
      Option.getOrUndefined(
        yield* earlierCheckInCode(request.community, command.data.activityId, request.commandId),
      ) ??
      (yield* (yield* CheckInCodeSource).next);
    return {
      ...request,
      command: { type: command.type, data: { ...command.data, checkInCode } },
    } as CommandEnvelope<ActivityCommand>;
  });

/**
 * Runs a patrol route command (staff manage routes; nothing to look up), then writes the
 * route's row.
 */
export const executePatrolRouteCommand = (envelope: CommandEnvelope<PatrolRouteCommand>) =>
  Effect.gen(function* () {
    const now = yield* decisionTime;
    const ids = yield* StationIds;
    const outcome = yield* executeCommand(patrolRouteDecider, envelope, {
      clock: clockAt(now),
      ids,
      facts: {},
    });
    yield* writePatrolRouteRow(outcome.record);
    return outcome;
  });

/**
 * Runs a check-in at a checkpoint: the policy in force, the route's facts from its
 * stored state, the courier's facts from the registry, and the patrol id of the route,
 * the courier and the local day when the request leaves it out; then the patrol's row.
 *
 * A retry under the same command id goes to the same patrol on the same day and is a
 * duplicate; one sent after local midnight goes to the next day's patrol.
 */
export const executePatrolCheckIn = (request: CommandEnvelope<CheckInAtCheckpointRequest>) =>
  Effect.gen(function* () {
    const now = yield* decisionTime;
    const book = yield* PolicyBook;
    const { policy } = yield* book.inForceAt(request.community, now);
    const store = yield* Store;
    const { data } = request.command;
    const route = yield* store.load<PatrolRouteState>(
      patrolRouteKey(request.community, data.routeId),
    );
    const facts = yield* courierFactsOf(request.community, [data.courierId]);
    const courier = facts.get(data.courierId);
    const routeFacts = Option.match(route, {
      onNone: () => undefined,
      onSome: (record) => patrolRouteFacts(record.state),
    });
    const patrolId =
      data.patrolId ??
      patrolIdOf({
        routeId: data.routeId,
        courierId: data.courierId,
        day: patrolDayOf(now, policy.general.timeZone),
      });
    const envelope: CommandEnvelope<PatrolCommand> = {
      ...request,
      command: { type: "CheckInAtCheckpoint", data: { ...data, patrolId } },
    };
    const ids = yield* StationIds;
    const outcome = yield* executeCommand(patrolDecider, envelope, {
      clock: clockAt(now),
      ids,
      facts: {
        policy,
        ...(routeFacts === undefined ? {} : { route: routeFacts }),
        ...(courier === undefined ? {} : { courier }),
      },
    });
    yield* writePatrolRow(outcome.record);
    return outcome;
  });
