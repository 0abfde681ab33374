import type {
  DistrictNoticeAudience,
  InboxBox,
  NoticeAbout,
  NoticeKind,
} from "@courier-station/contracts";
import type { CommunityId, Instant, Language, LocalizedText } from "@courier-station/core";
import {
  defineReadModel,
  type FindOptions,
  type InvalidDocument,
  maximumPageSize,
  type ReadModelApi,
  type ReadModelDefinition,
  Store,
  type StoredDocument,
  type StoreFailure,
} from "@courier-station/kit";
import { Effect, Option } from "effect";
import type { KnownSubject, NoticeRecipient } from "./notices.js";

/*
 * The notifications service keeps its state in read models only: notices are what the
 * other services' events made, not decisions of an aggregate of its own, and a courier's
 * erasure must be able to remove their inbox outright.
 */

/** How a notice fared on the outside channel: waiting to be sent, sent, or refused. */
export type OutsideStatus = "pending" | "sent" | "failed";

/** One notice in one inbox. */
export interface NoticeRow {
  readonly community: string;
  readonly noticeId: string;
  /** The inbox it is in: {@link inboxKeyOf} its recipient. */
  readonly inbox: string;
  readonly box: InboxBox;
  readonly recipient: NoticeRecipient;
  /** The station a staff-desk notice is for; null when none or unknown. */
  readonly stationId: string | null;
  readonly kind: NoticeKind;
  readonly about: NoticeAbout;
  readonly title: LocalizedText;
  readonly body: LocalizedText;
  /** The event that made it. */
  readonly eventId: string;
  readonly eventType: string;
  /** The event's time. */
  readonly createdAt: Instant;
  readonly createdAtMillis: number;
  readonly read: boolean;
  readonly readAt: Instant | null;
  readonly outside: OutsideStatus;
  /** The language it went to the outside channel in, once it went. */
  readonly outsideLanguage: Language | null;
  /** When a district notice leaves the inbox; absent or null: never (every other notice). */
  readonly expiresAt?: Instant | null;
}

/** Notices by id; an inbox's, newest first, read or unread. */
export const noticeRows: ReadModelDefinition<NoticeRow> = defineReadModel<NoticeRow>({
  name: "notices",
  indexes: {
    community: "string",
    inbox: "string",
    read: "boolean",
    stationId: "string",
    kind: "string",
    createdAtMillis: "number",
  },
});

/** The id of a notice's row. */
export const noticeRowId = (community: string, noticeId: string): string =>
  `${community}:${noticeId}`;

/**
 * The inbox a recipient's notices are in: `courier:c-1`, `handler:h-river`, … for a
 * person, `staff-desk` for the community's staff desk.
 *
 * @example
 * inboxKeyOf({ kind: "person", role: "courier", id: "c-1" }); // "courier:c-1"
 */
export const inboxKeyOf = (recipient: NoticeRecipient): string =>
  recipient.kind === "person" ? `${recipient.role}:${recipient.id}` : "staff-desk";

/** The language a person chose for their notices. */
export interface LanguageChoiceRow {
  readonly community: string;
  readonly inbox: string;
  readonly language: Language;
  readonly chosenAt: Instant;
}

/** Each person's chosen language. */
export const languageChoiceRows: ReadModelDefinition<LanguageChoiceRow> =
  defineReadModel<LanguageChoiceRow>({
    name: "notice_languages",
    indexes: { community: "string", inbox: "string" },
  });

/** The id of a person's language choice. */
export const languageChoiceRowId = (community: string, inbox: string): string =>
  `${community}:${inbox}`;

/** What the service remembers of an activity, a wish or a redemption, at an event's version. */
export interface SubjectRow extends KnownSubject {
  readonly community: string;
  /** The version of the subject's last event it learned from. */
  readonly version: number;
}

/** The subjects later notices need to know about, by courier for their erasure. */
export const subjectRows: ReadModelDefinition<SubjectRow> = defineReadModel<SubjectRow>({
  name: "notice_subjects",
  indexes: { community: "string", courierId: "string" },
});

/** The id of a subject's row. */
export const subjectRowId = (community: string, about: NoticeAbout): string =>
  `${community}:${about.aggregate}:${about.id}`;

/** A courier whose personal data was erased: no notice is made for them again. */
export interface ErasedInboxRow {
  readonly community: string;
  readonly inbox: string;
  readonly erasedAt: Instant;
}

/** The inboxes removed on erasure. */
export const erasedInboxRows: ReadModelDefinition<ErasedInboxRow> = defineReadModel<ErasedInboxRow>(
  {
    name: "notice_erased_inboxes",
    indexes: { community: "string" },
  },
);

/** The id of an erased inbox's mark. */
export const erasedInboxRowId = (community: string, inbox: string): string =>
  `${community}:${inbox}`;

/** What the service remembers of a subject, if anything. */
export const knownSubjectOf = (
  community: CommunityId,
  about: NoticeAbout,
): Effect.Effect<Option.Option<SubjectRow>, StoreFailure, Store> =>
  Effect.gen(function* () {
    const store = yield* Store;
    const rows = yield* store.readModel(subjectRows);
    const found = yield* rows.get(subjectRowId(community, about));
    return Option.map(found, (row) => row.document);
  });

/**
 * Remembers what an event taught about its subject, unless a later event of it was
 * learned from already (a redelivered older event never undoes a newer one).
 */
export const rememberSubject = (
  community: CommunityId,
  subject: KnownSubject,
  version: number,
): Effect.Effect<void, StoreFailure | InvalidDocument, Store> =>
  Effect.gen(function* () {
    const store = yield* Store;
    const rows = yield* store.readModel(subjectRows);
    const id = subjectRowId(community, subject.about);
    for (let attempt = 1; ; attempt++) {
      const existing = yield* rows.get(id);
      if (Option.isSome(existing) && existing.value.document.version >= version) return;
      const written = yield* rows
        .upsert(
          id,
          { ...subject, community, version },
          {
            expectedRevision: Option.match(existing, {
              onNone: () => 0,
              onSome: (row) => row.revision,
            }),
          },
        )
        .pipe(Effect.either);
      if (written._tag === "Right") return;
      if (written.left._tag !== "RevisionConflict") return yield* Effect.fail(written.left);
      // Writers racing on one row write what one event taught; many winning is a fault.
      if (attempt >= 10) return yield* Effect.die(written.left);
    }
  });

/**
 * Replaces a stored notice by a function of it, guarded by its revision and tried again
 * when another writer (its owner marking it read, the outside channel's outcome) got
 * there first; `change` returning the row it was given writes nothing. Answers the row
 * and its revision, or none when there is no such notice.
 */
export const updateNotice = (
  community: string,
  noticeId: string,
  change: (row: NoticeRow) => NoticeRow,
): Effect.Effect<
  Option.Option<{ readonly row: NoticeRow; readonly revision: number }>,
  StoreFailure | InvalidDocument,
  Store
> =>
  Effect.gen(function* () {
    const store = yield* Store;
    const rows = yield* store.readModel(noticeRows);
    const id = noticeRowId(community, noticeId);
    for (let attempt = 1; ; attempt++) {
      const existing = yield* rows.get(id);
      if (Option.isNone(existing)) return Option.none();
      const row = change(existing.value.document);
      // The same row back means nothing to change: no write, no new revision.
      if (row === existing.value.document) {
        return Option.some({ row, revision: existing.value.revision });
      }
      const written = yield* rows
        .upsert(id, row, { expectedRevision: existing.value.revision })
        .pipe(Effect.either);
      if (written._tag === "Right") return Option.some({ row, revision: written.right });
      if (written.left._tag !== "RevisionConflict") return yield* Effect.fail(written.left);
      // Two writers at most race on a notice (its owner, the channel's outcome).
      if (attempt >= 10) return yield* Effect.die(written.left);
    }
  });

/** A district notice as it was posted, once per notice id. */
export interface DistrictNoticeRow {
  readonly community: string;
  /** The poster's id of it. */
  readonly noticeKey: string;
  readonly audience: DistrictNoticeAudience;
  /** The station of a station's notice; null for the whole community. */
  readonly stationId: string | null;
  readonly title: LocalizedText;
  readonly body: LocalizedText;
  /** Who posted it: `role:id`. */
  readonly postedBy: string;
  readonly postedAt: Instant;
  readonly expiresAt: Instant | null;
  /** What its id was first posted with (audience, texts, expiry), for a repeat to agree with. */
  readonly fingerprint: string;
}

/** The district notices posted, by community (a courier who joins receives the current ones). */
export const districtNoticeRows: ReadModelDefinition<DistrictNoticeRow> =
  defineReadModel<DistrictNoticeRow>({
    name: "district_notices",
    indexes: { community: "string", stationId: "string" },
  });

/** The id of a district notice's row. */
export const districtNoticeRowId = (community: string, noticeKey: string): string =>
  `${community}:${noticeKey}`;

/**
 * A courier as district notices need them: whether they are active (verified, not
 * suspended, not gone) and their station, each with the version of the courier's event it
 * was learned from, so a redelivered older event never undoes a newer one.
 */
export interface CourierRosterRow {
  readonly community: string;
  readonly courierId: string;
  readonly active: boolean;
  readonly stationId: string | null;
  readonly statusVersion: number;
  readonly stationVersion: number;
}

/** The couriers of each community, for district notices. */
export const courierRosterRows: ReadModelDefinition<CourierRosterRow> =
  defineReadModel<CourierRosterRow>({
    name: "notice_couriers",
    indexes: { community: "string", active: "boolean", stationId: "string" },
  });

/** The id of a courier's roster row. */
export const courierRosterRowId = (community: string, courierId: string): string =>
  `${community}:${courierId}`;

/**
 * Every row of a read model a query finds, read a page at a time.
 *
 * @example
 * const unread = yield* everyRow(notices, { community, inbox, read: false });
 */
export const everyRow = <Row extends object>(
  rows: ReadModelApi<Row>,
  where: NonNullable<FindOptions<Row>["where"]>,
) =>
  Effect.gen(function* () {
    const found: Array<StoredDocument<Row>> = [];
    let after: string | undefined;
    do {
      const page = yield* rows.find({
        where,
        limit: maximumPageSize,
        ...(after === undefined ? {} : { after }),
      });
      found.push(...page.items);
      after = page.next;
    } while (after !== undefined);
    return found;
  });
