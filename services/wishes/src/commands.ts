import {
  activitiesContract,
  type CommandReply,
  call,
  clockAt,
  courierFactsOf,
  decisionTime,
  PolicyBook,
  pointsContract,
  StationIds,
} from "@courier-station/contracts";
import {
  type ActivityFacts,
  type Actor,
  type AggregateRecord,
  authorize,
  type CommandEnvelope,
  type CommandId,
  type CommandOutcome,
  type CommunityPolicy,
  type CourierFacts,
  type CourierId,
  derivedId,
  type Instant,
  type SponsorId,
  systemActor,
} from "@courier-station/core";
import {
  type Bus,
  type ExecutionFailure,
  executeCommand,
  type InvalidQuery,
  type Logger,
  type RemoteError,
  type RequestFailure,
  Store,
  type StoreFailure,
} from "@courier-station/kit";
import {
  type CatalogueItemCommand,
  type CatalogueItemError,
  type CatalogueItemEvent,
  type CatalogueItemState,
  type CatalogueRedemptionCommand,
  type CatalogueRedemptionError,
  type CatalogueRedemptionEvent,
  type CatalogueRedemptionState,
  catalogueItemDecider,
  catalogueRedemptionDecider,
  type RecordWishHandOvers,
  type SponsorCommand,
  type SponsorError,
  type SponsorEvent,
  type SponsorState,
  sponsorDecider,
  sponsorFactsOf,
  type WishCommand,
  type WishCourierFacts,
  type WishError,
  type WishEvent,
  type WishHandOverAnswer,
  type WishState,
  wishDecider,
  wishHandOverAnswerOf,
  wishHandOverCommands,
  wishHandOverPermissions,
} from "@courier-station/wishes";
import { Effect, Either, Option } from "effect";
import {
  sponsorKey,
  wishRows,
  writeCatalogueItemRow,
  writeCatalogueRedemptionRow,
  writeSponsorRow,
  writeWishRows,
} from "./read-models.js";
import { isLastingRefusal } from "./refusals.js";

/** What running a command of the wishes service needs. */
export type WishesCommandServices = Store | Bus | PolicyBook | StationIds;

/** What running a command of the wishes service can fail with besides the decider's refusals. */
export type WishesLookupFailure = RemoteError | RequestFailure | StoreFailure | InvalidQuery;

/** The actor the service asks other services' facts as. */
export const wishesFactsActor = systemActor("wishes-facts");

/** The policy in force in a community at a time. */
export const policyAt = (
  community: string,
  at: Instant,
): Effect.Effect<CommunityPolicy, RemoteError | RequestFailure, PolicyBook> =>
  Effect.flatMap(PolicyBook, (book) =>
    Effect.map(book.inForceAt(community, at), (inForce) => inForce.policy),
  );

/**
 * The registry's facts of the acting courier, when a courier acts; a courier the registry
 * does not know is not active (`not-registered`), so the decider refuses them as such
 * rather than as facts the service failed to give.
 */
const actingCourier = (
  community: string,
  actor: Actor,
): Effect.Effect<
  { readonly courier?: CourierFacts | WishCourierFacts },
  RemoteError | RequestFailure,
  Bus
> =>
  actor.role !== "courier"
    ? Effect.succeed({})
    : Effect.map(courierFactsOf(community, [actor.id]), (facts) => ({
        courier: facts.get(actor.id) ?? {
          courierId: actor.id as CourierId,
          status: "not-registered",
        },
      }));

/**
 * The acting courier's available points, from the points service (the ledger stays the
 * final guard: the hold itself may still be refused).
 */
const availablePointsOf = (
  community: string,
  courierId: string,
): Effect.Effect<{ readonly availablePoints: number }, RemoteError | RequestFailure, Bus> =>
  Effect.map(
    call(pointsContract, "GetPointsBalance", community, {
      actor: wishesFactsActor,
      courierId: courierId as CourierId,
    }),
    (balance) => ({ availablePoints: balance.available }),
  );

/** An activity's facts from the activities service (refused there when it does not exist). */
const activityFactsOf = (
  community: string,
  activityId: string,
): Effect.Effect<{ readonly activity: ActivityFacts }, RemoteError | RequestFailure, Bus> =>
  Effect.map(
    call(activitiesContract, "GetActivityFacts", community, {
      actor: wishesFactsActor,
      activityId: activityId as ActivityFacts["activityId"],
    }),
    (activity) => ({ activity: activity as ActivityFacts }),
  );

/** How many open wishes a courier has (`openWishStatuses`), from the wishes' rows. */
const openWishCountOf = (community: string, courierId: string) =>
  Effect.gen(function* () {
    const store = yield* Store;
    const rows = yield* store.readModel(wishRows);
    return yield* rows.count({ community, courierId, open: true });
  });

/**
 * The facts of the acting sponsor, from their aggregate here; a sponsor nobody registered
 * is not active, so the decider refuses them as such.
 */
const actingSponsor = (community: string, actor: Actor) =>
  Effect.gen(function* () {
    if (actor.role !== "sponsor") return {};
    const store = yield* Store;
    const loaded = yield* store.load<SponsorState>(sponsorKey(community, actor.id));
    const facts = Option.isNone(loaded) ? undefined : sponsorFactsOf(loaded.value.state);
    return {
      sponsor: facts ?? { sponsorId: actor.id as SponsorId, status: "inactive" as const },
    };
  });

/** The facts a wish command is decided on, looked up for the command and its actor. */
const wishFactsFor = (community: string, actor: Actor, command: WishCommand) =>
  Effect.gen(function* () {
    const courier = yield* actingCourier(community, actor);
    const openWishCount =
      command.type === "DraftWish" && actor.role === "courier"
        ? { openWishCount: yield* openWishCountOf(community, actor.id) }
        : {};
    const points =
      command.type === "RedeemWish" && actor.role === "courier"
        ? yield* availablePointsOf(community, actor.id)
        : {};
    const sponsor = command.type === "ClaimWish" ? yield* actingSponsor(community, actor) : {};
    const activityId =
      command.type === "LinkWishToActivity" || command.type === "ConfirmWishFulfilled"
        ? command.data.activityId
        : undefined;
    const activity = activityId === undefined ? {} : yield* activityFactsOf(community, activityId);
    return { ...courier, ...openWishCount, ...points, ...sponsor, ...activity };
  });

/** Logs a row left to the consumer to catch up; the command's answer does not wait on it. */
const catchingUp =
  (log: Logger, what: string, id: string) =>
  <E, R>(write: Effect.Effect<void, E, R>) =>
    write.pipe(
      Effect.catchAll((failure) =>
        Effect.sync(() =>
          log.warn(
            { [what]: id, code: (failure as { code?: string }).code },
            "wishes read models left to catch up",
          ),
        ),
      ),
    );

/**
 * Runs a wish command: decided under the policy in force now, with the facts it needs
 * looked up (the acting courier's from the registry, their open wishes from the rows, their
 * available points from the points service, a claiming sponsor's from their aggregate, an
 * activity's from the activities service), written in one append, then the wish's rows
 * (its list row and its wall row) brought up to date. A failure to update them is logged,
 * not answered: the consumer of the service's own events catches up.
 *
 * @example
 * const outcome = yield* executeWishCommand(envelope, log);
 * return commandReplyOf(outcome);
 */
export const executeWishCommand = (
  envelope: CommandEnvelope<WishCommand>,
  log: Logger,
): Effect.Effect<
  CommandOutcome<WishState, WishEvent>,
  ExecutionFailure<WishError> | WishesLookupFailure,
  WishesCommandServices
> =>
  Effect.gen(function* () {
    const now = yield* decisionTime;
    const ids = yield* StationIds;
    const policy = yield* policyAt(envelope.community, now);
    const facts = yield* wishFactsFor(envelope.community, envelope.actor, envelope.command);
    const outcome = yield* executeCommand(wishDecider, envelope, {
      clock: clockAt(now),
      ids,
      facts: { policy, ...facts },
    });
    yield* writeWishRows(outcome.record as AggregateRecord<WishState>).pipe(
      catchingUp(log, "wishId", outcome.record.id),
    );
    return outcome;
  });

/**
 * Runs a sponsor command and brings the sponsor's row up to date. After
 * `EraseSponsorContact`, the `sponsors` consumer rewrites the sponsor's past events and
 * erases the bodies of their commands' receipts (`scrubSponsorContact`), so the contact
 * is nowhere in the store.
 *
 * @example
 * yield* executeSponsorCommand(envelope, log);
 */
export const executeSponsorCommand = (
  envelope: CommandEnvelope<SponsorCommand>,
  log: Logger,
): Effect.Effect<
  CommandOutcome<SponsorState, SponsorEvent>,
  ExecutionFailure<SponsorError>,
  Store | StationIds
> =>
  Effect.gen(function* () {
    const now = yield* decisionTime;
    const ids = yield* StationIds;
    const outcome = yield* executeCommand(sponsorDecider, envelope, {
      clock: clockAt(now),
      ids,
      facts: {},
    });
    yield* writeSponsorRow(outcome.record as AggregateRecord<SponsorState>).pipe(
      catchingUp(log, "sponsorId", outcome.record.id),
    );
    return outcome;
  });

/**
 * Runs a catalogue item command under the policy in force now (a courier redeeming is
 * decided on their facts from the registry and their available points from the points
 * service) and brings the item's row up to date.
 *
 * @example
 * yield* executeCatalogueItemCommand(envelope, log);
 */
export const executeCatalogueItemCommand = (
  envelope: CommandEnvelope<CatalogueItemCommand>,
  log: Logger,
): Effect.Effect<
  CommandOutcome<CatalogueItemState, CatalogueItemEvent>,
  ExecutionFailure<CatalogueItemError> | WishesLookupFailure,
  WishesCommandServices
> =>
  Effect.gen(function* () {
    const now = yield* decisionTime;
    const ids = yield* StationIds;
    const policy = yield* policyAt(envelope.community, now);
    const redeeming =
      envelope.command.type === "RedeemCatalogueItem" && envelope.actor.role === "courier";
    const courier = redeeming ? yield* actingCourier(envelope.community, envelope.actor) : {};
    const points = redeeming ? yield* availablePointsOf(envelope.community, envelope.actor.id) : {};
    const outcome = yield* executeCommand(catalogueItemDecider, envelope, {
      clock: clockAt(now),
      ids,
      facts: { policy, ...courier, ...points },
    });
    yield* writeCatalogueItemRow(outcome.record as AggregateRecord<CatalogueItemState>).pipe(
      catchingUp(log, "itemId", outcome.record.id),
    );
    return outcome;
  });

/**
 * Runs a catalogue redemption command under the policy in force now and brings the
 * redemption's row up to date.
 *
 * @example
 * yield* executeCatalogueRedemptionCommand(envelope, log);
 */
export const executeCatalogueRedemptionCommand = (
  envelope: CommandEnvelope<CatalogueRedemptionCommand>,
  log: Logger,
): Effect.Effect<
  CommandOutcome<CatalogueRedemptionState, CatalogueRedemptionEvent>,
  ExecutionFailure<CatalogueRedemptionError> | WishesLookupFailure,
  WishesCommandServices
> =>
  Effect.gen(function* () {
    const now = yield* decisionTime;
    const ids = yield* StationIds;
    const policy = yield* policyAt(envelope.community, now);
    const outcome = yield* executeCommand(catalogueRedemptionDecider, envelope, {
      clock: clockAt(now),
      ids,
      facts: { policy },
    });
    yield* writeCatalogueRedemptionRow(
      outcome.record as AggregateRecord<CatalogueRedemptionState>,
    ).pipe(catchingUp(log, "redemptionId", outcome.record.id));
    return outcome;
  });

/**
 * The command id of one wish's hand-over in a bulk record: made from the record's command
 * id and the wish, so the record sent again sends each wish the same command. Not in the
 * derived namespace (`d-…`), which is the system's own: staff send these.
 *
 * @example
 * handOverCommandId("cmd-lighting-1122", "w-1"); // "h-…" (40 hex digits)
 */
export const handOverCommandId = (recordCommandId: string, wishId: string): CommandId =>
  `h-${derivedId("wish-hand-over", recordCommandId, wishId).slice(2)}` as CommandId;

/**
 * Records a wish-lighting event's hand-overs (点亮微心愿) in bulk: staff only
 * (`wishHandOverPermissions`), then one `ConfirmWishFulfilled` at the activity per wish
 * (`wishHandOverCommands`), each decided by its wish under {@link handOverCommandId}. The
 * reply names the hand-overs made now (`eventIds`); `duplicate` when none was new. A
 * record every wish refused is refused with the first wish's refusal; a fault of the
 * store or another service fails the record, which can simply be sent again.
 *
 * @example
 * const { reply, answers } = yield* recordWishHandOvers(envelope, log);
 */
export const recordWishHandOvers = (envelope: CommandEnvelope<RecordWishHandOvers>, log: Logger) =>
  Effect.gen(function* () {
    const allowed = authorize(
      envelope.actor,
      envelope.community,
      "RecordWishHandOvers",
      wishHandOverPermissions,
    );
    if (Either.isLeft(allowed)) return yield* Effect.fail(allowed.left);
    const answers: WishHandOverAnswer[] = [];
    const eventIds: string[] = [];
    let firstRefusal: unknown;
    for (const command of wishHandOverCommands(envelope.command)) {
      const outcome = yield* executeWishCommand(
        {
          commandId: handOverCommandId(envelope.commandId, command.data.wishId),
          community: envelope.community,
          actor: envelope.actor,
          command,
          causationId: envelope.causationId ?? envelope.commandId,
          correlationId: envelope.correlationId ?? envelope.commandId,
        },
        log,
      ).pipe(Effect.either);
      if (Either.isLeft(outcome)) {
        if (!isLastingRefusal(outcome.left)) return yield* Effect.fail(outcome.left);
        firstRefusal ??= outcome.left;
      } else if (outcome.right.kind === "applied") {
        eventIds.push(...outcome.right.receipt.eventIds);
      }
      answers.push(wishHandOverAnswerOf(command.data.wishId, outcome));
    }
    const handedOver = answers.filter((answer) => answer.outcome === "handed-over").length;
    if (answers.every((answer) => answer.outcome === "refused")) {
      return yield* Effect.fail(firstRefusal);
    }
    const reply: CommandReply = {
      outcome: handedOver > 0 ? "applied" : "duplicate",
      aggregate: wishDecider.aggregate,
      id: envelope.command.data.activityId,
      version: 0,
      eventIds,
    };
    return { reply, answers };
  });
