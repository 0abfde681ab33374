import {
  type CatalogueItemPublicViewSchema,
  type CatalogueRedemptionViewSchema,
  decisionTime,
  type SponsorPublicViewSchema,
  type SponsorView,
  type WishListItem,
  type WishPublicViewSchema,
  type WishSponsorViewSchema,
  type WishView,
} from "@courier-station/contracts";
import {
  type Actor,
  type CommunityPolicy,
  InvalidInput,
  localized,
  NotYourself,
  type SponsorId,
} from "@courier-station/core";
import {
  type FindOptions,
  type IndexedValue,
  type ReadModelDefinition,
  type ReadModelOrder,
  Store,
} from "@courier-station/kit";
import {
  CatalogueItemNotFound,
  type CatalogueItemState,
  type CatalogueRedemption,
  type CatalogueRedemptionState,
  catalogueRedemptionStatusNames,
  isCatalogueItemListed,
  isCatalogueRedemptionOpened,
  isWishDrafted,
  NotThisSponsor,
  RedemptionNotFound,
  SponsorNotFound,
  type SponsorState,
  sponsorPublicView,
  sponsorStaffView,
  type Wish,
  WishNotFound,
  type WishState,
  wishCategoryNames,
  wishPointsPrice,
  wishPublicView,
  wishSponsorView,
  wishStaffView,
  wishStatusNames,
} from "@courier-station/wishes";
import { Effect, Either, Option } from "effect";
import { policyAt } from "./commands.js";
import {
  catalogueItemKey,
  catalogueItemRows,
  catalogueRedemptionKey,
  catalogueRedemptionRows,
  sponsorKey,
  sponsorRows,
  wallRows,
  wishKey,
  wishRows,
} from "./read-models.js";

/** A page request of a list query. */
export interface PageRequest {
  readonly after?: string | undefined;
  readonly limit?: number | undefined;
}

/** A page of a list query's reply. */
export interface ListPage<Item> {
  readonly items: Item[];
  readonly next?: string;
}

// The packages' views have readonly arrays where the contract's inferred types are
// mutable; the shapes are the same, and the kit checks every reply against the contract.
const asReply = <Value>(value: object): Value => value as Value;

/** The version of a loaded record (0 when there is none): a single view's `version`, its ETag. */
const versionOf = (loaded: Option.Option<{ readonly version: number }>): number =>
  Option.match(loaded, { onNone: () => 0, onSome: (record) => record.version });

/** Staff, auditors and the system read everything a service holds about a wish or a sponsor. */
const isStaffSide = (actor: Actor): boolean =>
  actor.role === "staff" || actor.role === "auditor" || actor.role === "system";

/** A query whose filters may be left out (`undefined`): those are not filtered on. */
interface LooseQuery<Row> {
  readonly where: Readonly<Record<string, IndexedValue | undefined>>;
  readonly orderBy: ReadModelOrder<Row>;
}

const definedFilters = <Row>(where: LooseQuery<Row>["where"]): FindOptions<Row>["where"] =>
  Object.fromEntries(
    Object.entries(where).filter(([, value]) => value !== undefined),
  ) as FindOptions<Row>["where"];

/** A page of a read model's rows, mapped to the items of a reply (rows it maps to nothing are left out). */
const pageOf = <Row extends object, Item>(
  definition: ReadModelDefinition<Row>,
  query: LooseQuery<Row>,
  page: PageRequest,
  itemOf: (row: Row) => Item | undefined,
) =>
  Effect.gen(function* () {
    const store = yield* Store;
    const rows = yield* store.readModel(definition);
    const where = definedFilters<Row>(query.where);
    const found = yield* rows.find({
      orderBy: query.orderBy,
      ...(where === undefined ? {} : { where }),
      limit: page.limit ?? 50,
      ...(page.after === undefined ? {} : { after: page.after }),
    });
    const items = found.items.flatMap((item) => {
      const mapped = itemOf(item.document);
      return mapped === undefined ? [] : [mapped];
    });
    const reply: ListPage<Item> = {
      items,
      ...(found.next === undefined ? {} : { next: found.next }),
    };
    return reply;
  });

/**
 * The wish wall (心愿墙), newest first, read from the wall's rows, which hold the package's
 * `wishPublicView` and nothing else.
 *
 * @example
 * const page = yield* wishWallPage(community, { stationId: "wanda" }, { limit: 20 });
 */
export const wishWallPage = (
  community: string,
  filter: {
    readonly stationId?: string | undefined;
    readonly category?: string | undefined;
    readonly openToSponsors?: boolean | undefined;
  },
  page: PageRequest,
) =>
  pageOf(
    wallRows,
    {
      where: { community, shown: true, ...filter },
      orderBy: { field: "publishedAtMillis", direction: "descending" },
    },
    page,
    (row) => (row.card === null ? undefined : asReply<WishPublicViewSchema>(row.card)),
  );

/** A wish as a list shows it to its courier and to staff, with its points price now. */
export const wishListItemOf = (wish: Wish, policy: CommunityPolicy): WishListItem => {
  const price = wishPointsPrice(wish, policy);
  return {
    wishId: wish.wishId,
    courierId: wish.courierId,
    stationId: wish.stationId,
    ...(wish.activityId === undefined ? {} : { activityId: wish.activityId }),
    title: wish.title,
    description: wish.description,
    category: wish.category,
    categoryName: wishCategoryNames[wish.category],
    estimatedValueFen: wish.estimatedValueFen,
    funding: wish.funding,
    status: wish.status,
    statusName: wishStatusNames[wish.status],
    draftedAt: wish.draftedAt,
    ...(wish.submittedAt === undefined ? {} : { submittedAt: wish.submittedAt }),
    ...(wish.publishedAt === undefined ? {} : { publishedAt: wish.publishedAt }),
    ...(wish.expiresAt === undefined ? {} : { expiresAt: wish.expiresAt }),
    ...(wish.dueAt === undefined ? {} : { dueAt: wish.dueAt }),
    pledged: wish.pledge !== undefined,
    redeemed: wish.redemption !== undefined,
    holdConfirmed: wish.redemption?.confirmedAt !== undefined,
    ...(wish.rejection === undefined ? {} : { rejectionReason: wish.rejection.reason }),
    ...(price === undefined ? {} : { pointsPrice: price }),
    updatedAt: wish.updatedAt,
  } as WishListItem;
};

const policyNow = (community: string) =>
  Effect.flatMap(decisionTime, (now) => policyAt(community, now));

/**
 * Who may read a courier's own lists: staff and auditors any courier's; a courier their
 * own only (`courier.not_yourself`). A courier who names nobody asks for their own.
 */
export const courierWhoseListOf = (
  actor: Actor,
  courierId: string | undefined,
): Either.Either<string | undefined, NotYourself> => {
  if (actor.role !== "courier") return Either.right(courierId);
  if (courierId !== undefined && courierId !== actor.id) {
    return Either.left(new NotYourself({ courierId, actorId: actor.id }));
  }
  return Either.right(actor.id);
};

/**
 * A courier's own wishes, latest drafted first, in a status or all.
 *
 * @example
 * const page = yield* courierWishesPage(community, "c-1", undefined, { limit: 20 });
 */
export const courierWishesPage = (
  community: string,
  courierId: string | undefined,
  status: string | undefined,
  page: PageRequest,
) =>
  Effect.gen(function* () {
    const policy = yield* policyNow(community);
    return yield* pageOf(
      wishRows,
      {
        where: { community, courierId, status },
        orderBy: { field: "draftedAtMillis", direction: "descending" },
      },
      page,
      (row) => wishListItemOf(row.wish, policy),
    );
  });

/**
 * The moderation queue: wishes submitted (or approved and not yet published), oldest
 * submission first; at a station or all.
 *
 * @example
 * const queue = yield* moderationQueuePage(community, undefined, "submitted", {});
 */
export const moderationQueuePage = (
  community: string,
  stationId: string | undefined,
  status: string | undefined,
  page: PageRequest,
) =>
  Effect.gen(function* () {
    const policy = yield* policyNow(community);
    return yield* pageOf(
      wishRows,
      {
        where: { community, awaitingModeration: true, stationId, status },
        orderBy: { field: "submittedAtMillis" },
      },
      page,
      (row) => wishListItemOf(row.wish, policy),
    );
  });

/** The wishes linked to a wish-lighting event (点亮微心愿), in the order they were drafted. */
export const activityWishesPage = (community: string, activityId: string, page: PageRequest) =>
  Effect.gen(function* () {
    const policy = yield* policyNow(community);
    return yield* pageOf(
      wishRows,
      { where: { community, activityId }, orderBy: { field: "draftedAtMillis" } },
      page,
      (row) => wishListItemOf(row.wish, policy),
    );
  });

/**
 * Whose claims a reader may list: a sponsor their own only (`sponsor.not_yourself`), staff
 * and auditors any sponsor's, who must name one (`input.invalid` on `sponsorId`).
 */
export const sponsorWhoseClaimsOf = (
  actor: Actor,
  sponsorId: string | undefined,
): Either.Either<string, NotThisSponsor | InvalidInput> => {
  if (actor.role === "sponsor") {
    return sponsorId !== undefined && sponsorId !== actor.id
      ? Either.left(new NotThisSponsor({ sponsorId, actorId: actor.id }))
      : Either.right(actor.id);
  }
  return sponsorId === undefined
    ? Either.left(
        new InvalidInput({
          issues: [
            {
              path: ["sponsorId"],
              field: "sponsorId",
              code: "required",
              message: localized("须指明圆梦人", "name the sponsor"),
            },
          ],
        }),
      )
    : Either.right(sponsorId);
};

/**
 * A sponsor's claims, latest pledge first, each as that sponsor sees it
 * (`wishSponsorView`: their pledge, the contact arrangement, the courier's thanks).
 *
 * @example
 * const claims = yield* sponsorClaimsPage(community, "wanda-cafe", {});
 */
export const sponsorClaimsPage = (community: string, sponsorId: string, page: PageRequest) =>
  pageOf(
    wishRows,
    {
      where: { community, sponsorId },
      orderBy: { field: "pledgedAtMillis", direction: "descending" },
    },
    page,
    (row) => {
      const view = wishSponsorView(row.wish, sponsorId as SponsorId);
      return view === undefined ? undefined : asReply<WishSponsorViewSchema>(view);
    },
  );

/**
 * One wish as the reader may see it: staff, auditors, the system and its own courier the
 * staff view (`wishStaffView`); a sponsor `wishSponsorView`; anyone else `wishPublicView`
 * while it is on the wall. What the reader may not see is not found, as if it did not exist.
 *
 * @example
 * const view = yield* wishViewFor(actor, community, "w-1");
 */
export const wishViewFor = (actor: Actor, community: string, wishId: string) =>
  Effect.gen(function* () {
    const store = yield* Store;
    const loaded = yield* store.load<WishState>(wishKey(community, wishId));
    const state = Option.match(loaded, {
      onNone: () => undefined,
      onSome: (record) => record.state,
    });
    if (state === undefined || !isWishDrafted(state)) {
      return yield* Effect.fail(new WishNotFound({ wishId }));
    }
    const version = versionOf(loaded);
    if (isStaffSide(actor) || (actor.role === "courier" && actor.id === state.courierId)) {
      const policy = yield* policyNow(community);
      const view = wishStaffView(state, policy);
      if (view !== undefined) return asReply<WishView>({ view: "staff", ...view, version });
    }
    if (actor.role === "sponsor") {
      const view = wishSponsorView(state, actor.id as SponsorId);
      if (view !== undefined) return asReply<WishView>({ view: "sponsor", ...view, version });
    }
    const view = wishPublicView(state);
    if (view === undefined) return yield* Effect.fail(new WishNotFound({ wishId }));
    return asReply<WishView>({ view: "public", ...view, version });
  });

/**
 * The catalogue: listed items, latest listed first, with their points price and the
 * units left (`catalogueItemPublicView`); at a station, or only those in stock.
 *
 * @example
 * const page = yield* cataloguePage(community, { stationId: "wanda", available: true }, {});
 */
export const cataloguePage = (
  community: string,
  filter: { readonly stationId?: string | undefined; readonly available?: boolean | undefined },
  page: PageRequest,
) =>
  pageOf(
    catalogueItemRows,
    {
      where: { community, listed: true, ...filter },
      orderBy: { field: "listedAtMillis", direction: "descending" },
    },
    page,
    (row) => (row.card === null ? undefined : asReply<CatalogueItemPublicViewSchema>(row.card)),
  );

/** Where an item's units are, for staff. */
export const catalogueItemStockOf = (community: string, itemId: string) =>
  Effect.gen(function* () {
    const store = yield* Store;
    const loaded = yield* store.load<CatalogueItemState>(catalogueItemKey(community, itemId));
    const state = Option.getOrUndefined(Option.map(loaded, (record) => record.state));
    if (state === undefined || !isCatalogueItemListed(state)) {
      return yield* Effect.fail(new CatalogueItemNotFound({ itemId }));
    }
    return {
      itemId: state.itemId,
      status: state.status,
      stock: state.stock,
      reserved: state.reserved,
      handedOver: state.handedOver,
      writtenOff: state.writtenOff,
      received: state.received,
      version: versionOf(loaded),
    };
  });

/** A redemption as its courier and staff see it. */
export const redemptionViewOf = (redemption: CatalogueRedemption): CatalogueRedemptionViewSchema =>
  asReply<CatalogueRedemptionViewSchema>({
    ...redemption,
    statusName: catalogueRedemptionStatusNames[redemption.status],
  });

/**
 * A courier's catalogue redemptions, latest first; open ones (to pick up) or all.
 *
 * @example
 * const page = yield* courierRedemptionsPage(community, "c-1", true, {});
 */
export const courierRedemptionsPage = (
  community: string,
  courierId: string | undefined,
  open: boolean | undefined,
  page: PageRequest,
) =>
  pageOf(
    catalogueRedemptionRows,
    {
      where: { community, courierId, open },
      orderBy: { field: "openedAtMillis", direction: "descending" },
    },
    page,
    (row) => redemptionViewOf(row.redemption),
  );

/**
 * One catalogue redemption, for its courier (their own only: another's is not found) and
 * staff.
 */
export const redemptionFor = (actor: Actor, community: string, redemptionId: string) =>
  Effect.gen(function* () {
    const store = yield* Store;
    const loaded = yield* store.load<CatalogueRedemptionState>(
      catalogueRedemptionKey(community, redemptionId),
    );
    const state = Option.getOrUndefined(Option.map(loaded, (record) => record.state));
    if (
      state === undefined ||
      !isCatalogueRedemptionOpened(state) ||
      (actor.role === "courier" && actor.id !== state.courierId)
    ) {
      return yield* Effect.fail(new RedemptionNotFound({ redemptionId }));
    }
    return { ...redemptionViewOf(state), version: versionOf(loaded) };
  });

/** The community's sponsors as everyone sees them, latest registered first; active ones or all. */
export const sponsorsPage = (community: string, active: boolean | undefined, page: PageRequest) =>
  pageOf(
    sponsorRows,
    {
      where: { community, active },
      orderBy: { field: "registeredAtMillis", direction: "descending" },
    },
    page,
    (row) => asReply<SponsorPublicViewSchema>(row.card),
  );

/**
 * One sponsor as the reader may see them: staff, auditors, the system and the sponsor
 * themselves all of it (`sponsorStaffView`, contact included); anyone else the public page.
 */
export const sponsorViewFor = (actor: Actor, community: string, sponsorId: string) =>
  Effect.gen(function* () {
    const store = yield* Store;
    const loaded = yield* store.load<SponsorState>(sponsorKey(community, sponsorId));
    const state = Option.getOrUndefined(Option.map(loaded, (record) => record.state));
    if (state === undefined) return yield* Effect.fail(new SponsorNotFound({ sponsorId }));
    if (isStaffSide(actor) || (actor.role === "sponsor" && actor.id === sponsorId)) {
      const view = sponsorStaffView(state);
      if (view !== undefined) {
        return asReply<SponsorView>({ view: "staff", ...view, version: versionOf(loaded) });
      }
    }
    const view = sponsorPublicView(state);
    if (view === undefined) return yield* Effect.fail(new SponsorNotFound({ sponsorId }));
    return asReply<SponsorView>({ view: "public", ...view, version: versionOf(loaded) });
  });
