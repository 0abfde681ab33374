import { Either } from "effect";
import { accept, type Decision, type DecisionContext, refuse } from "../kernel/decider.js";
import type { CourierId } from "../kernel/ids.js";
import { addMillis, DAY } from "../kernel/time.js";
import type { CommunityPolicy } from "../policy/schema.js";
import type { CourierCommand } from "./commands.js";
import { automaticErasureDueAt, isAutomaticErasureDue } from "./consent-withdrawal.js";
import {
  AlreadyVolunteer,
  ConsentNotGiven,
  ConsentRequired,
  ConsentVersionMismatch,
  CourierAlreadyRegistered,
  CourierConsentWithdrawn,
  CourierErased,
  type CourierError,
  CourierInAnotherCommunity,
  CourierNotActive,
  CourierNotFound,
  type CourierStep,
  CourierTransitionNotAllowed,
  ErasureNotDue,
  MobileNumberAlreadyRegistered,
  NotVolunteer,
  NotYourself,
  SelfRegistrationClosed,
} from "./errors.js";
import type { CourierEvent, CourierProfileUpdated } from "./events.js";
import type { CourierStatus } from "./facts.js";
import type { MobileKey, MobileNumber } from "./mobile-number.js";
import { courierPseudonym } from "./personal-data.js";
import type { PersonalDataSeal } from "./sealed-personal-data.js";
import { type Courier, type CourierState, isErased, isRegistered } from "./state.js";

/**
 * The decision context of couriers: the community policy, the community's index of
 * registered mobile numbers, which the service fills from its unique index, and the
 * seal of personal data.
 *
 * The deployment secrets never enter the domain: the service passes `mobileKeyOf` and
 * `personalData`, which close over them.
 *
 * @example
 * const context: Omit<CourierDecisionContext, keyof DecisionContext> = {
 *   policy,
 *   mobileKeyOf: (number) => mobileNumberKey(number, secret),
 *   registeredMobileKeys: (key) => index.get(`${community}:${key}`),
 *   personalData: personalDataSeal(secret),
 * };
 */
export interface CourierDecisionContext extends DecisionContext {
  readonly policy: CommunityPolicy;
  /** The keyed hash of a normalised number: `(number) => mobileNumberKey(number, secret)`. */
  readonly mobileKeyOf: (mobileNumber: MobileNumber) => MobileKey;
  /** The courier of this community registered with this key, if any (erased couriers excluded). */
  readonly registeredMobileKeys: (key: MobileKey) => CourierId | undefined;
  /**
   * Seals personal data for events and state, and opens it to compare a correction:
   * `personalDataSeal(secret)`. No raw number or real name is ever in an event.
   */
  readonly personalData: PersonalDataSeal;
}

type CourierDecision = Decision<CourierEvent, CourierError>;

/** The statuses in which a courier is still in the programme. */
const inProgramme: ReadonlySet<CourierStatus> = new Set(["registered", "active", "suspended"]);

const transition = (courier: Courier, step: CourierStep): CourierDecision =>
  refuse(
    new CourierTransitionNotAllowed({ courierId: courier.courierId, status: courier.status, step }),
  );

const mobileNumberTaken = (
  number: MobileNumber,
  courierId: CourierId,
  context: CourierDecisionContext,
): { readonly key: MobileKey; readonly taken: boolean } => {
  const key = context.mobileKeyOf(number);
  const holder = context.registeredMobileKeys(key);
  return { key, taken: holder !== undefined && holder !== courierId };
};

// Leaving the programme also leaves the volunteer team, as its own event, so that
// read models of the team need not know every way out of the programme.
const leaving = (
  courier: Courier,
  context: CourierDecisionContext,
  reason: string | undefined,
): CourierEvent[] => {
  const by = context.actor.id;
  const at = context.now;
  const events: CourierEvent[] = [];
  if (courier.volunteerTeamMember) {
    events.push({
      type: "VolunteerTeamLeft",
      data: { courierId: courier.courierId, leftBy: by, leftAt: at },
    });
  }
  events.push({
    type: "CourierLeft",
    data: {
      courierId: courier.courierId,
      ...(reason === undefined ? {} : { reason }),
      leftBy: by,
      leftAt: at,
    },
  });
  return events;
};

const sameWorkArea = (a: Courier["workArea"], b: Courier["workArea"] | null): boolean =>
  JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

const sameList = (a: ReadonlyArray<string>, b: ReadonlyArray<string>): boolean =>
  a.length === b.length && a.every((entry) => b.includes(entry));

const decideForCourier = (
  command: Exclude<CourierCommand, { type: "RegisterCourier" }>,
  courier: Courier,
  context: CourierDecisionContext,
): CourierDecision => {
  const { policy, now } = context;
  const by = context.actor.id;
  const courierId = courier.courierId;
  switch (command.type) {
    case "GiveConsent": {
      if (!inProgramme.has(courier.status)) return transition(courier, "give-consent");
      const current = policy.general.consentPolicyVersion;
      if (command.data.policyVersion !== current) {
        return refuse(new ConsentVersionMismatch({ given: command.data.policyVersion, current }));
      }
      if (courier.consent?.policyVersion === current) return accept();
      return accept({
        type: "ConsentGiven",
        data: { courierId, policyVersion: current, givenAt: now, recordedBy: by },
      });
    }
    case "WithdrawConsent": {
      if (courier.consent === undefined) return refuse(new ConsentNotGiven({ courierId }));
      const automaticErasureAt = automaticErasureDueAt(
        { ...courier, consentWithdrawnAt: now },
        policy,
      );
      return accept({
        type: "ConsentWithdrawn",
        data: {
          courierId,
          policyVersion: courier.consent.policyVersion,
          withdrawnAt: now,
          recordedBy: by,
          ...(automaticErasureAt === undefined ? {} : { automaticErasureAt }),
        },
      });
    }
    case "VerifyCourier": {
      if (courier.status !== "registered") return transition(courier, "verify");
      if (courier.consentWithdrawnAt !== undefined) {
        return refuse(new CourierConsentWithdrawn({ courierId, step: "verify" }));
      }
      const required = policy.general.consentPolicyVersion;
      const consented = courier.consent?.policyVersion === required;
      if (policy.couriers.consentRequiredForVerification && !consented) {
        return refuse(new ConsentRequired({ courierId, policyVersion: required }));
      }
      return accept({
        type: "CourierVerified",
        data: {
          courierId,
          verifiedBy: by,
          verifiedAt: now,
          ...(consented ? { consentPolicyVersion: required } : {}),
        },
      });
    }
    case "RejectCourier":
      if (courier.status !== "registered") return transition(courier, "reject");
      return accept({
        type: "CourierRejected",
        data: { courierId, reason: command.data.reason, rejectedBy: by, rejectedAt: now },
      });
    case "SuspendCourier":
      if (courier.status !== "active") return transition(courier, "suspend");
      return accept({
        type: "CourierSuspended",
        data: { courierId, reason: command.data.reason, suspendedBy: by, suspendedAt: now },
      });
    case "ReinstateCourier":
      if (courier.status !== "suspended") return transition(courier, "reinstate");
      return accept({
        type: "CourierReinstated",
        data: { courierId, reason: command.data.reason, reinstatedBy: by, reinstatedAt: now },
      });
    case "LeaveProgramme":
      if (!inProgramme.has(courier.status)) return transition(courier, "leave");
      return accept(...leaving(courier, context, command.data.reason));
    case "UpdateCourierProfile": {
      if (!inProgramme.has(courier.status)) return transition(courier, "update-profile");
      const { nickname, platforms, employment, workArea, partyMember, stationId } = command.data;
      const changes: Omit<CourierProfileUpdated["data"], "courierId" | "updatedBy" | "updatedAt"> =
        {
          ...(nickname !== undefined && nickname !== courier.nickname ? { nickname } : {}),
          ...(platforms !== undefined && !sameList(platforms, courier.platforms)
            ? { platforms }
            : {}),
          ...(employment !== undefined && employment !== courier.employment ? { employment } : {}),
          ...(workArea !== undefined && !sameWorkArea(courier.workArea, workArea)
            ? { workArea }
            : {}),
          ...(partyMember !== undefined && partyMember !== courier.partyMember
            ? { partyMember }
            : {}),
          ...(stationId !== undefined && stationId !== courier.stationId ? { stationId } : {}),
        };
      // Nothing differs: a no-op, not a refusal, so a form saved twice is fine.
      if (Object.keys(changes).length === 0) return accept();
      return accept({
        type: "CourierProfileUpdated",
        data: { courierId, ...changes, updatedBy: by, updatedAt: now },
      });
    }
    case "CorrectPersonalData": {
      if (!inProgramme.has(courier.status)) return transition(courier, "correct-personal-data");
      // Not erased here, so the personal data is the sealed kind.
      if (courier.personal.kind !== "sealed") return refuse(new CourierErased({ courierId }));
      const owner = { community: courier.community, courierId };
      const opened = context.personalData.open(courier.personal, owner);
      if (Either.isLeft(opened)) return refuse(opened.left);
      const current = opened.right;
      const corrected = {
        realName: command.data.realName ?? current.realName,
        mobileNumber: command.data.mobileNumber ?? current.mobileNumber,
      };
      if (
        corrected.realName === current.realName &&
        corrected.mobileNumber === current.mobileNumber
      ) {
        return accept();
      }
      let mobileKey = courier.mobileKey;
      if (corrected.mobileNumber !== current.mobileNumber) {
        const lookup = mobileNumberTaken(corrected.mobileNumber, courierId, context);
        if (lookup.taken) return refuse(new MobileNumberAlreadyRegistered());
        mobileKey = lookup.key;
      }
      return accept({
        type: "PersonalDataCorrected",
        data: {
          courierId,
          personal: context.personalData.seal(corrected, owner),
          mobileKey,
          correctedBy: by,
          correctedAt: now,
        },
      });
    }
    case "EraseCourierPersonalData": {
      // The courier and staff erase on request; the system only when the policy's
      // grace period after a withdrawn consent has passed.
      if (context.actor.role === "system" && !isAutomaticErasureDue(courier, policy, now)) {
        const dueAt = automaticErasureDueAt(courier, policy);
        return refuse(new ErasureNotDue({ courierId, ...(dueAt === undefined ? {} : { dueAt }) }));
      }
      const events = inProgramme.has(courier.status) ? leaving(courier, context, undefined) : [];
      events.push({
        type: "CourierPersonalDataErased",
        data: { courierId, pseudonym: courierPseudonym(courierId), erasedBy: by, erasedAt: now },
      });
      return accept(...events);
    }
    case "JoinVolunteerTeam":
      if (courier.status !== "active") {
        return refuse(new CourierNotActive({ courierId, status: courier.status }));
      }
      if (courier.volunteerTeamMember) return refuse(new AlreadyVolunteer({ courierId }));
      if (courier.consentWithdrawnAt !== undefined) {
        return refuse(new CourierConsentWithdrawn({ courierId, step: "join-team" }));
      }
      return accept({
        type: "VolunteerTeamJoined",
        data: { courierId, joinedBy: by, joinedAt: now },
      });
    case "LeaveVolunteerTeam":
      if (!courier.volunteerTeamMember) return refuse(new NotVolunteer({ courierId }));
      return accept({
        type: "VolunteerTeamLeft",
        data: {
          courierId,
          ...(command.data.reason === undefined ? {} : { reason: command.data.reason }),
          leftBy: by,
          leftAt: now,
        },
      });
    case "RecordNoShow": {
      // A no-show of someone no longer (or not yet) taking part changes nothing; the
      // flow that sends it is done either way.
      if (courier.status !== "active" && courier.status !== "suspended") return accept();
      if (courier.noShows.activityIds.includes(command.data.activityId)) return accept();
      // A courier who withdrew consent is not processed (their sign-ups are cancelled);
      // a no-show that raced the cancellation counts for nothing.
      if (courier.consentWithdrawnAt !== undefined) return accept();
      const noShowCount = courier.noShows.count + 1;
      const recorded: CourierEvent = {
        type: "NoShowRecorded",
        data: { courierId, activityId: command.data.activityId, noShowCount, recordedAt: now },
      };
      if (noShowCount < policy.activities.noShowLimit) return accept(recorded);
      return accept<CourierEvent>(recorded, {
        type: "SignUpsPaused",
        data: {
          courierId,
          until: addMillis(now, policy.activities.noShowPauseDays * DAY),
          noShows: noShowCount,
          pausedAt: now,
        },
      });
    }
  }
};

/**
 * Every rule of couriers (小哥报到, e哥志愿服务队): registration with a unique mobile
 * number per community, consent before verification, withdrawn consent that stops the
 * courier being processed (no verification, no joining the team, no no-shows counted)
 * and makes erasure automatic when the policy says so, verification and rejection by
 * staff, suspension and reinstatement, leaving, profile and personal-data changes,
 * erasure, the volunteer team, and no-shows that pause sign-ups.
 *
 * Couriers act only for themselves; the community part of "staff of that community"
 * is checked by `authorize` in `handleCommand`.
 *
 * @example
 * decideCourier({ type: "VerifyCourier", data: { courierId } }, state, context);
 * // Either.right([{ type: "CourierVerified", data: { courierId, verifiedBy, verifiedAt } }])
 */
export const decideCourier = (
  command: CourierCommand,
  state: CourierState,
  context: CourierDecisionContext,
): CourierDecision => {
  const courierId = command.data.courierId;
  if (context.actor.role === "courier" && context.actor.id !== courierId) {
    return refuse(new NotYourself({ courierId, actorId: context.actor.id }));
  }
  if (command.type === "RegisterCourier") {
    if (isRegistered(state)) return refuse(new CourierAlreadyRegistered({ courierId }));
    const { policy } = context;
    if (context.actor.role === "courier" && !policy.couriers.selfRegistration) {
      return refuse(new SelfRegistrationClosed());
    }
    const data = command.data;
    const current = policy.general.consentPolicyVersion;
    if (data.consentPolicyVersion !== undefined && data.consentPolicyVersion !== current) {
      return refuse(new ConsentVersionMismatch({ given: data.consentPolicyVersion, current }));
    }
    const lookup = mobileNumberTaken(data.mobileNumber, courierId, context);
    if (lookup.taken) return refuse(new MobileNumberAlreadyRegistered());
    return accept({
      type: "CourierRegistered",
      data: {
        courierId,
        community: context.community,
        nickname: data.nickname,
        platforms: data.platforms,
        employment: data.employment,
        ...(data.workArea === undefined ? {} : { workArea: data.workArea }),
        partyMember: data.partyMember,
        ...(data.stationId === undefined ? {} : { stationId: data.stationId }),
        personal: context.personalData.seal(
          { realName: data.realName, mobileNumber: data.mobileNumber },
          { community: context.community, courierId },
        ),
        mobileKey: lookup.key,
        ...(data.consentPolicyVersion === undefined
          ? {}
          : { consent: { policyVersion: data.consentPolicyVersion, givenAt: context.now } }),
        registeredBy: context.actor.id,
        registeredAt: context.now,
      },
    });
  }
  if (!isRegistered(state)) return refuse(new CourierNotFound({ courierId }));
  if (state.community !== context.community) {
    return refuse(new CourierInAnotherCommunity({ courierId, community: context.community }));
  }
  if (isErased(state)) {
    // Erasure is final; sending it again, or a late no-show, changes nothing.
    if (command.type === "EraseCourierPersonalData" || command.type === "RecordNoShow") {
      return accept();
    }
    return refuse(new CourierErased({ courierId }));
  }
  return decideForCourier(command, state, context);
};
