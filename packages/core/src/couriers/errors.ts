import { DomainError } from "../kernel/errors.js";
import { type LocalizedText, localized } from "../kernel/localized-text.js";
import type { CourierStatus } from "./facts.js";

/** The names of the courier statuses in each language. */
export const courierStatusNames: Readonly<Record<CourierStatus, LocalizedText>> = {
  registered: localized("待审核", "registered (awaiting verification)"),
  active: localized("已激活", "active"),
  rejected: localized("已驳回", "rejected"),
  suspended: localized("已暂停", "suspended"),
  left: localized("已退出", "left"),
};

/** A step of the courier lifecycle, named in errors. */
export type CourierStep =
  | "verify"
  | "reject"
  | "suspend"
  | "reinstate"
  | "leave"
  | "update-profile"
  | "correct-personal-data"
  | "give-consent"
  | "withdraw-consent"
  | "join-team"
  | "leave-team";

const stepNames: Readonly<Record<CourierStep, readonly [string, string]>> = {
  verify: ["审核通过", "verify"],
  reject: ["驳回", "reject"],
  suspend: ["暂停", "suspend"],
  reinstate: ["恢复", "reinstate"],
  leave: ["退出", "take out of the programme"],
  "update-profile": ["修改资料", "update the profile of"],
  "correct-personal-data": ["更正个人信息", "correct the personal data of"],
  "give-consent": ["记录同意", "record the consent of"],
  "withdraw-consent": ["撤回同意", "withdraw the consent of"],
  "join-team": ["加入志愿服务队", "add to the volunteer team"],
  "leave-team": ["退出志愿服务队", "take off the volunteer team"],
};

/** A courier with this id is already registered. */
export class CourierAlreadyRegistered extends DomainError("CourierAlreadyRegistered", {
  code: "courier.already_registered",
  httpStatus: 409,
  text: (props: { readonly courierId: string }) =>
    localized(`小哥 ${props.courierId} 已报到`, `Courier ${props.courierId} is already registered`),
}) {}

/**
 * The mobile number is already registered in this community. The other courier is not
 * named: whoever types a number must not learn who holds it.
 */
export class MobileNumberAlreadyRegistered extends DomainError("MobileNumberAlreadyRegistered", {
  code: "courier.mobile_already_registered",
  httpStatus: 409,
  text: () =>
    localized(
      "该手机号码已在本社区报到，请勿重复报到；如需帮助请联系驿站工作人员",
      "This mobile number is already registered in this community; ask the station staff for help",
    ),
}) {}

/** No courier with this id has registered. */
export class CourierNotFound extends DomainError("CourierNotFound", {
  code: "courier.not_found",
  httpStatus: 404,
  text: (props: { readonly courierId: string }) =>
    localized(`找不到小哥 ${props.courierId}`, `Courier ${props.courierId} was not found`),
}) {}

/** The courier's status does not allow this step. */
export class CourierTransitionNotAllowed extends DomainError("CourierTransitionNotAllowed", {
  code: "courier.transition_not_allowed",
  httpStatus: 422,
  text: (props: {
    readonly courierId: string;
    readonly status: CourierStatus;
    readonly step: CourierStep;
  }) => {
    const [zhCN, en] = stepNames[props.step];
    const status = courierStatusNames[props.status];
    return localized(
      `小哥 ${props.courierId} 当前状态为“${status["zh-CN"]}”，不能${zhCN}`,
      `Courier ${props.courierId} is ${status.en}; cannot ${en} them`,
    );
  },
}) {}

/** Staff cannot verify a courier who has not consented to the current data-processing notice. */
export class ConsentRequired extends DomainError("ConsentRequired", {
  code: "courier.consent_required",
  httpStatus: 422,
  text: (props: { readonly courierId: string; readonly policyVersion: string }) =>
    localized(
      `小哥 ${props.courierId} 尚未同意个人信息处理告知（版本 ${props.policyVersion}），不能审核通过`,
      `Courier ${props.courierId} has not consented to the data-processing notice (version ${props.policyVersion}); cannot verify`,
    ),
}) {}

/** Consent was given to a version of the notice that is not the community's current one. */
export class ConsentVersionMismatch extends DomainError("ConsentVersionMismatch", {
  code: "courier.consent_version_mismatch",
  httpStatus: 422,
  text: (props: { readonly given: string; readonly current: string }) =>
    localized(
      `同意的告知版本 ${props.given} 不是本社区当前版本 ${props.current}，请阅读最新告知后再同意`,
      `Consent was given to version ${props.given}, but the community's notice is version ${props.current}; read the current notice and consent again`,
    ),
}) {}

/** There is no consent in force to withdraw. */
export class ConsentNotGiven extends DomainError("ConsentNotGiven", {
  code: "courier.consent_not_given",
  httpStatus: 422,
  text: (props: { readonly courierId: string }) =>
    localized(
      `小哥 ${props.courierId} 当前没有有效的同意记录`,
      `Courier ${props.courierId} has no consent in force`,
    ),
}) {}

/** Only active couriers may take this step (join the volunteer team). */
export class CourierNotActive extends DomainError("CourierNotActive", {
  code: "courier.not_active",
  httpStatus: 422,
  text: (props: { readonly courierId: string; readonly status: CourierStatus }) =>
    localized(
      `小哥 ${props.courierId} 当前状态为“${courierStatusNames[props.status]["zh-CN"]}”，只有已激活的小哥才能加入志愿服务队`,
      `Courier ${props.courierId} is ${courierStatusNames[props.status].en}; only active couriers join the volunteer team`,
    ),
}) {}

/** The courier is already in the volunteer team. */
export class AlreadyVolunteer extends DomainError("AlreadyVolunteer", {
  code: "courier.already_volunteer",
  httpStatus: 422,
  text: (props: { readonly courierId: string }) =>
    localized(
      `小哥 ${props.courierId} 已是e哥志愿服务队成员`,
      `Courier ${props.courierId} is already in the volunteer team`,
    ),
}) {}

/** The courier is not in the volunteer team. */
export class NotVolunteer extends DomainError("NotVolunteer", {
  code: "courier.not_volunteer",
  httpStatus: 422,
  text: (props: { readonly courierId: string }) =>
    localized(
      `小哥 ${props.courierId} 不是e哥志愿服务队成员`,
      `Courier ${props.courierId} is not in the volunteer team`,
    ),
}) {}

/** A courier may only act for themselves. */
export class NotYourself extends DomainError("NotYourself", {
  code: "courier.not_yourself",
  httpStatus: 403,
  text: (props: { readonly courierId: string; readonly actorId: string }) =>
    localized(
      `小哥只能办理本人事项：${props.actorId} 不是 ${props.courierId}`,
      `A courier may only act for themselves: ${props.actorId} is not ${props.courierId}`,
    ),
}) {}

/** The courier's personal data was erased; nothing more can be done for them. */
export class CourierErased extends DomainError("CourierErased", {
  code: "courier.erased",
  httpStatus: 422,
  text: (props: { readonly courierId: string }) =>
    localized(
      `小哥 ${props.courierId} 的个人信息已删除，不能再办理`,
      `The personal data of courier ${props.courierId} was erased; nothing more can be done for them`,
    ),
}) {}

/** The courier belongs to another community. */
export class CourierInAnotherCommunity extends DomainError("CourierInAnotherCommunity", {
  code: "courier.other_community",
  httpStatus: 403,
  text: (props: { readonly courierId: string; readonly community: string }) =>
    localized(
      `小哥 ${props.courierId} 不属于社区“${props.community}”`,
      `Courier ${props.courierId} does not belong to community "${props.community}"`,
    ),
}) {}

/** The community's policy has couriers registered by staff only. */
export class SelfRegistrationClosed extends DomainError("SelfRegistrationClosed", {
  code: "courier.self_registration_closed",
  httpStatus: 422,
  text: () =>
    localized(
      "本社区小哥报到须由驿站工作人员办理",
      "In this community, couriers are registered by the station staff",
    ),
}) {}

/**
 * Why sealed personal data does not open:
 * - `unknown-key`: it names a seal key the deployment does not hold (retired too early);
 * - `not-authentic`: the key does not open it for this courier and community: it was
 *   changed, it was copied from another courier's record, or the secret is wrong;
 * - `malformed`: it is not a seal at all.
 */
export type PersonalDataUnreadableReason = "unknown-key" | "not-authentic" | "malformed";

const unreadableReasons: Readonly<
  Record<PersonalDataUnreadableReason, (keyId: string) => readonly [string, string]>
> = {
  "unknown-key": (keyId) => [
    `本部署没有其加密密钥“${keyId}”`,
    `this deployment does not hold its key "${keyId}"`,
  ],
  "not-authentic": () => [
    "数据已被改动，或属于另一位小哥或另一社区",
    "it was changed, or it belongs to another courier or community",
  ],
  malformed: () => ["格式无法识别", "it is not in a known format"],
};

/**
 * The courier's sealed personal data does not open with the deployment's seal keys
 * for this courier (see {@link PersonalDataUnreadableReason}). A deployment fault or
 * tampering, refused rather than overwriting data nobody can read.
 */
export class PersonalDataUnreadable extends DomainError("PersonalDataUnreadable", {
  code: "courier.personal_data_unreadable",
  httpStatus: 422,
  text: (props: {
    readonly courierId: string;
    readonly reason: PersonalDataUnreadableReason;
    /** The key the value names, when it is not held. */
    readonly keyId?: string;
  }) => {
    const [zhCN, en] = unreadableReasons[props.reason](props.keyId ?? "");
    return localized(
      `小哥 ${props.courierId} 的个人信息无法解密：${zhCN}。请联系系统管理员`,
      `The personal data of courier ${props.courierId} cannot be opened: ${en}. Ask the system administrator`,
    );
  },
}) {}

/**
 * The courier withdrew their consent to data processing and has not consented again:
 * they are not processed, so staff cannot verify them or add them to the volunteer team.
 */
export class CourierConsentWithdrawn extends DomainError("CourierConsentWithdrawn", {
  code: "courier.consent_withdrawn",
  httpStatus: 422,
  text: (props: { readonly courierId: string; readonly step: CourierStep }) => {
    const [zhCN, en] = stepNames[props.step];
    return localized(
      `小哥 ${props.courierId} 已撤回个人信息处理同意，重新同意前不能${zhCN}`,
      `Courier ${props.courierId} has withdrawn their consent to data processing; cannot ${en} them until they consent again`,
    );
  },
}) {}

/**
 * The `system` erases a courier's personal data only when the community's policy makes
 * it automatic and the grace period after the consent was withdrawn has passed
 * (`automaticErasureDueAt`); the courier and staff erase on request at any time.
 */
export class ErasureNotDue extends DomainError("ErasureNotDue", {
  code: "courier.erasure_not_due",
  httpStatus: 422,
  text: (props: { readonly courierId: string; readonly dueAt?: string }) =>
    props.dueAt === undefined
      ? localized(
          `小哥 ${props.courierId} 的个人信息不适用自动删除（未撤回同意，或本社区政策不自动删除）`,
          `The personal data of courier ${props.courierId} is not up for automatic erasure (consent not withdrawn, or the community's policy does not erase automatically)`,
        )
      : localized(
          `小哥 ${props.courierId} 的个人信息须在 ${props.dueAt} 之后才自动删除`,
          `The personal data of courier ${props.courierId} is not erased automatically before ${props.dueAt}`,
        ),
}) {}

/** Every refusal of the courier decider. */
export type CourierError =
  | CourierAlreadyRegistered
  | MobileNumberAlreadyRegistered
  | CourierNotFound
  | CourierTransitionNotAllowed
  | ConsentRequired
  | ConsentVersionMismatch
  | ConsentNotGiven
  | CourierNotActive
  | AlreadyVolunteer
  | NotVolunteer
  | NotYourself
  | CourierErased
  | CourierInAnotherCommunity
  | SelfRegistrationClosed
  | PersonalDataUnreadable
  | CourierConsentWithdrawn
  | ErasureNotDue;
