import { CatalogueItemId, type StationId, type WishPolicy } from "@courier-station/core";
import { pointsPriceOf } from "../holds.js";
import { type CatalogueDonor, ListCatalogueItem } from "./commands.js";

/**
 * An item a community stocks its reward catalogue (积分商品) with: what it is, what it is
 * worth and how many units to start with. Its points price comes from its value at the
 * policy's rate (`wishes.pointsPerYuan`), the same rate wishes are redeemed at, so a
 * courier sees one price for a thing whether they wish for it or take it from the shelf.
 */
export interface CatalogueOffer {
  /** A short key, unique in the catalogue; the item id is made of it and the station's. */
  readonly key: string;
  readonly title: string;
  readonly description: string;
  /** What one unit is worth, in fen (分). */
  readonly valueFen: number;
  /** Units to list. */
  readonly stock: number;
  /** The most units one courier may redeem in all; absent: no limit. */
  readonly limitPerCourier?: number;
}

/**
 * The Jinshan programme's starting catalogue: the things couriers asked for most, from a
 * towel set to a bicycle. At the Jinshan rate (one point per yuan) a towel set costs 15
 * points, a helmet 89 — about a month of regular volunteering — and the bicycle 299, three
 * or four months of it (see `PointsPolicy` in `@courier-station/core` for the earning side).
 *
 * @example
 * jinshanCatalogue.find((offer) => offer.key === "bicycle")?.valueFen; // 29_900
 */
export const jinshanCatalogue: ReadonlyArray<CatalogueOffer> = [
  {
    key: "towel-set",
    title: "毛巾套装",
    description: "纯棉毛巾两条，驿站洗漱用",
    valueFen: 1_500,
    stock: 50,
  },
  {
    key: "phone-mount",
    title: "电动车手机支架",
    description: "防抖防雨，看导航不用手拿手机",
    valueFen: 2_500,
    stock: 30,
    limitPerCourier: 2,
  },
  {
    key: "raincoat",
    title: "骑手分体雨衣",
    description: "带反光条，雨天送餐更安全",
    valueFen: 5_900,
    stock: 30,
    limitPerCourier: 1,
  },
  {
    key: "helmet",
    title: "安全头盔",
    description: "国标 3C 认证电动车头盔",
    valueFen: 8_900,
    stock: 20,
    limitPerCourier: 1,
  },
  {
    key: "power-bank",
    title: "充电宝",
    description: "20000 毫安时，一天的接单电量",
    valueFen: 9_900,
    stock: 20,
    limitPerCourier: 1,
  },
  {
    key: "bicycle",
    title: "通勤自行车",
    description: "26 寸变速自行车，上下班或接送孩子",
    valueFen: 29_900,
    stock: 3,
    limitPerCourier: 1,
  },
];

/**
 * The points price of a catalogue offer at the policy's rate: its value in yuan times
 * `pointsPerYuan`, rounded up (the price of a wish of the same value).
 *
 * @example
 * catalogueOfferPrice({ valueFen: 29_900, … }, jinshanPolicy().wishes); // 299
 */
export const catalogueOfferPrice = (
  offer: Pick<CatalogueOffer, "valueFen">,
  policy: WishPolicy,
): number => pointsPriceOf(offer.valueFen, policy);

/**
 * The `ListCatalogueItem` commands that stock a station's catalogue with offers, priced at
 * the policy's rate. Each item id is the station's (or `itemIdPrefix`) and the offer's key
 * (`wanda-bicycle`), so listing the same catalogue twice names the same items; a prefix
 * too long for an id (64 characters in all) is refused by the id's schema.
 *
 * @example
 * for (const command of catalogueListings(jinshanCatalogue, policy.wishes, {
 *   stationId, donor: { kind: "community" },
 * })) send(staff, command);
 */
export const catalogueListings = (
  offers: ReadonlyArray<CatalogueOffer>,
  policy: WishPolicy,
  listing: {
    readonly stationId: StationId;
    readonly donor: CatalogueDonor;
    /** What item ids start with; the station id by default. */
    readonly itemIdPrefix?: string;
  },
): ReadonlyArray<ListCatalogueItem> =>
  offers.map((offer) =>
    // Parsed, so an offer that breaks a rule of the command (a title too long) fails here.
    ListCatalogueItem.parse({
      type: "ListCatalogueItem",
      data: {
        itemId: catalogueOfferItemId(listing.itemIdPrefix ?? listing.stationId, offer.key),
        title: offer.title,
        description: offer.description,
        pointsPrice: catalogueOfferPrice(offer, policy),
        stock: offer.stock,
        stationId: listing.stationId,
        donor: listing.donor,
        ...(offer.limitPerCourier === undefined ? {} : { limitPerCourier: offer.limitPerCourier }),
      },
    }),
  );

/**
 * The id of an offer's item: `<prefix>-<key>`, the prefix being a station id usually.
 * Throws (the id's schema) when the two do not make an id.
 *
 * @example
 * catalogueOfferItemId("wanda", "bicycle"); // "wanda-bicycle"
 */
export const catalogueOfferItemId = (prefix: string, key: string): CatalogueItemId =>
  CatalogueItemId.parse(`${prefix}-${key}`);
