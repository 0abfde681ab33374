import { PolicyBook } from "@courier-station/contracts";
import {
  type CommunityId,
  CourierPersonalDataErased,
  DomainError,
  type EventEnvelope,
  isDomainError,
  type Language,
  localized,
  millisOf,
} from "@courier-station/core";
import {
  type ConsumerContext,
  type FindOptions,
  type Logger,
  maximumPageSize,
  type ReadModelApi,
  Store,
} from "@courier-station/kit";
import { Cause, Effect, Exit, Option } from "effect";
import {
  learnedFrom,
  type NoticeDraft,
  type NoticeRecipient,
  NoticeSourceEvent,
  needsKnownCourier,
  noticesOf,
  subjectOf,
} from "./notices.js";
import { defaultNotifierTimeoutMs, Notifier } from "./notifier.js";
import {
  courierRosterRowId,
  courierRosterRows,
  erasedInboxRowId,
  erasedInboxRows,
  inboxKeyOf,
  knownSubjectOf,
  languageChoiceRowId,
  languageChoiceRows,
  type NoticeRow,
  noticeRowId,
  noticeRows,
  rememberSubject,
  subjectRows,
  updateNotice,
} from "./read-models.js";

/*
 * The notifications service's flows: durable consumers of the other services' events.
 * Every notice's id is derived from the event and its recipient (`context.derivedId`) and
 * written as an insert guarded by that id, so an event delivered again (a crash, a lost
 * acknowledgement, a republish) finds its notices there and makes none twice.
 */

/**
 * A notice needs what an earlier event of its subject said (the courier of a wish or a
 * redemption) and that event has not been read yet: the delivery fails and comes again.
 */
export class SubjectNotYetKnown extends DomainError("SubjectNotYetKnown", {
  code: "notifications.subject_not_yet_known",
  httpStatus: 503,
  text: (props: { readonly aggregate: string; readonly id: string }) =>
    localized(
      `尚未收到 ${props.aggregate} ${props.id} 的先前事件，稍后重试`,
      `The earlier events of ${props.aggregate} ${props.id} have not arrived yet; tried again later`,
    ),
}) {}

/**
 * The language a recipient reads in: the one they chose (`ChooseNoticeLanguage`), else
 * the community's first language (its policy's `general.languages`).
 */
export const languageOf = (
  community: CommunityId,
  recipient: NoticeRecipient,
  communityLanguage: Language,
) =>
  Effect.gen(function* () {
    if (recipient.kind !== "person") return communityLanguage;
    const store = yield* Store;
    const choices = yield* store.readModel(languageChoiceRows);
    const choice = yield* choices.get(languageChoiceRowId(community, inboxKeyOf(recipient)));
    return Option.match(choice, {
      onNone: () => communityLanguage,
      onSome: (found) => found.document.language,
    });
  });

/** Whether a recipient's inbox was removed by their erasure (no notice is made for them). */
export const isErased = (community: CommunityId, recipient: NoticeRecipient) =>
  Effect.gen(function* () {
    if (recipient.kind !== "person" || recipient.role !== "courier") return false;
    const store = yield* Store;
    const erased = yield* store.readModel(erasedInboxRows);
    const found = yield* erased.get(erasedInboxRowId(community, inboxKeyOf(recipient)));
    return Option.isSome(found);
  });

/** What kind of failure a value is, for a log line: its tag, else its constructor's name. */
const tagOf = (failure: unknown): string => {
  if (typeof failure === "object" && failure !== null) {
    const tag = (failure as { readonly _tag?: unknown })._tag;
    if (typeof tag === "string") return tag.slice(0, 60);
    return failure.constructor.name.slice(0, 60);
  }
  return typeof failure;
};

/**
 * Sends a stored notice to the outside channel, in its recipient's language, and records
 * how it fared. A channel that fails, throws or takes longer than its timeout is logged;
 * the notice stays in the inbox.
 */
export const sendOutside = (
  row: NoticeRow,
  communityLanguage: Language,
  context: { readonly log: Logger },
) =>
  Effect.gen(function* () {
    const notifier = yield* Notifier;
    const community = row.community as CommunityId;
    const language = yield* languageOf(community, row.recipient, communityLanguage);
    const sent = yield* Effect.exit(
      Effect.suspend(() =>
        notifier.send({
          community,
          noticeId: row.noticeId,
          recipient: row.recipient,
          kind: row.kind,
          about: row.about,
          language,
          title: row.title[language],
          body: row.body[language],
        }),
      ).pipe(Effect.timeout(notifier.timeoutMs ?? defaultNotifierTimeoutMs)),
    );
    if (Exit.isFailure(sent)) {
      const failure = Cause.squash(sent.cause);
      context.log.warn(
        {
          noticeId: row.noticeId,
          kind: row.kind,
          channel: notifier.channel,
          // The tag only: a channel's own message may carry a number or an open id.
          failure: isDomainError(failure) ? failure.code : tagOf(failure),
        },
        "the outside channel did not take a notice; it stays in the inbox",
      );
    }
    yield* updateNotice(row.community, row.noticeId, (current) => ({
      ...current,
      outside: Exit.isSuccess(sent) ? "sent" : "failed",
      outsideLanguage: language,
    }));
  });

/**
 * Keeps one notice: inserted under its id, then sent to the outside channel. Found there
 * already (the event came again), it is left as it is — and sent only if the earlier
 * delivery stopped between keeping and sending it.
 */
const keepNotice = (
  community: CommunityId,
  noticeId: string,
  draft: NoticeDraft,
  event: EventEnvelope,
  communityLanguage: Language,
  context: ConsumerContext,
) =>
  Effect.gen(function* () {
    if (yield* isErased(community, draft.recipient)) return;
    const store = yield* Store;
    const rows = yield* store.readModel(noticeRows);
    const row: NoticeRow = {
      community,
      noticeId,
      inbox: inboxKeyOf(draft.recipient),
      box: draft.recipient.kind === "person" ? "mine" : "staff-desk",
      recipient: draft.recipient,
      stationId: draft.recipient.kind === "staff-desk" ? (draft.recipient.stationId ?? null) : null,
      kind: draft.kind,
      about: draft.about,
      title: draft.title,
      body: draft.body,
      eventId: event.id,
      eventType: event.type,
      createdAt: event.time,
      createdAtMillis: millisOf(event.time),
      read: false,
      readAt: null,
      outside: "pending",
      outsideLanguage: null,
    };
    const id = noticeRowId(community, noticeId);
    const inserted = yield* rows.upsert(id, row, { expectedRevision: 0 }).pipe(Effect.either);
    if (inserted._tag === "Left") {
      if (inserted.left._tag !== "RevisionConflict") return yield* Effect.fail(inserted.left);
      const existing = yield* rows.get(id);
      if (Option.isNone(existing) || existing.value.document.outside !== "pending") return;
      yield* sendOutside(existing.value.document, communityLanguage, context);
      return;
    }
    yield* sendOutside(row, communityLanguage, context);
  });

/**
 * An event of another service → the notices `noticesOf` makes of it, each kept once in
 * its recipient's inbox (its id derived from the event and the recipient) and sent once
 * to the outside channel (`Notifier`) in the recipient's language; dates in the
 * community's time zone, by the policy in force at the event's time. What the event
 * teaches about its subject (an activity's title, a wish's courier) is remembered for the
 * notices of later events. An event that is not one it reads is logged and skipped.
 */
export const deliverNotices = (event: EventEnvelope, context: ConsumerContext) =>
  Effect.gen(function* () {
    const parsed = NoticeSourceEvent.safeParse({ type: event.type, data: event.data });
    if (!parsed.success) {
      context.log.warn({ eventId: event.id, type: event.type }, "not an event of notices: skipped");
      return;
    }
    const source = parsed.data;
    const community = event.community as CommunityId;
    const about = subjectOf(source);
    const known =
      about === undefined
        ? undefined
        : Option.getOrUndefined(yield* knownSubjectOf(community, about));
    const learned = learnedFrom(source, known);
    const erasedCourier =
      learned?.courierId !== undefined &&
      (yield* isErased(community, { kind: "person", role: "courier", id: learned.courierId }));
    // An erased courier's wishes are not remembered again from an event delivered late.
    if (learned !== undefined && !erasedCourier) {
      yield* rememberSubject(community, learned, event.version);
    }
    const subject = learned ?? known;
    if (needsKnownCourier(source) && subject?.courierId === undefined && about !== undefined) {
      return yield* Effect.fail(new SubjectNotYetKnown(about));
    }
    const book = yield* PolicyBook;
    const { policy } = yield* book.inForceAt(community, event.time);
    const communityLanguage = policy.general.languages[0] ?? "zh-CN";
    const drafts = noticesOf(source, subject, {
      timeZone: policy.general.timeZone,
      suggestionTopics: policy.suggestions.topics,
    });
    for (const draft of drafts) {
      const noticeId = context.derivedId(`notice:${inboxKeyOf(draft.recipient)}:${draft.kind}`);
      yield* keepNotice(community, noticeId, draft, event, communityLanguage, context);
    }
  });

/** Deletes every row a query finds, a page at a time, until none is left. */
const deleteAll = <Row extends object>(
  rows: ReadModelApi<Row>,
  where: NonNullable<FindOptions<Row>["where"]>,
) =>
  Effect.gen(function* () {
    for (;;) {
      const page = yield* rows.find({ where, limit: maximumPageSize });
      if (page.items.length === 0) return;
      for (const item of page.items) yield* rows.delete(item.id);
    }
  });

/**
 * `CourierPersonalDataErased` → the courier's inbox removed: their notices (district
 * notices and their read marks too), their language choice, what was remembered of their
 * wishes and redemptions and their place in the roster of couriers; and the inbox marked erased, so an old event delivered late makes no notice for them again.
 */
export const eraseInbox = (event: EventEnvelope, context: ConsumerContext) =>
  Effect.gen(function* () {
    const parsed = CourierPersonalDataErased.safeParse({ type: event.type, data: event.data });
    if (!parsed.success) {
      context.log.warn({ eventId: event.id, type: event.type }, "not an erasure: skipped");
      return;
    }
    const community = event.community as CommunityId;
    const courierId = parsed.data.data.courierId;
    const inbox = inboxKeyOf({ kind: "person", role: "courier", id: courierId });
    const store = yield* Store;
    // The mark goes first: a notice made while the rest is removed is not kept.
    const erased = yield* store.readModel(erasedInboxRows);
    yield* erased.upsert(erasedInboxRowId(community, inbox), {
      community,
      inbox,
      erasedAt: parsed.data.data.erasedAt,
    });
    const notices = yield* store.readModel(noticeRows);
    yield* deleteAll(notices, { community, inbox });
    const choices = yield* store.readModel(languageChoiceRows);
    yield* choices.delete(languageChoiceRowId(community, inbox));
    const subjects = yield* store.readModel(subjectRows);
    yield* deleteAll(subjects, { community, courierId });
    const roster = yield* store.readModel(courierRosterRows);
    yield* roster.delete(courierRosterRowId(community, courierId));
  });
