import { DomainError } from "../../kernel/errors.js";
import { localized } from "../../kernel/localized-text.js";

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

/** Every refusal of the community decider. */
export type CommunityError = CommunityAlreadyRegistered | CommunityNotFound | CommunityMismatch;
