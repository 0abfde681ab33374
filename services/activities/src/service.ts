import {
  activitiesContract,
  type CommandContract,
  commandReplyOf,
  serveCommand,
  serveQuery,
} from "@courier-station/contracts";
import {
  type ActivityCommand,
  type CommandEnvelope,
  type CourierId,
  MINUTE,
  type PatrolRouteCommand,
  SECOND,
} from "@courier-station/core";
import { consumer, defineService, timer } from "@courier-station/kit";
import { Effect } from "effect";
import packageJson from "../package.json" with { type: "json" };
import {
  executeActivityCommand,
  executePatrolCheckIn,
  executePatrolRouteCommand,
  withCheckInCode,
} from "./commands.js";
import {
  cancelSignUpsOnConsentWithdrawn,
  followActivity,
  followPatrol,
  followPatrolRoute,
} from "./flows.js";
import {
  activitiesOfMonth,
  activityFactsFor,
  activityFor,
  courierActivitiesPage,
  courierPatrolsPage,
  ownRecordsOnly,
  patrolRouteFor,
  patrolRoutesPage,
  rosterPage,
  upcomingActivities,
  volunteerHoursOf,
} from "./queries.js";
import { completeDueActivities, rotateDueCheckInCodes } from "./timers.js";

/** How often the activities service's timers look for due work; the defaults suit a station. */
export interface ActivitiesServiceOptions {
  /** How often started activities are checked for completion (default every minute). */
  readonly completionEveryMs?: number;
  /** How often started activities are checked for a code rotation (default every 15 seconds). */
  readonly rotationEveryMs?: number;
}

const endpoints = activitiesContract.endpoints;

type ActivityEndpoint = {
  [Name in keyof typeof endpoints]: (typeof endpoints)[Name] extends CommandContract
    ? Name extends ActivityCommand["type"]
      ? Name extends "StartActivity" | "RotateCheckInCode"
        ? never
        : Name
      : never
    : never;
}[keyof typeof endpoints];

const activityCommand = (name: ActivityEndpoint) =>
  serveCommand(endpoints[name], (envelope) =>
    executeActivityCommand(envelope as CommandEnvelope<ActivityCommand>).pipe(
      Effect.map(commandReplyOf),
    ),
  );

const checkInCodeCommand = (name: "StartActivity" | "RotateCheckInCode") =>
  serveCommand(endpoints[name], (request) =>
    withCheckInCode(request).pipe(
      Effect.flatMap((envelope) => executeActivityCommand(envelope)),
      Effect.map(commandReplyOf),
    ),
  );

const patrolRouteCommand = (name: PatrolRouteCommand["type"]) =>
  serveCommand(endpoints[name], (envelope) =>
    executePatrolRouteCommand(envelope as CommandEnvelope<PatrolRouteCommand>).pipe(
      Effect.map(commandReplyOf),
    ),
  );

/**
 * The activities service: activities and participation (活动 / 微志愿) and patrol
 * routes and patrols (护河巡河). Every command of `activityDecider`,
 * `patrolRouteDecider` and `patrolDecider` is an endpoint
 * (`cs.<community>.activities.<Command>`), decided with the policy in force (the
 * `PolicyBook`) and the couriers' facts from the registry, with the queries of
 * `activitiesContract` — among them `GetActivityFacts`, which the wishes service decides
 * the wish-lighting event (点亮微心愿) with.
 *
 * Consumers: `consent-withdrawn` (a courier's `ConsentWithdrawn` → their sign-ups
 * cancelled), and `activities`, `patrol-routes` and `patrols` (rows caught up from the
 * stored aggregates). Timers: `complete-activities` (a started activity completed once
 * check-in has closed) and `rotate-check-in-codes` (as the policy's
 * `checkInCodeRotationMinutes` says).
 *
 * It needs a store, the `PolicyBook`, `StationIds` and a `CheckInCodeSource`, and the
 * registry on the bus for couriers' facts.
 *
 * @example
 * await runMain({
 *   services: [activitiesService()],
 *   layer: (config) => Layer.mergeAll(storeLayerFor(config.store), PolicyBook.fromRegistry(…), …),
 * });
 */
export const activitiesService = (options: ActivitiesServiceOptions = {}) =>
  defineService({
    name: "activities",
    version: packageJson.version,
    description: activitiesContract.description,
    endpoints: [
      activityCommand("PlanActivity"),
      activityCommand("UpdateActivityDetails"),
      activityCommand("PublishActivity"),
      checkInCodeCommand("StartActivity"),
      checkInCodeCommand("RotateCheckInCode"),
      activityCommand("CancelActivity"),
      activityCommand("CompleteActivity"),
      activityCommand("SignUpForActivity"),
      activityCommand("CancelSignUp"),
      activityCommand("CheckInToActivity"),
      activityCommand("CheckOutOfActivity"),
      activityCommand("RecordWalkIns"),
      activityCommand("ConfirmAttendance"),
      activityCommand("MarkNoShows"),
      patrolRouteCommand("PublishPatrolRoute"),
      patrolRouteCommand("RevisePatrolRoute"),
      patrolRouteCommand("SuspendPatrolRoute"),
      patrolRouteCommand("ResumePatrolRoute"),
      patrolRouteCommand("RetirePatrolRoute"),
      serveCommand(endpoints.CheckInAtCheckpoint, (request) =>
        executePatrolCheckIn(request).pipe(Effect.map(commandReplyOf)),
      ),
      serveQuery(endpoints.ListUpcomingActivities, ({ actor, ...query }, context) =>
        upcomingActivities(actor, context.community, query),
      ),
      serveQuery(endpoints.ListActivitiesOfMonth, ({ actor: _actor, ...query }, context) =>
        activitiesOfMonth(context.community, query),
      ),
      serveQuery(endpoints.GetActivity, ({ actor, activityId }, context) =>
        activityFor(actor, context.community, activityId),
      ),
      serveQuery(endpoints.ListActivityRoster, ({ actor: _actor, ...query }, context) =>
        rosterPage(context.community, query),
      ),
      serveQuery(endpoints.ListCourierActivities, ({ actor, ...query }, context) =>
        ownRecordsOnly(actor, query.courierId).pipe(
          Effect.zipRight(courierActivitiesPage(context.community, query)),
        ),
      ),
      serveQuery(endpoints.GetCourierVolunteerHours, ({ actor, courierId }, context) =>
        ownRecordsOnly(actor, courierId).pipe(
          Effect.zipRight(volunteerHoursOf(context.community, courierId as CourierId)),
        ),
      ),
      serveQuery(endpoints.GetActivityFacts, ({ activityId }, context) =>
        activityFactsFor(context.community, activityId),
      ),
      serveQuery(endpoints.ListPatrolRoutes, ({ actor: _actor, ...query }, context) =>
        patrolRoutesPage(context.community, query),
      ),
      serveQuery(endpoints.GetPatrolRoute, ({ routeId }, context) =>
        patrolRouteFor(context.community, routeId),
      ),
      serveQuery(endpoints.ListCourierPatrols, ({ actor, ...query }, context) =>
        ownRecordsOnly(actor, query.courierId).pipe(
          Effect.zipRight(courierPatrolsPage(context.community, query)),
        ),
      ),
    ],
    consumers: [
      consumer({
        name: "consent-withdrawn",
        events: [{ aggregate: "courier", type: "ConsentWithdrawn" }],
        handler: cancelSignUpsOnConsentWithdrawn,
      }),
      consumer({
        name: "activities",
        events: [{ aggregate: "activity" }],
        handler: (event) => followActivity(event),
      }),
      consumer({
        name: "patrol-routes",
        events: [{ aggregate: "patrolRoute" }],
        handler: (event) => followPatrolRoute(event),
      }),
      consumer({
        name: "patrols",
        events: [{ aggregate: "patrol" }],
        handler: (event) => followPatrol(event),
      }),
    ],
    timers: [
      timer({
        name: "complete-activities",
        everyMs: options.completionEveryMs ?? MINUTE,
        handler: (context) => completeDueActivities(context.log),
      }),
      timer({
        name: "rotate-check-in-codes",
        everyMs: options.rotationEveryMs ?? 15 * SECOND,
        handler: (context) => rotateDueCheckInCodes(context.log),
      }),
    ],
  });
