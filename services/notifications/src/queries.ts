import {
  decisionTime,
  type InboxBox,
  type InboxPage,
  type NoticeView,
  PolicyBook,
} from "@courier-station/contracts";
import type { Actor, CommunityId, Instant, Language } from "@courier-station/core";
import { Store } from "@courier-station/kit";
import { Effect, Option } from "effect";
import { personalInboxOf } from "./commands.js";
import { hasExpired } from "./district-notices.js";
import { StaffDeskOnly } from "./errors.js";
import {
  everyRow,
  languageChoiceRowId,
  languageChoiceRows,
  type NoticeRow,
  noticeRows,
} from "./read-models.js";

/** A stored notice as its reader sees it, in one language. */
export const noticeViewOf = (row: NoticeRow, language: Language): NoticeView => ({
  noticeId: row.noticeId as NoticeView["noticeId"],
  kind: row.kind,
  box: row.box,
  ...(row.stationId === null ? {} : { stationId: row.stationId as NoticeView["stationId"] }),
  language,
  title: row.title[language],
  body: row.body[language],
  about: row.about,
  createdAt: row.createdAt,
  read: row.read,
  ...(row.readAt === null ? {} : { readAt: row.readAt }),
  ...(row.expiresAt === null || row.expiresAt === undefined ? {} : { expiresAt: row.expiresAt }),
});

/**
 * The language an actor reads in: the one asked for, else the one they chose, else the
 * community's first language by the policy in force now.
 */
const readingLanguageOf = (community: CommunityId, actor: Actor, asked: Language | undefined) =>
  Effect.gen(function* () {
    if (asked !== undefined) return asked;
    const store = yield* Store;
    const choices = yield* store.readModel(languageChoiceRows);
    const choice = yield* choices.get(languageChoiceRowId(community, personalInboxOf(actor)));
    if (Option.isSome(choice)) return choice.value.document.language;
    const book = yield* PolicyBook;
    const { policy } = yield* book.inForceAt(community, yield* decisionTime);
    return policy.general.languages[0] ?? "zh-CN";
  });

/** How many unread district notices of an inbox are past their expiry (they are not counted). */
const expiredUnread = (community: CommunityId, inbox: string, now: Instant) =>
  Effect.gen(function* () {
    const store = yield* Store;
    const rows = yield* store.readModel(noticeRows);
    const unread = yield* everyRow(rows, {
      community,
      inbox,
      kind: "district-notice",
      read: false,
    });
    return unread.filter((row) => hasExpired(row.document.expiresAt, now)).length;
  });

/**
 * The asking person's inbox — or, for staff asking for `staff-desk`, the community's
 * staff desk, or one station's part of it — newest first, a page at a time (the kit's cursors), unread ones only when
 * asked, in the reader's language; with the count of unread notices in the whole inbox.
 * Another person's inbox cannot be named: the inbox is the actor's own. A district notice
 * past its expiry is not shown nor counted (a page may then hold fewer than `limit`).
 *
 * @example
 * const page = yield* inboxOf(community, courier, { limit: 20 });
 * page.unread; // 3
 */
export const inboxOf = (
  community: CommunityId,
  actor: Actor,
  options: {
    readonly box?: InboxBox | undefined;
    readonly stationId?: string | undefined;
    readonly unreadOnly?: boolean | undefined;
    readonly language?: Language | undefined;
    readonly after?: string | undefined;
    readonly limit?: number | undefined;
  },
) =>
  Effect.gen(function* () {
    const box = options.box ?? "mine";
    if (box === "staff-desk" && actor.role !== "staff") {
      return yield* Effect.fail(new StaffDeskOnly({ role: actor.role }));
    }
    const inbox = box === "staff-desk" ? "staff-desk" : personalInboxOf(actor);
    const language = yield* readingLanguageOf(community, actor, options.language);
    const store = yield* Store;
    const rows = yield* store.readModel(noticeRows);
    // Only the staff desk's notices name a station; one's own inbox is never narrowed.
    const station =
      box === "staff-desk" && options.stationId !== undefined
        ? { stationId: options.stationId }
        : {};
    const page = yield* rows.find({
      where: {
        community,
        inbox,
        ...station,
        ...(options.unreadOnly === true ? { read: false } : {}),
      },
      orderBy: { field: "createdAtMillis", direction: "descending" },
      limit: options.limit ?? 50,
      ...(options.after === undefined ? {} : { after: options.after }),
    });
    const now = yield* decisionTime;
    const current = page.items.filter((item) => !hasExpired(item.document.expiresAt, now));
    const unread =
      (yield* rows.count({ community, inbox, ...station, read: false })) -
      (yield* expiredUnread(community, inbox, now));
    const view: InboxPage = {
      language,
      items: current.map((item) => noticeViewOf(item.document, language)),
      ...(page.next === undefined ? {} : { next: page.next }),
      unread,
    };
    return view;
  });
