import { DomainError } from "../../kernel/errors.js";
import { localized } from "../../kernel/localized-text.js";
import type { InvalidPolicy } from "../../policy/parse.js";

/** A community with this id is already registered. */
export class CommunityAlreadyRegistered extends DomainError("CommunityAlreadyRegistered", {
  code: "community.already_registered",
  httpStatus: 409,
  text: (props: { readonly communityId: string }) =>
    localized(
      `社区“${props.communityId}”已注册`,
      `Community "${props.communityId}" is already registered`,
    ),
}) {}

/** No community with this id is registered. */
export class CommunityNotFound extends DomainError("CommunityNotFound", {
  code: "community.not_found",
  httpStatus: 404,
  text: (props: { readonly communityId: string }) =>
    localized(`找不到社区“${props.communityId}”`, `Community "${props.communityId}" was not found`),
}) {}

/**
 * The command names another community than the one it is sent for: a community is
 * managed only through its own commands (and NATS subjects).
 */
export class CommunityMismatch extends DomainError("CommunityMismatch", {
  code: "community.mismatch",
  httpStatus: 403,
  text: (props: { readonly communityId: string; readonly community: string }) =>
    localized(
      `指令针对社区“${props.communityId}”，却发往社区“${props.community}”`,
      `The command is for community "${props.communityId}" but was sent for community "${props.community}"`,
    ),
}) {}

/** The community already has a policy version of this name: versions are never replaced. */
export class PolicyVersionTaken extends DomainError("PolicyVersionTaken", {
  code: "community.policy_version_taken",
  httpStatus: 409,
  text: (props: { readonly policyVersion: string }) =>
    localized(
      `政策版本“${props.policyVersion}”已存在，请使用新的版本号`,
      `Policy version "${props.policyVersion}" already exists; give the new version its own name`,
    ),
}) {}

/**
 * A policy version may not take effect in the past: decisions already taken under the
 * version then in force would silently have been taken under other rules.
 */
export class PolicyEffectiveInPast extends DomainError("PolicyEffectiveInPast", {
  code: "community.policy_effective_in_past",
  httpStatus: 422,
  text: (props: { readonly effectiveFrom: string; readonly now: string }) =>
    localized(
      `政策版本的生效时间 ${props.effectiveFrom} 早于当前时间 ${props.now}，不能追溯生效`,
      `A policy version cannot take effect in the past (${props.effectiveFrom} is before ${props.now})`,
    ),
}) {}

/** Versions take effect in the order they are published: each after the latest one. */
export class PolicyEffectiveBeforeLatest extends DomainError("PolicyEffectiveBeforeLatest", {
  code: "community.policy_effective_before_latest",
  httpStatus: 422,
  text: (props: {
    readonly effectiveFrom: string;
    readonly latestVersion: string;
    readonly latestEffectiveFrom: string;
  }) =>
    localized(
      `新政策版本须晚于最新版本“${props.latestVersion}”（${props.latestEffectiveFrom} 生效）生效，而不是 ${props.effectiveFrom}`,
      `A new policy version must take effect after the latest one, "${props.latestVersion}" (from ${props.latestEffectiveFrom}), not at ${props.effectiveFrom}`,
    ),
}) {}

/** Every refusal of the community decider. */
export type CommunityError =
  | CommunityAlreadyRegistered
  | CommunityNotFound
  | CommunityMismatch
  | PolicyVersionTaken
  | PolicyEffectiveInPast
  | PolicyEffectiveBeforeLatest
  | InvalidPolicy;
