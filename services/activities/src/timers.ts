import { decisionTime, PolicyBook } from "@courier-station/contracts";
import {
  type ActivityCommand,
  type ActivityState,
  activityCompletionDueAt,
  type CommandEnvelope,
  type CommandId,
  type CommunityId,
  derivedId,
  type Instant,
  isActivityPlanned,
  isBefore,
  isCheckInCodeRotationDue,
  millisOf,
  systemActor,
} from "@courier-station/core";
import { type Logger, Store, type StoreFailure } from "@courier-station/kit";
import { Effect, Either, Option } from "effect";
import type { CheckInCodeSource } from "./check-in-codes.js";
import { activityKey, executeActivityCommand, withCheckInCode } from "./commands.js";
import { codeOf, isPassing } from "./flows.js";
import { activityRows } from "./read-models.js";

/** How many started activities one run of a timer looks at, at most. */
const batch = 200;

/**
 * The command id of an automatic completion: one per activity, so a timer that runs
 * again (or in another instance after a crash) sends the same command.
 */
export const completionCommandId = (community: string, activityId: string): string =>
  derivedId("activities-complete", community, activityId);

/**
 * The command id of an automatic rotation: one per activity and code replaced (named by
 * when it was first shown), so a retry sends the same command — with the code its first
 * attempt chose, read from its receipt — and the next rotation a new one.
 */
export const rotationCommandId = (community: string, activityId: string, since: Instant): string =>
  derivedId("activities-rotate-check-in-code", community, activityId, since);

/** Loads an activity if it is started. */
const startedActivity = (community: string, activityId: string) =>
  Effect.gen(function* () {
    const store = yield* Store;
    const record = yield* store.load<ActivityState>(activityKey(community, activityId));
    if (Option.isNone(record)) return undefined;
    const state = record.value.state;
    if (!isActivityPlanned(state) || state.status !== "started") return undefined;
    return state;
  });

/**
 * Sends a command of a timer as the `system`; a refusal is logged (the next run looks
 * again), a failure that passes fails the run.
 */
const send = (
  log: Logger,
  activityId: string,
  envelope: Effect.Effect<
    CommandEnvelope<ActivityCommand>,
    StoreFailure,
    Store | CheckInCodeSource
  >,
) =>
  Effect.gen(function* () {
    const outcome = yield* Effect.flatMap(envelope, (ready) => executeActivityCommand(ready)).pipe(
      Effect.either,
    );
    if (Either.isRight(outcome)) return;
    if (isPassing(outcome.left)) return yield* Effect.fail(outcome.left);
    log.warn({ activityId, code: codeOf(outcome.left) }, "a timer's command was refused");
  });

/**
 * One run of the completion timer: every started activity whose check-in has closed
 * (`activityCompletionDueAt` under the policy in force now) is completed by the `system`
 * — those there confirmed with the activity's hours, those only signed up marked
 * no-shows. Started activities are read by their end, earliest first; none ending
 * later than now can be due.
 */
export const completeDueActivities = (log: Logger) =>
  Effect.gen(function* () {
    const store = yield* Store;
    const book = yield* PolicyBook;
    const rows = yield* store.readModel(activityRows);
    const now = yield* decisionTime;
    const page = yield* rows.find({
      where: { status: "started" },
      orderBy: { field: "endsAtMillis" },
      limit: batch,
    });
    for (const { document: row } of page.items) {
      if (row.endsAtMillis > millisOf(now)) break;
      const state = yield* startedActivity(row.community, row.activityId);
      if (state === undefined) continue;
      const { policy } = yield* book.inForceAt(row.community, now);
      const dueAt = activityCompletionDueAt(state, policy);
      if (dueAt === undefined || isBefore(now, dueAt)) continue;
      yield* send(
        log,
        state.activityId,
        Effect.succeed({
          commandId: completionCommandId(row.community, row.activityId) as CommandId,
          community: row.community as CommunityId,
          actor: systemActor("activities-completion"),
          command: { type: "CompleteActivity", data: { activityId: state.activityId } },
        }),
      );
    }
  });

/**
 * One run of the rotation timer: every started activity whose community's policy in
 * force rotates codes and whose code is due (`checkInCodeRotationDueAt`) gets a new one
 * from the service, as the `system`; the previous code works for the grace minutes.
 */
export const rotateDueCheckInCodes = (log: Logger) =>
  Effect.gen(function* () {
    const store = yield* Store;
    const book = yield* PolicyBook;
    const rows = yield* store.readModel(activityRows);
    const now = yield* decisionTime;
    let after: string | undefined;
    do {
      const page = yield* rows.find({
        where: { status: "started" },
        ...(after === undefined ? {} : { after }),
        limit: batch,
      });
      for (const { document: row } of page.items) {
        const { policy } = yield* book.inForceAt(row.community, now);
        if (policy.activities.checkInCodeRotationMinutes === undefined) continue;
        const state = yield* startedActivity(row.community, row.activityId);
        if (state === undefined) continue;
        const since = state.checkInCodes?.since ?? state.startedAt;
        if (since === undefined || !isCheckInCodeRotationDue(state, policy, now)) continue;
        yield* send(
          log,
          state.activityId,
          // The service chooses the code, or reuses the one an earlier attempt chose.
          withCheckInCode({
            commandId: rotationCommandId(row.community, row.activityId, since) as CommandId,
            community: row.community as CommunityId,
            actor: systemActor("activities-check-in-codes"),
            command: { type: "RotateCheckInCode", data: { activityId: state.activityId } },
          }),
        );
      }
      after = page.next;
    } while (after !== undefined);
  });
