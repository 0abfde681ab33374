import {
  type ActivityCommand,
  type ActivityState,
  type AggregateRecord,
  activityDecider,
  CommandId,
  type CommandRuntime,
  CommunityId,
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
  type Instant,
  isDomainError,
  isReportSubmitted,
  type LocalizedText,
  type MobileKey,
  manualClock,
  mobileNumberKey,
  newAggregateRecord,
  originalReportFacts,
  personalDataSeal,
  type ReportCommand,
  type ReportState,
  reportDecider,
  type SuggestionState,
  sequentialIds,
  suggestionDecider,
  systemActor,
} from "@courier-station/core";
import { Either } from "effect";
import {
  type StationMonthPlan,
  type StationMonthStep,
  stationMonthCommunity,
  stationMonthStartsAt,
} from "./station-month.js";

/** What one command did when the month was played. */
export interface StepResult {
  readonly step: Pick<StationMonthStep, "label" | "aggregate" | "commandId" | "expect" | "at">;
  readonly outcome: "accepted" | "refused" | "duplicate";
  /** The refusal's code and text, when refused. */
  readonly code?: string;
  readonly text?: LocalizedText;
  /** How many events the command appended. */
  readonly events: number;
  /** The aggregate's version before and after. */
  readonly versionBefore: number;
  readonly versionAfter: number;
}

/** The month as played: every outcome, the event log and the aggregates' records. */
export interface StationMonthRun {
  readonly results: ReadonlyArray<StepResult>;
  /** The no-show flow's `RecordNoShow` commands, sent as the activity events came. */
  readonly flows: ReadonlyArray<StepResult>;
  /** Every event of the month, in the order they were stored. */
  readonly events: ReadonlyArray<EventEnvelope>;
  readonly couriers: ReadonlyMap<string, AggregateRecord<CourierState>>;
  readonly activities: ReadonlyMap<string, AggregateRecord<ActivityState>>;
  readonly reports: ReadonlyMap<string, AggregateRecord<ReportState>>;
  readonly suggestions: ReadonlyMap<string, AggregateRecord<SuggestionState>>;
}

// A deployment secret for the keyed hash of mobile numbers (at least 16 bytes).
const MOBILE_KEY_SECRET = "station-month-scenario-secret";

/**
 * Plays a planned month through core's public API: every step through `handleCommand`
 * with its decider, the clock moved to the step's time, ids from `sequentialIds`, and the
 * facts a service would look up (courier facts, the mobile-number index, the original of a
 * duplicate report) taken from what was stored so far. The no-show flow sends
 * `RecordNoShow` to the courier for every `ParticipationMarkedNoShow`, as the service does.
 *
 * @example
 * const run = playStationMonth(planStationMonth({ seed: 7 }));
 * run.results.filter((result) => result.outcome === "refused").length;
 */
export const playStationMonth = (plan: StationMonthPlan): StationMonthRun => {
  const clock = manualClock(stationMonthStartsAt);
  const ids = sequentialIds("evt");
  const community = CommunityId.parse(stationMonthCommunity);
  const { policy } = plan;
  const events: EventEnvelope[] = [];
  const results: StepResult[] = [];
  const flows: StepResult[] = [];
  const couriers = new Map<string, AggregateRecord<CourierState>>();
  const activities = new Map<string, AggregateRecord<ActivityState>>();
  const reports = new Map<string, AggregateRecord<ReportState>>();
  const suggestions = new Map<string, AggregateRecord<SuggestionState>>();
  const mobileIndex = new Map<MobileKey, CourierId>();

  const run = <
    Command extends DomainCommand,
    State,
    Event extends DomainEvent,
    Failure,
    Context extends DecisionContext,
  >(
    decider: Decider<Command, State, Event, Failure, Context>,
    records: Map<string, AggregateRecord<State>>,
    step: Pick<StationMonthStep, "label" | "aggregate" | "commandId" | "expect" | "at" | "actor">,
    command: Command,
    facts: CommandRuntime<Context>["facts"],
  ): { readonly result: StepResult; readonly appended: ReadonlyArray<EventEnvelope<Event>> } => {
    const id = decider.idOf(command);
    const record = records.get(id) ?? newAggregateRecord(decider, community, id);
    const outcome = handleCommand(
      decider,
      record,
      { commandId: step.commandId, community, actor: step.actor, command },
      { clock, ids, facts },
    );
    const { actor: _actor, ...described } = step;
    if (Either.isLeft(outcome)) {
      const error: unknown = outcome.left;
      return {
        result: {
          step: described,
          outcome: "refused",
          ...(isDomainError(error)
            ? { code: error.code, text: error.text }
            : { code: "not-a-domain-error" }),
          events: 0,
          versionBefore: record.version,
          versionAfter: record.version,
        },
        appended: [],
      };
    }
    if (outcome.right.kind === "duplicate") {
      return {
        result: {
          step: described,
          outcome: "duplicate",
          events: 0,
          versionBefore: record.version,
          versionAfter: outcome.right.record.version,
        },
        appended: [],
      };
    }
    records.set(id, outcome.right.record);
    events.push(...(outcome.right.events as ReadonlyArray<EventEnvelope>));
    return {
      result: {
        step: described,
        outcome: "accepted",
        events: outcome.right.events.length,
        versionBefore: record.version,
        versionAfter: outcome.right.record.version,
      },
      appended: outcome.right.events,
    };
  };

  const factsOfCourier = (courierId: string, now: Instant): CourierFacts | undefined => {
    const record = couriers.get(courierId);
    return record === undefined ? undefined : courierFacts(record.state, now);
  };
  const actingCourier = (step: StationMonthStep, now: Instant): { courier?: CourierFacts } => {
    if (step.actor.role !== "courier") return {};
    const facts = factsOfCourier(step.actor.id, now);
    return facts === undefined ? {} : { courier: facts };
  };
  const corroboratorsOf = (originalReportId: string): CourierId[] =>
    events
      .filter(
        (event) =>
          event.type === "ReportMarkedDuplicate" &&
          (event.data as { originalReportId: string }).originalReportId === originalReportId,
      )
      .map((event) => (event.data as { reporterId: CourierId }).reporterId);
  const originalOf = (command: ReportCommand) => {
    if (command.type !== "MarkReportDuplicate") return {};
    const original = reports.get(command.data.originalReportId);
    if (original === undefined || !isReportSubmitted(original.state)) return {};
    const facts = originalReportFacts(original.state, corroboratorsOf(original.id));
    return facts === undefined ? {} : { originalReport: facts };
  };

  const courierContext = {
    policy,
    mobileKeyOf: (number: Parameters<typeof mobileNumberKey>[0]) =>
      mobileNumberKey(number, MOBILE_KEY_SECRET),
    registeredMobileKeys: (key: MobileKey) => mobileIndex.get(key),
    personalData: personalDataSeal(MOBILE_KEY_SECRET),
  };

  for (const step of plan.steps) {
    if (Date.parse(step.at) < Date.parse(clock.now())) {
      throw new Error(`the plan goes back in time at ${step.label}`);
    }
    clock.set(step.at);
    const now = clock.now();
    switch (step.aggregate) {
      case "courier": {
        const { result, appended } = run(
          courierDecider,
          couriers,
          step,
          step.command,
          courierContext,
        );
        results.push(result);
        for (const event of appended) {
          if (event.type === "CourierRegistered") {
            const data = event.data as { courierId: CourierId; mobileKey: MobileKey };
            mobileIndex.set(data.mobileKey, data.courierId);
          }
        }
        break;
      }
      case "activity": {
        const command: ActivityCommand = step.command;
        const concerned = couriersConcernedBy(command).flatMap((courierId) => {
          const facts = factsOfCourier(courierId, now);
          return facts === undefined ? [] : [facts];
        });
        const { result, appended } = run(activityDecider, activities, step, command, {
          policy,
          couriers: concerned,
        });
        results.push(result);
        // The no-show flow: every no-show is counted on the courier, as `system`.
        for (const event of appended) {
          if (event.type !== "ParticipationMarkedNoShow") continue;
          const { activityId, courierId } = event.data;
          const flowStep = {
            label: `the no-show flow records ${courierId} at ${activityId}`,
            aggregate: "courier" as const,
            commandId: CommandId.parse(`no-show-${activityId}-${courierId}`),
            expect: { kind: "accepted" as const },
            at: now,
            actor: systemActor("no-show-flow"),
          };
          flows.push(
            run(
              courierDecider,
              couriers,
              flowStep,
              { type: "RecordNoShow", data: { courierId, activityId } },
              courierContext,
            ).result,
          );
        }
        break;
      }
      case "report": {
        const { result } = run(reportDecider, reports, step, step.command, {
          policy,
          ...actingCourier(step, now),
          ...originalOf(step.command),
        });
        results.push(result);
        break;
      }
      case "suggestion": {
        const { result } = run(suggestionDecider, suggestions, step, step.command, {
          policy,
          ...actingCourier(step, now),
        });
        results.push(result);
        break;
      }
    }
  }
  return { results, flows, events, couriers, activities, reports, suggestions };
};
