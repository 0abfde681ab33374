import { courierPermissions } from "../access/permissions.js";
import type { Decider } from "../kernel/decider.js";
import type { CourierCommand } from "./commands.js";
import { type CourierDecisionContext, decideCourier } from "./decide.js";
import type { CourierError } from "./errors.js";
import type { CourierEvent } from "./events.js";
import { evolveCourier } from "./evolve.js";
import { type CourierState, initialCourierState } from "./state.js";

/**
 * The courier decider (小哥报到): registration, consent, verification by staff,
 * suspension, leaving, erasure of personal data, the volunteer team (e哥志愿服务队) and
 * no-shows. Its stream is `courier-<courierId>`.
 *
 * @example
 * const outcome = handleCommand(courierDecider, record, envelope, {
 *   clock, ids,
 *   facts: {
 *     policy,
 *     mobileKeyOf: (number) => mobileNumberKey(number, secret),
 *     registeredMobileKeys: (key) => mobileIndex.get(key),
 *     personalData: personalDataSeal(secret),
 *   },
 * });
 */
export const courierDecider: Decider<
  CourierCommand,
  CourierState,
  CourierEvent,
  CourierError,
  CourierDecisionContext
> = {
  aggregate: "courier",
  idOf: (command) => command.data.courierId,
  permissions: courierPermissions,
  initialState: initialCourierState,
  decide: decideCourier,
  evolve: evolveCourier,
};

export * from "./commands.js";
export { automaticErasureDueAt, isAutomaticErasureDue } from "./consent-withdrawal.js";
export { type CourierDecisionContext, decideCourier } from "./decide.js";
export * from "./errors.js";
export * from "./events.js";
export { evolveCourier } from "./evolve.js";
export { CourierFacts, CourierStatus } from "./facts.js";
export {
  MOBILE_KEY_SECRET_MIN_BYTES,
  MobileKey,
  MobileNumber,
  maskMobileNumber,
  mobileNumberKey,
  normaliseMobileNumber,
} from "./mobile-number.js";
export { courierPseudonym, erasePersonalData } from "./personal-data.js";
export {
  DEFAULT_SEAL_KEY_ID,
  PERSONAL_DATA_SECRET_MIN_BYTES,
  type PersonalDataOwner,
  type PersonalDataSeal,
  type PersonalDataSealKey,
  type PersonalDataSealKeys,
  personalDataSeal,
} from "./sealed-personal-data.js";
export {
  type Courier,
  type CourierHistoryEntry,
  type CourierState,
  initialCourierState,
  isRegistered as isCourierRegistered,
  type NoShowRecord,
} from "./state.js";
export * from "./values.js";
export {
  type CourierOwnHistoryEntry,
  type CourierOwnView,
  type CourierPublicView,
  type CourierSponsorView,
  type CourierStaffView,
  courierFacts,
  courierOwnView,
  courierPublicView,
  courierSponsorView,
  courierStaffView,
  isCourierErased,
} from "./views.js";
