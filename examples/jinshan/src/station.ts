import {
  type ActivityCommand,
  type ActivityState,
  type Actor,
  type AggregateRecord,
  activityDecider,
  activityFacts,
  CommandId,
  type CommandRuntime,
  type CommunityId,
  type CommunityPolicy,
  type CourierCommand,
  type CourierFacts,
  type CourierId,
  type CourierState,
  courierDecider,
  courierFacts,
  couriersConcernedBy,
  type Decider,
  type DecisionContext,
  type DomainCommand,
  type DomainEvent,
  type EventEnvelope,
  handleCommand,
  type IdGenerator,
  isDomainError,
  isReportSubmitted,
  type ManualClock,
  type MobileKey,
  type MobileNumber,
  mobileNumberKey,
  newAggregateRecord,
  originalReportFacts,
  type ProgrammeRecords,
  personalDataSeal,
  type ReportCommand,
  type ReportState,
  reportDecider,
  type StationCommand as ServiceStationCommand,
  type StationState,
  type SuggestionCommand,
  type SuggestionState,
  stationDecider,
  suggestionDecider,
  systemActor,
} from "@courier-station/core";
import {
  courierAccountId,
  courierOfTrigger,
  createLedger,
  createRequestOf,
  earnedAtOfTrigger,
  earnedSoFarOf,
  type Ledger,
  type LedgerRequest,
  PointsTrigger,
  plannedTransferRequest,
  pointsEarnedBy,
  pointsTriggerTypes,
} from "@courier-station/points";
import {
  type CatalogueItemCommand,
  type CatalogueItemEvent,
  type CatalogueItemState,
  type CatalogueRedemptionCommand,
  type CatalogueRedemptionEvent,
  type CatalogueRedemptionState,
  catalogueItemCommandsFor,
  catalogueItemDecider,
  catalogueRedemptionCommandsFor,
  catalogueRedemptionDecider,
  holdOutcomeCommandFor,
  isOpenWishStatus,
  pointsCommandsFor,
  reservationCompensationFor,
  type SponsorCommand,
  type SponsorState,
  sponsorCommandsFor,
  sponsorDecider,
  sponsorFactsOf,
  type WishCommand,
  type WishEvent,
  type WishPointsCommand,
  type WishState,
  wishDecider,
} from "@courier-station/wishes";
import { Either } from "effect";

/*
 * The whole community in one process, the way `npm start` will run it once the services
 * exist, but without a store or a bus: each aggregate's record is kept in a map, every
 * event goes into one log, and the flows between aggregates (points earned from
 * participation, reports and suggestions; no-shows counted on the courier; wish and
 * catalogue holds in the points ledger; catalogue stock reserved and settled; sponsors
 * credited) run as soon as the events that drive them are stored. The points ledger is
 * the in-memory ledger of @courier-station/points.
 */

/** Everything an aggregate kind of the community can be sent. */
export type StationCommand =
  | { readonly aggregate: "station"; readonly command: ServiceStationCommand }
  | { readonly aggregate: "courier"; readonly command: CourierCommand }
  | { readonly aggregate: "activity"; readonly command: ActivityCommand }
  | { readonly aggregate: "report"; readonly command: ReportCommand }
  | { readonly aggregate: "suggestion"; readonly command: SuggestionCommand }
  | { readonly aggregate: "wish"; readonly command: WishCommand }
  | { readonly aggregate: "sponsor"; readonly command: SponsorCommand }
  | { readonly aggregate: "catalogueItem"; readonly command: CatalogueItemCommand }
  | { readonly aggregate: "catalogueRedemption"; readonly command: CatalogueRedemptionCommand };

/** What the station answered a command. */
export type StationAnswer =
  | { readonly ok: true; readonly events: ReadonlyArray<EventEnvelope> }
  | { readonly ok: false; readonly code: string };

/** The station's state: records by aggregate, the event log, the ledger and the refusals. */
export interface Station {
  /** Sends a command as an actor at the clock's time, then runs the flows it leads to. */
  readonly send: (actor: Actor, command: StationCommand) => StationAnswer;
  readonly stations: ReadonlyMap<string, AggregateRecord<StationState>>;
  readonly couriers: ReadonlyMap<string, AggregateRecord<CourierState>>;
  readonly activities: ReadonlyMap<string, AggregateRecord<ActivityState>>;
  readonly reports: ReadonlyMap<string, AggregateRecord<ReportState>>;
  readonly suggestions: ReadonlyMap<string, AggregateRecord<SuggestionState>>;
  readonly wishes: ReadonlyMap<string, AggregateRecord<WishState>>;
  readonly sponsors: ReadonlyMap<string, AggregateRecord<SponsorState>>;
  readonly catalogueItems: ReadonlyMap<string, AggregateRecord<CatalogueItemState>>;
  readonly catalogueRedemptions: ReadonlyMap<string, AggregateRecord<CatalogueRedemptionState>>;
  /** Every event, in the order stored. */
  readonly events: ReadonlyArray<EventEnvelope>;
  /** The community's points ledger. */
  readonly ledger: Ledger;
  /** Refused commands by code (the rules at work), flows' refusals included. */
  readonly refusals: ReadonlyMap<string, number>;
  /** A courier's facts now, as other deciders see them. */
  readonly courierFactsOf: (courierId: string) => CourierFacts | undefined;
  /** The states core's statistics count (`programmeFigures`). */
  readonly programmeRecords: () => ProgrammeRecords;
}

/** What a station needs: the community, its policy, a clock, ids and the deployment's two secrets. */
export interface StationOptions {
  readonly community: CommunityId;
  readonly policy: CommunityPolicy;
  readonly clock: ManualClock;
  readonly ids: IdGenerator;
  /** Seals personal data (at least 16 bytes). */
  readonly sealSecret: string;
  /**
   * Keys the mobile-number index (at least 16 bytes). A secret of its own, as in a
   * deployment: the index's keys stay put when the seal key rotates, and one leaked secret
   * does not give away both.
   */
  readonly mobileKeySecret: string;
}

const earningActor = "system:points-earning";
const wishesActor = "system:wishes";

/**
 * Opens a station in memory.
 *
 * @example
 * const station = openStation({ community, policy: jinshanPolicy(), clock, ids, sealSecret, mobileKeySecret });
 * station.send(staff, { aggregate: "courier", command: { type: "VerifyCourier", data: { courierId } } });
 */
export const openStation = (options: StationOptions): Station => {
  const { community, policy, clock, ids } = options;
  const stations = new Map<string, AggregateRecord<StationState>>();
  const couriers = new Map<string, AggregateRecord<CourierState>>();
  const activities = new Map<string, AggregateRecord<ActivityState>>();
  const reports = new Map<string, AggregateRecord<ReportState>>();
  const suggestions = new Map<string, AggregateRecord<SuggestionState>>();
  const wishes = new Map<string, AggregateRecord<WishState>>();
  const sponsors = new Map<string, AggregateRecord<SponsorState>>();
  const catalogueItems = new Map<string, AggregateRecord<CatalogueItemState>>();
  const catalogueRedemptions = new Map<string, AggregateRecord<CatalogueRedemptionState>>();
  const events: EventEnvelope[] = [];
  const refusals = new Map<string, number>();
  const mobileIndex = new Map<MobileKey, CourierId>();
  const ledger = createLedger();
  let commandCount = 0;
  const personalData = personalDataSeal(options.sealSecret);

  const refused = (code: string): StationAnswer => {
    refusals.set(code, (refusals.get(code) ?? 0) + 1);
    return { ok: false, code };
  };

  const run = <
    Command extends DomainCommand,
    State,
    Event extends DomainEvent,
    Failure,
    Context extends DecisionContext,
  >(
    decider: Decider<Command, State, Event, Failure, Context>,
    records: Map<string, AggregateRecord<State>>,
    actor: Actor,
    command: Command,
    facts: CommandRuntime<Context>["facts"],
  ): StationAnswer => {
    const id = decider.idOf(command);
    const record = records.get(id) ?? newAggregateRecord(decider, community, id);
    commandCount += 1;
    const outcome = handleCommand(
      decider,
      record,
      {
        commandId: CommandId.parse(`cmd-${String(commandCount).padStart(6, "0")}`),
        community,
        actor,
        command,
      },
      { clock, ids, facts },
    );
    if (Either.isLeft(outcome)) {
      const error: unknown = outcome.left;
      return refused(isDomainError(error) ? error.code : "unknown");
    }
    if (outcome.right.kind === "duplicate") return { ok: true, events: [] };
    records.set(id, outcome.right.record);
    const stored = outcome.right.events as ReadonlyArray<EventEnvelope>;
    events.push(...stored);
    return { ok: true, events: stored };
  };

  const courierFactsOf = (courierId: string): CourierFacts | undefined => {
    const record = couriers.get(courierId);
    return record === undefined ? undefined : courierFacts(record.state, clock.now());
  };
  const actingCourier = (actor: Actor): { courier?: CourierFacts } => {
    const facts = actor.role === "courier" ? courierFactsOf(actor.id) : undefined;
    return facts === undefined ? {} : { courier: facts };
  };
  const openWishCountOf = (courierId: string): number =>
    [...wishes.values()].filter(
      (record) =>
        record.state.status !== "none" &&
        record.state.courierId === courierId &&
        isOpenWishStatus(record.state.status),
    ).length;

  const courierAccountFacts = (actor: Actor) => {
    const courier = actor.role === "courier" ? courierFactsOf(actor.id) : undefined;
    return courier === undefined
      ? {}
      : {
          courier: { courierId: courier.courierId, status: courier.status },
          availablePoints: ledger.availableOf(courierAccountId(courier.courierId)),
        };
  };
  const activityNamedBy = (command: WishCommand) => {
    const activityId =
      command.type === "LinkWishToActivity" || command.type === "ConfirmWishFulfilled"
        ? command.data.activityId
        : undefined;
    const record = activityId === undefined ? undefined : activities.get(activityId);
    const facts = record === undefined ? undefined : activityFacts(record.state);
    return facts === undefined ? {} : { activity: facts };
  };

  const decide = (actor: Actor, { aggregate, command }: StationCommand): StationAnswer => {
    switch (aggregate) {
      case "station":
        return run(stationDecider, stations, actor, command, {});
      case "courier":
        return run(courierDecider, couriers, actor, command, {
          policy,
          mobileKeyOf: (number: MobileNumber) => mobileNumberKey(number, options.mobileKeySecret),
          registeredMobileKeys: (key: MobileKey) => mobileIndex.get(key),
          personalData,
        });
      case "activity":
        return run(activityDecider, activities, actor, command, {
          policy,
          couriers: couriersConcernedBy(command).flatMap((courierId) => {
            const facts = courierFactsOf(courierId);
            return facts === undefined ? [] : [facts];
          }),
        });
      case "report": {
        const original =
          command.type === "MarkReportDuplicate"
            ? reports.get(command.data.originalReportId)?.state
            : undefined;
        const corroborators = events
          .filter(
            (event) =>
              event.type === "ReportMarkedDuplicate" &&
              command.type === "MarkReportDuplicate" &&
              (event.data as { originalReportId: string }).originalReportId ===
                command.data.originalReportId,
          )
          .map((event) => (event.data as { reporterId: CourierId }).reporterId);
        const originalFacts =
          original !== undefined && isReportSubmitted(original)
            ? originalReportFacts(original, corroborators)
            : undefined;
        return run(reportDecider, reports, actor, command, {
          policy,
          ...actingCourier(actor),
          ...(originalFacts === undefined ? {} : { originalReport: originalFacts }),
        });
      }
      case "suggestion":
        return run(suggestionDecider, suggestions, actor, command, {
          policy,
          ...actingCourier(actor),
        });
      case "wish": {
        const courier = actor.role === "courier" ? courierFactsOf(actor.id) : undefined;
        const sponsor = actor.role === "sponsor" ? sponsors.get(actor.id)?.state : undefined;
        const sponsorFacts = sponsor === undefined ? undefined : sponsorFactsOf(sponsor);
        return run(wishDecider, wishes, actor, command, {
          policy,
          ...(courier === undefined
            ? {}
            : {
                courier: { courierId: courier.courierId, status: courier.status },
                openWishCount: openWishCountOf(courier.courierId),
                availablePoints: ledger.availableOf(courierAccountId(courier.courierId)),
              }),
          ...(sponsorFacts === undefined ? {} : { sponsor: sponsorFacts }),
          ...activityNamedBy(command),
        });
      }
      case "sponsor":
        return run(sponsorDecider, sponsors, actor, command, {});
      case "catalogueItem":
        return run(catalogueItemDecider, catalogueItems, actor, command, {
          policy,
          ...courierAccountFacts(actor),
        });
      case "catalogueRedemption":
        return run(catalogueRedemptionDecider, catalogueRedemptions, actor, command, { policy });
    }
  };

  /** What the points service does with an event that may earn points. */
  const earnFrom = (event: EventEnvelope): void => {
    if (!(pointsTriggerTypes as ReadonlyArray<string>).includes(event.type)) return;
    const trigger = PointsTrigger.parse(event);
    const account = courierAccountId(courierOfTrigger(trigger));
    const outcome = pointsEarnedBy(
      trigger,
      policy,
      earnedSoFarOf(
        ledger.historyOf(account),
        account,
        earnedAtOfTrigger(trigger),
        policy.general.timeZone,
      ),
      courierFactsOf(courierOfTrigger(trigger)),
    );
    if (outcome.kind !== "earned") return;
    const results = ledger.apply(
      outcome.transfers.map((transfer) => plannedTransferRequest(transfer, earningActor)),
      clock.now(),
    );
    for (const result of results) if (result.status === "refused") refused(result.error.code);
  };

  /** What the points service does with a wish's points command. */
  const ledgerRequestOf = (command: WishPointsCommand): LedgerRequest => {
    switch (command.type) {
      case "CreateTransfer":
        return createRequestOf(command.data, wishesActor);
      case "PostPendingTransfer":
        return {
          kind: "post",
          id: command.data.transferId,
          pendingTransferId: command.data.pendingTransferId,
          amount: command.data.amount,
          actor: wishesActor,
        };
      case "VoidPendingTransfer":
        return {
          kind: "void",
          id: command.data.transferId,
          pendingTransferId: command.data.pendingTransferId,
          actor: wishesActor,
        };
    }
  };

  /** The flows an event drives, run at once (an in-process bus). */
  const react = (event: EventEnvelope): void => {
    if (event.type === "CourierRegistered") {
      const data = event.data as { courierId: CourierId; mobileKey: MobileKey | null };
      if (data.mobileKey !== null) mobileIndex.set(data.mobileKey, data.courierId);
    }
    earnFrom(event);
    if (event.type === "ParticipationMarkedNoShow") {
      const { activityId, courierId } = event.data as { activityId: string; courierId: string };
      send(systemActor("no-show-flow"), {
        aggregate: "courier",
        command: { type: "RecordNoShow", data: { courierId, activityId } } as CourierCommand,
      });
    }
    if (event.aggregate === "wish") {
      const wishEvent = event as EventEnvelope<WishEvent>;
      for (const command of pointsCommandsFor(wishEvent)) {
        const result = ledger.applyOne(ledgerRequestOf(command), clock.now());
        if (result.status === "refused") refused(result.error.code);
        if (wishEvent.type === "WishRedeemed") {
          send(systemActor("wishes"), {
            aggregate: "wish",
            command: holdOutcomeCommandFor(
              wishEvent,
              result.status === "refused" ? { ok: false, code: result.error.code } : { ok: true },
            ),
          });
        }
      }
      for (const command of sponsorCommandsFor(wishEvent)) {
        send(systemActor("sponsors"), { aggregate: "sponsor", command });
      }
    }
    if (event.aggregate === "catalogueItem") {
      const itemEvent = event as EventEnvelope<CatalogueItemEvent>;
      for (const command of catalogueRedemptionCommandsFor(itemEvent)) {
        const opened = send(systemActor("catalogue"), {
          aggregate: "catalogueRedemption",
          command,
        });
        if (!opened.ok && itemEvent.type === "CatalogueItemReserved") {
          send(systemActor("catalogue"), {
            aggregate: "catalogueItem",
            command: reservationCompensationFor(itemEvent),
          });
        }
      }
    }
    if (event.aggregate === "catalogueRedemption") {
      const redemptionEvent = event as EventEnvelope<CatalogueRedemptionEvent>;
      for (const command of pointsCommandsFor(redemptionEvent)) {
        const result = ledger.applyOne(ledgerRequestOf(command), clock.now());
        if (result.status === "refused") refused(result.error.code);
        if (redemptionEvent.type === "CatalogueRedemptionOpened") {
          send(systemActor("catalogue"), {
            aggregate: "catalogueRedemption",
            command: holdOutcomeCommandFor(
              redemptionEvent,
              result.status === "refused" ? { ok: false, code: result.error.code } : { ok: true },
            ),
          });
        }
      }
      for (const command of catalogueItemCommandsFor(redemptionEvent)) {
        send(systemActor("catalogue"), { aggregate: "catalogueItem", command });
      }
    }
  };

  const send = (actor: Actor, command: StationCommand): StationAnswer => {
    const answer = decide(actor, command);
    if (answer.ok) for (const event of answer.events) react(event);
    return answer;
  };

  return {
    send,
    stations,
    couriers,
    activities,
    reports,
    suggestions,
    wishes,
    sponsors,
    catalogueItems,
    catalogueRedemptions,
    events,
    ledger,
    refusals,
    courierFactsOf,
    programmeRecords: () => ({
      couriers: [...couriers.values()].map((record) => record.state),
      activities: [...activities.values()].map((record) => record.state),
      reports: [...reports.values()].map((record) => record.state),
      suggestions: [...suggestions.values()].map((record) => record.state),
    }),
  };
};
