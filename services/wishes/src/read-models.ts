import type { AggregateRecord, CommunityId, Instant } from "@courier-station/core";
import { millisOf } from "@courier-station/core";
import {
  defineReadModel,
  type InvalidDocument,
  type ReadModelApi,
  type ReadModelDefinition,
  Store,
  type StoreFailure,
} from "@courier-station/kit";
import {
  type CatalogueItemPublicView,
  type CatalogueItemState,
  type CatalogueRedemption,
  type CatalogueRedemptionState,
  catalogueItemDecider,
  catalogueItemPublicView,
  catalogueRedemptionDecider,
  isCatalogueItemListed,
  isCatalogueRedemptionOpened,
  isOpenWishStatus,
  isWishDrafted,
  maskContactDetails,
  nextCatalogueRedemptionTimer,
  nextWishTimer,
  type SponsorPublicView,
  type SponsorState,
  sponsorDecider,
  sponsorPublicView,
  type Wish,
  type WishPublicView,
  type WishState,
  wishDecider,
  wishPublicView,
} from "@courier-station/wishes";
import { Effect, Option } from "effect";

/*
 * The wishes service's read models. Every row is a pure function of one aggregate's state
 * at a version, written right after a command by the endpoint and again by the consumer
 * of the service's own events, and replaced only by a row made at a higher version, so
 * the two never undo each other and a crash between a command and its row loses nothing.
 *
 * The wall's rows and the sponsors' and catalogue's public rows hold the packages' public
 * views and nothing else: what the public lists are read from cannot hold a courier's id.
 */

/** The store key of an aggregate of this service. */
export const aggregateKey = (community: string, aggregate: string, id: string) => ({
  // The kit checked the envelope's community against the request's subject.
  community: community as CommunityId,
  aggregate,
  id,
});

/** The store key of a wish. */
export const wishKey = (community: string, wishId: string) =>
  aggregateKey(community, wishDecider.aggregate, wishId);
/** The store key of a sponsor. */
export const sponsorKey = (community: string, sponsorId: string) =>
  aggregateKey(community, sponsorDecider.aggregate, sponsorId);
/** The store key of a catalogue item. */
export const catalogueItemKey = (community: string, itemId: string) =>
  aggregateKey(community, catalogueItemDecider.aggregate, itemId);
/** The store key of a catalogue redemption. */
export const catalogueRedemptionKey = (community: string, redemptionId: string) =>
  aggregateKey(community, catalogueRedemptionDecider.aggregate, redemptionId);

/** The id of a row: ids are unique within a community and an aggregate. */
export const rowId = (community: string, id: string): string => `${community}:${id}`;

const millisOrNull = (instant: Instant | undefined): number | null =>
  instant === undefined ? null : millisOf(instant);

/**
 * A wish as the courier's and staff's lists and the timers read it: its state at a
 * version with the courier's own words masked of contact details (a list never shows a
 * phone number typed into a description, and a courier's erasure leaves none behind),
 * and indexed fields for each list and the timer.
 */
export interface WishRow {
  readonly community: string;
  readonly wishId: string;
  readonly version: number;
  readonly status: string;
  readonly courierId: string;
  readonly stationId: string;
  readonly activityId: string | null;
  /** The sponsor whose pledge the wish holds (now, or when it was handed over). */
  readonly sponsorId: string | null;
  readonly open: boolean;
  /** Submitted, or approved and not yet published: a moderator's work. */
  readonly awaitingModeration: boolean;
  readonly draftedAtMillis: number;
  readonly submittedAtMillis: number | null;
  readonly pledgedAtMillis: number | null;
  readonly updatedAtMillis: number;
  /** Whether a timer is due at `timerAtMillis` (`nextWishTimer`). */
  readonly hasTimer: boolean;
  readonly timerAtMillis: number | null;
  readonly wish: Wish;
}

/** The wishes: a courier's own, a sponsor's claims, the moderation queue, an event's wishes, the timer. */
export const wishRows: ReadModelDefinition<WishRow> = defineReadModel<WishRow>({
  name: "wishes_wishes",
  indexes: {
    community: "string",
    status: "string",
    courierId: "string",
    stationId: "string",
    activityId: "string",
    sponsorId: "string",
    open: "boolean",
    awaitingModeration: "boolean",
    draftedAtMillis: "number",
    submittedAtMillis: "number",
    pledgedAtMillis: "number",
    updatedAtMillis: "number",
    hasTimer: "boolean",
    timerAtMillis: "number",
  },
});

/**
 * A wish with the courier's own words masked of contact details: title, description,
 * the reason they cancelled, their thanks and every note of its history.
 */
export const maskedWish = (wish: Wish): Wish => ({
  ...wish,
  title: maskContactDetails(wish.title),
  description: maskContactDetails(wish.description),
  ...(wish.cancellation?.reason === undefined
    ? {}
    : {
        cancellation: {
          ...wish.cancellation,
          reason: maskContactDetails(wish.cancellation.reason),
        },
      }),
  ...(wish.thanks?.note === undefined
    ? {}
    : { thanks: { ...wish.thanks, note: maskContactDetails(wish.thanks.note) } }),
  history: wish.history.map((entry) =>
    entry.note === undefined ? entry : { ...entry, note: maskContactDetails(entry.note) },
  ),
});

/**
 * A wish's row from its state at a version; `undefined` before it is drafted.
 *
 * @example
 * wishRowOf(record.community, record.state, record.version);
 */
export const wishRowOf = (
  community: string,
  state: WishState,
  version: number,
): WishRow | undefined => {
  if (!isWishDrafted(state)) return undefined;
  const timer = nextWishTimer(state);
  const sponsor = state.pledge?.funder.kind === "sponsor" ? state.pledge.funder.sponsorId : null;
  return {
    community,
    wishId: state.wishId,
    version,
    status: state.status,
    courierId: state.courierId,
    stationId: state.stationId,
    activityId: state.activityId ?? null,
    sponsorId: sponsor,
    open: isOpenWishStatus(state.status),
    awaitingModeration: state.status === "submitted" || state.status === "approved",
    draftedAtMillis: millisOf(state.draftedAt),
    submittedAtMillis: millisOrNull(state.submittedAt),
    pledgedAtMillis: millisOrNull(state.pledge?.pledgedAt),
    updatedAtMillis: millisOf(state.updatedAt),
    hasTimer: timer !== undefined,
    timerAtMillis: timer === undefined ? null : millisOf(timer.at),
    wish: maskedWish(state),
  };
};

/**
 * A wish as the wall (心愿墙) reads it: the package's `wishPublicView` and nothing else
 * (no courier id), with the fields the wall filters and orders by. A wish off the wall
 * keeps a row without a card, so a late row of an older version cannot put it back.
 */
export interface WallRow {
  readonly community: string;
  readonly wishId: string;
  readonly version: number;
  readonly shown: boolean;
  readonly stationId: string | null;
  readonly category: string | null;
  readonly openToSponsors: boolean;
  readonly publishedAtMillis: number | null;
  readonly card: WishPublicView | null;
}

/** The wish wall. */
export const wallRows: ReadModelDefinition<WallRow> = defineReadModel<WallRow>({
  name: "wishes_wall",
  indexes: {
    community: "string",
    shown: "boolean",
    stationId: "string",
    category: "string",
    openToSponsors: "boolean",
    publishedAtMillis: "number",
  },
});

/**
 * A wish's wall row from its state at a version, built from `wishPublicView` alone;
 * `undefined` before it is drafted.
 */
export const wallRowOf = (
  community: string,
  state: WishState,
  version: number,
): WallRow | undefined => {
  if (!isWishDrafted(state)) return undefined;
  const card = wishPublicView(state);
  if (card === undefined) {
    return {
      community,
      wishId: state.wishId,
      version,
      shown: false,
      stationId: null,
      category: null,
      openToSponsors: false,
      publishedAtMillis: null,
      card: null,
    };
  }
  return {
    community,
    wishId: card.wishId,
    version,
    shown: true,
    stationId: card.stationId,
    category: card.category,
    openToSponsors: card.openToSponsors,
    publishedAtMillis: millisOrNull(card.publishedAt),
    card,
  };
};

/** A sponsor as the public list reads them: `sponsorPublicView` and whether they are active. */
export interface SponsorRow {
  readonly community: string;
  readonly sponsorId: string;
  readonly version: number;
  readonly active: boolean;
  readonly registeredAtMillis: number;
  readonly card: SponsorPublicView;
}

/** The community's sponsors. */
export const sponsorRows: ReadModelDefinition<SponsorRow> = defineReadModel<SponsorRow>({
  name: "wishes_sponsors",
  indexes: { community: "string", active: "boolean", registeredAtMillis: "number" },
});

/** A sponsor's row from their state at a version; `undefined` before they are registered. */
export const sponsorRowOf = (
  community: string,
  state: SponsorState,
  version: number,
): SponsorRow | undefined => {
  const card = sponsorPublicView(state);
  if (card === undefined || state.status === "none") return undefined;
  return {
    community,
    sponsorId: card.sponsorId,
    version,
    active: card.active,
    registeredAtMillis: millisOf(state.registeredAt),
    card,
  };
};

/**
 * A catalogue item as the catalogue reads it: `catalogueItemPublicView` (never who
 * redeemed it), or no card once withdrawn.
 */
export interface CatalogueItemRow {
  readonly community: string;
  readonly itemId: string;
  readonly version: number;
  readonly listed: boolean;
  readonly stationId: string;
  readonly available: boolean;
  readonly listedAtMillis: number;
  readonly card: CatalogueItemPublicView | null;
}

/** The reward catalogue. */
export const catalogueItemRows: ReadModelDefinition<CatalogueItemRow> =
  defineReadModel<CatalogueItemRow>({
    name: "wishes_catalogue",
    indexes: {
      community: "string",
      listed: "boolean",
      stationId: "string",
      available: "boolean",
      listedAtMillis: "number",
    },
  });

/** A catalogue item's row from its state at a version; `undefined` before it is listed. */
export const catalogueItemRowOf = (
  community: string,
  state: CatalogueItemState,
  version: number,
): CatalogueItemRow | undefined => {
  if (!isCatalogueItemListed(state)) return undefined;
  const card = catalogueItemPublicView(state) ?? null;
  return {
    community,
    itemId: state.itemId,
    version,
    listed: card !== null,
    stationId: state.stationId,
    available: card?.available ?? false,
    listedAtMillis: millisOf(state.listedAt),
    card,
  };
};

/** A catalogue redemption as its courier's list and the pickup timer read it. */
export interface CatalogueRedemptionRow {
  readonly community: string;
  readonly redemptionId: string;
  readonly version: number;
  readonly status: string;
  readonly courierId: string;
  readonly itemId: string;
  /** Requested or ready: not yet picked up, cancelled, expired or failed. */
  readonly open: boolean;
  readonly openedAtMillis: number;
  readonly hasTimer: boolean;
  readonly timerAtMillis: number | null;
  readonly redemption: CatalogueRedemption;
}

/** The catalogue redemptions. */
export const catalogueRedemptionRows: ReadModelDefinition<CatalogueRedemptionRow> =
  defineReadModel<CatalogueRedemptionRow>({
    name: "wishes_redemptions",
    indexes: {
      community: "string",
      status: "string",
      courierId: "string",
      itemId: "string",
      open: "boolean",
      openedAtMillis: "number",
      hasTimer: "boolean",
      timerAtMillis: "number",
    },
  });

/** A redemption's row from its state at a version; `undefined` before it is opened. */
export const catalogueRedemptionRowOf = (
  community: string,
  state: CatalogueRedemptionState,
  version: number,
): CatalogueRedemptionRow | undefined => {
  if (!isCatalogueRedemptionOpened(state)) return undefined;
  const timer = nextCatalogueRedemptionTimer(state);
  return {
    community,
    redemptionId: state.redemptionId,
    version,
    status: state.status,
    courierId: state.courierId,
    itemId: state.itemId,
    open: state.status === "requested" || state.status === "ready",
    openedAtMillis: millisOf(state.openedAt),
    hasTimer: timer !== undefined,
    timerAtMillis: timer === undefined ? null : millisOf(timer.at),
    redemption: state,
  };
};

/**
 * Writes a row made at an aggregate's version unless the row there is as new or newer;
 * a race with another writer is settled by the revision, then decided again.
 *
 * @example
 * yield* upsertIfNewer(wishRows, rowId(community, wishId), row);
 */
export const upsertIfNewer = <Row extends { readonly version: number }>(
  definition: ReadModelDefinition<Row>,
  id: string,
  row: Row,
): Effect.Effect<void, StoreFailure | InvalidDocument, Store> =>
  Effect.gen(function* () {
    const store = yield* Store;
    const rows: ReadModelApi<Row> = yield* store.readModel(definition);
    for (let attempt = 1; ; attempt++) {
      const existing = yield* rows.get(id);
      if (Option.isSome(existing) && existing.value.document.version >= row.version) return;
      const written = yield* rows
        .upsert(id, row, {
          expectedRevision: Option.match(existing, {
            onNone: () => 0,
            onSome: (found) => found.revision,
          }),
        })
        .pipe(Effect.either);
      if (written._tag === "Right") return;
      const failure = written.left;
      if (failure._tag !== "RevisionConflict") return yield* Effect.fail(failure);
      // Writers racing on one row write the same content for one version; many in a row
      // winning against this one means something is wrong.
      if (attempt >= 10) return yield* Effect.die(failure);
    }
  });

type RowWrite = Effect.Effect<void, StoreFailure | InvalidDocument, Store>;

/** Writes a wish's rows (its list row and its wall row) from a record of it. */
export const writeWishRows = (record: AggregateRecord<WishState>): RowWrite =>
  Effect.gen(function* () {
    const row = wishRowOf(record.community, record.state, record.version);
    if (row !== undefined) yield* upsertIfNewer(wishRows, rowId(record.community, row.wishId), row);
    const wall = wallRowOf(record.community, record.state, record.version);
    if (wall !== undefined) {
      yield* upsertIfNewer(wallRows, rowId(record.community, wall.wishId), wall);
    }
  });

/** Writes a sponsor's row from a record of them. */
export const writeSponsorRow = (record: AggregateRecord<SponsorState>): RowWrite => {
  const row = sponsorRowOf(record.community, record.state, record.version);
  return row === undefined
    ? Effect.void
    : upsertIfNewer(sponsorRows, rowId(record.community, row.sponsorId), row);
};

/** Writes a catalogue item's row from a record of it. */
export const writeCatalogueItemRow = (record: AggregateRecord<CatalogueItemState>): RowWrite => {
  const row = catalogueItemRowOf(record.community, record.state, record.version);
  return row === undefined
    ? Effect.void
    : upsertIfNewer(catalogueItemRows, rowId(record.community, row.itemId), row);
};

/** Writes a catalogue redemption's row from a record of it. */
export const writeCatalogueRedemptionRow = (
  record: AggregateRecord<CatalogueRedemptionState>,
): RowWrite => {
  const row = catalogueRedemptionRowOf(record.community, record.state, record.version);
  return row === undefined
    ? Effect.void
    : upsertIfNewer(catalogueRedemptionRows, rowId(record.community, row.redemptionId), row);
};
