import { DomainError, localized } from "@courier-station/core";
import { type ProhibitedItemKind, prohibitedItemKindNames } from "../prohibited-items.js";

/*
 * The refusals of the catalogue item aggregate. Codes are `catalogue.snake_case` and never
 * change once published.
 */

/** An item with this id is already listed. */
export class CatalogueItemAlreadyListed extends DomainError("CatalogueItemAlreadyListed", {
  code: "catalogue.item_already_listed",
  httpStatus: 409,
  text: (props: { readonly itemId: string }) =>
    localized(
      `积分商品 ${props.itemId} 已上架`,
      `Catalogue item ${props.itemId} is already listed`,
    ),
}) {}

/** No item with this id was listed. */
export class CatalogueItemNotFound extends DomainError("CatalogueItemNotFound", {
  code: "catalogue.item_not_found",
  httpStatus: 404,
  text: (props: { readonly itemId: string }) =>
    localized(`找不到积分商品 ${props.itemId}`, `Catalogue item ${props.itemId} was not found`),
}) {}

/** The item is not in the catalogue now (withdrawn), or already is (listed). */
export class CatalogueItemWrongStatus extends DomainError("CatalogueItemWrongStatus", {
  code: "catalogue.item_status",
  httpStatus: 422,
  text: (props: { readonly itemId: string; readonly status: "listed" | "withdrawn" }) =>
    props.status === "withdrawn"
      ? localized(
          `积分商品 ${props.itemId} 已下架`,
          `Catalogue item ${props.itemId} is withdrawn from the catalogue`,
        )
      : localized(
          `积分商品 ${props.itemId} 仍在架上`,
          `Catalogue item ${props.itemId} is still in the catalogue`,
        ),
}) {}

/** The item names something no catalogue item may be. */
export class ProhibitedCatalogueItem extends DomainError("ProhibitedCatalogueItem", {
  code: "catalogue.prohibited_item",
  httpStatus: 422,
  text: (props: { readonly kind: ProhibitedItemKind; readonly term: string }) => {
    const kind = prohibitedItemKindNames[props.kind];
    return localized(
      `积分商品不能是${kind["zh-CN"]}（“${props.term}”）`,
      `A catalogue item cannot be ${kind.en} ("${props.term}")`,
    );
  },
}) {}

/** A revision that changes nothing. */
export class NothingToRevise extends DomainError("NothingToRevise", {
  code: "catalogue.nothing_to_revise",
  httpStatus: 422,
  text: () => localized("没有需要修改的内容", "Nothing to change was given"),
}) {}

/** Not enough units in stock for a redemption or a write-off: stock never goes below zero. */
export class NotEnoughStock extends DomainError("NotEnoughStock", {
  code: "catalogue.not_enough_stock",
  httpStatus: 422,
  text: (props: { readonly itemId: string; readonly stock: number; readonly requested: number }) =>
    localized(
      `积分商品 ${props.itemId} 库存 ${props.stock} 件，不足 ${props.requested} 件`,
      `Catalogue item ${props.itemId} has ${props.stock} in stock, fewer than ${props.requested}`,
    ),
}) {}

/** Stock would exceed what can be counted. */
export class StockOverflow extends DomainError("StockOverflow", {
  code: "catalogue.stock_overflow",
  httpStatus: 422,
  text: (props: { readonly itemId: string }) =>
    localized(
      `积分商品 ${props.itemId} 库存超出上限`,
      `The stock of ${props.itemId} would overflow`,
    ),
}) {}

/** More units at once than the policy allows. */
export class QuantityOverLimit extends DomainError("QuantityOverLimit", {
  code: "catalogue.quantity_over_limit",
  httpStatus: 422,
  text: (props: { readonly quantity: number; readonly max: number }) =>
    localized(
      `一次最多兑换 ${props.max} 件（申请 ${props.quantity} 件）`,
      `At most ${props.max} units may be redeemed at once (asked for ${props.quantity})`,
    ),
}) {}

/** The courier already holds as many units of the item as it allows one courier. */
export class CourierLimitReached extends DomainError("CourierLimitReached", {
  code: "catalogue.courier_limit_reached",
  httpStatus: 422,
  text: (props: { readonly itemId: string; readonly held: number; readonly limit: number }) =>
    localized(
      `每位小哥最多兑换 ${props.limit} 件 ${props.itemId}（已兑换 ${props.held} 件）`,
      `Each courier may redeem at most ${props.limit} of ${props.itemId} (you have ${props.held})`,
    ),
}) {}

/** Only active couriers redeem. */
export class CatalogueCourierNotActive extends DomainError("CatalogueCourierNotActive", {
  code: "catalogue.courier_not_active",
  httpStatus: 422,
  text: (props: { readonly courierId: string; readonly status: string }) =>
    localized(
      `小哥 ${props.courierId} 当前状态为“${props.status}”，只有已激活的小哥才能兑换`,
      `Courier ${props.courierId} is ${props.status}; only active couriers can redeem`,
    ),
}) {}

/** The service did not give a fact the decision needs: a wiring error, never guessed. */
export class CatalogueFactsMissing extends DomainError("CatalogueFactsMissing", {
  code: "catalogue.facts_missing",
  httpStatus: 500,
  text: (props: { readonly fact: string }) =>
    localized(
      `缺少决策所需的信息“${props.fact}”，请稍后重试`,
      `The decision needs "${props.fact}", which the service did not provide; please try again later`,
    ),
}) {}

/** The courier's available points do not cover the total. */
export class InsufficientPointsForItem extends DomainError("InsufficientPointsForItem", {
  code: "catalogue.insufficient_points",
  httpStatus: 422,
  text: (props: { readonly available: number; readonly price: number }) =>
    localized(
      `可用积分 ${props.available}，兑换需要 ${props.price}`,
      `You have ${props.available} points available; redeeming needs ${props.price}`,
    ),
}) {}

/** The total is not what the courier was shown (the price changed). */
export class CataloguePriceChanged extends DomainError("CataloguePriceChanged", {
  code: "catalogue.points_price_changed",
  httpStatus: 422,
  text: (props: { readonly expected: number; readonly price: number }) =>
    localized(
      `兑换价格已变为 ${props.price} 积分（您看到的是 ${props.expected}），请确认后重试`,
      `The price is now ${props.price} points (you were shown ${props.expected}); please confirm and try again`,
    ),
}) {}

/** The redemption id was already used for another redemption. */
export class RedemptionIdTaken extends DomainError("RedemptionIdTaken", {
  code: "catalogue.redemption_id_taken",
  httpStatus: 409,
  text: (props: { readonly redemptionId: string }) =>
    localized(
      `兑换编号 ${props.redemptionId} 已用于另一笔兑换`,
      `The redemption id ${props.redemptionId} was already used for another redemption`,
    ),
}) {}

/** The item has no reservation under this redemption id. */
export class ReservationNotFound extends DomainError("ReservationNotFound", {
  code: "catalogue.reservation_not_found",
  httpStatus: 404,
  text: (props: { readonly itemId: string; readonly redemptionId: string }) =>
    localized(
      `积分商品 ${props.itemId} 没有兑换 ${props.redemptionId} 的预留`,
      `Catalogue item ${props.itemId} holds no reservation for ${props.redemptionId}`,
    ),
}) {}

/** The reservation was settled the other way (handed over, or released). */
export class ReservationAlreadySettled extends DomainError("ReservationAlreadySettled", {
  code: "catalogue.reservation_settled",
  httpStatus: 422,
  text: (props: { readonly redemptionId: string; readonly status: "completed" | "released" }) =>
    props.status === "completed"
      ? localized(
          `兑换 ${props.redemptionId} 的商品已交付，不能退回库存`,
          `The units of redemption ${props.redemptionId} were handed over and cannot return to stock`,
        )
      : localized(
          `兑换 ${props.redemptionId} 的预留已退回库存，不能再交付`,
          `The units of redemption ${props.redemptionId} went back to stock and cannot be handed over`,
        ),
}) {}

/** Every refusal of the catalogue item aggregate. */
export type CatalogueItemError =
  | CatalogueItemAlreadyListed
  | CatalogueItemNotFound
  | CatalogueItemWrongStatus
  | ProhibitedCatalogueItem
  | NothingToRevise
  | NotEnoughStock
  | StockOverflow
  | QuantityOverLimit
  | CourierLimitReached
  | CatalogueCourierNotActive
  | CatalogueFactsMissing
  | InsufficientPointsForItem
  | CataloguePriceChanged
  | RedemptionIdTaken
  | ReservationNotFound
  | ReservationAlreadySettled;
