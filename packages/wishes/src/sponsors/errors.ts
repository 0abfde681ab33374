import { DomainError, localized } from "@courier-station/core";

/*
 * The refusals of the sponsor aggregate. Codes are `sponsor.snake_case` and never change
 * once published.
 */

/** A sponsor with this id is already registered. */
export class SponsorAlreadyRegistered extends DomainError("SponsorAlreadyRegistered", {
  code: "sponsor.already_registered",
  httpStatus: 409,
  text: (props: { readonly sponsorId: string }) =>
    localized(
      `圆梦人 ${props.sponsorId} 已登记`,
      `Sponsor ${props.sponsorId} is already registered`,
    ),
}) {}

/** No sponsor with this id is registered. */
export class SponsorNotFound extends DomainError("SponsorNotFound", {
  code: "sponsor.not_found",
  httpStatus: 404,
  text: (props: { readonly sponsorId: string }) =>
    localized(`找不到圆梦人 ${props.sponsorId}`, `Sponsor ${props.sponsorId} was not found`),
}) {}

/** A merchant sponsor needs their shop in the shopping district. */
export class SponsorShopRequired extends DomainError("SponsorShopRequired", {
  code: "sponsor.shop_required",
  httpStatus: 422,
  text: () =>
    localized("商户圆梦人须填写所在店铺", "A merchant sponsor needs their shop in the district"),
}) {}

/** A group of merchants needs at least two members. */
export class SponsorMembersRequired extends DomainError("SponsorMembersRequired", {
  code: "sponsor.members_required",
  httpStatus: 422,
  text: (props: { readonly count: number }) =>
    localized(
      `商户联盟至少需要 2 家成员商户（现有 ${props.count} 家）`,
      `A group of merchants needs at least two members (it has ${props.count})`,
    ),
}) {}

/** A sponsor may only change their own profile. */
export class NotThisSponsor extends DomainError("NotThisSponsor", {
  code: "sponsor.not_yourself",
  httpStatus: 403,
  text: (props: { readonly sponsorId: string; readonly actorId: string }) =>
    localized(
      `${props.actorId} 不能修改圆梦人 ${props.sponsorId} 的资料`,
      `${props.actorId} may not change the profile of sponsor ${props.sponsorId}`,
    ),
}) {}

/** An update that changes nothing. */
export class NothingToUpdate extends DomainError("NothingToUpdate", {
  code: "sponsor.nothing_to_update",
  httpStatus: 422,
  text: () => localized("没有需要修改的内容", "Nothing to change was given"),
}) {}

/** The sponsor is already inactive. */
export class SponsorAlreadyInactive extends DomainError("SponsorAlreadyInactive", {
  code: "sponsor.already_inactive",
  httpStatus: 422,
  text: (props: { readonly sponsorId: string }) =>
    localized(`圆梦人 ${props.sponsorId} 已停用`, `Sponsor ${props.sponsorId} is already inactive`),
}) {}

/** The sponsor is already active. */
export class SponsorAlreadyActive extends DomainError("SponsorAlreadyActive", {
  code: "sponsor.already_active",
  httpStatus: 422,
  text: (props: { readonly sponsorId: string }) =>
    localized(
      `圆梦人 ${props.sponsorId} 已在参与中`,
      `Sponsor ${props.sponsorId} is already active`,
    ),
}) {}

/** Thanks can only be recorded for a wish the sponsor fulfilled (recorded first). */
export class ThanksWithoutSponsoredWish extends DomainError("ThanksWithoutSponsoredWish", {
  code: "sponsor.wish_not_sponsored",
  httpStatus: 422,
  text: (props: { readonly sponsorId: string; readonly wishId: string }) =>
    localized(
      `圆梦人 ${props.sponsorId} 没有已记录的心愿 ${props.wishId}`,
      `Sponsor ${props.sponsorId} has no recorded wish ${props.wishId}`,
    ),
}) {}

/** Every refusal of the sponsor aggregate. */
export type SponsorError =
  | SponsorAlreadyRegistered
  | SponsorNotFound
  | SponsorShopRequired
  | SponsorMembersRequired
  | NotThisSponsor
  | NothingToUpdate
  | SponsorAlreadyInactive
  | SponsorAlreadyActive
  | ThanksWithoutSponsoredWish;
