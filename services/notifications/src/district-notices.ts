import {
  type CommandReply,
  decisionTime,
  districtNoticeRoles,
  PolicyBook,
  type PostDistrictNotice,
} from "@courier-station/contracts";
import {
  authorize,
  type CommandEnvelope,
  type CommunityId,
  CourierId,
  canonicalJson,
  derivedId,
  type EventEnvelope,
  Forbidden,
  type Instant,
  isDerivedId,
  type Language,
  millisOf,
  StationId,
} from "@courier-station/core";
import { type ConsumerContext, type Logger, Store } from "@courier-station/kit";
import { Effect, Option } from "effect";
import { z } from "zod";
import { claimCommandId } from "./commands.js";
import { DistrictNoticeConflict, NoticeExpiryPassed } from "./errors.js";
import { isErased, sendOutside } from "./flows.js";
import type { NoticeRecipient } from "./notices.js";
import {
  type CourierRosterRow,
  courierRosterRowId,
  courierRosterRows,
  type DistrictNoticeRow,
  districtNoticeRowId,
  districtNoticeRows,
  everyRow,
  inboxKeyOf,
  type NoticeRow,
  noticeRowId,
  noticeRows,
} from "./read-models.js";

/*
 * District notices: a notice staff or a district's own service (a `system` actor) posts to
 * the couriers of the community or of one station. It is kept once as posted, and a copy
 * goes into the inbox of each active courier of its audience, so the inbox, its unread
 * count, marking read and erasure work as for every other notice. The service learns who
 * the couriers are, and their station, from the courier events (its `couriers` consumer);
 * a courier who becomes active, or moves to a station, later receives the notices of their
 * audience that have an expiry still ahead.
 */

/** The posting permission: staff of the community, or a system service. */
const permissions = { PostDistrictNotice: districtNoticeRoles };

/** The id of a district notice in one courier's inbox, derived from the notice and the courier. */
export const districtNoticeIdFor = (
  community: string,
  noticeKey: string,
  courierId: string,
): string => derivedId("district-notice", community, noticeKey, courierId);

const courierRecipient = (id: string): NoticeRecipient => ({ kind: "person", role: "courier", id });

/** Whether a notice has expired at an instant (a notice without expiry never does). */
export const hasExpired = (expiresAt: Instant | null | undefined, at: Instant | number): boolean =>
  expiresAt !== null &&
  expiresAt !== undefined &&
  millisOf(expiresAt) <= (typeof at === "number" ? at : millisOf(at));

/**
 * Puts a district notice in one courier's inbox, under an id derived from the notice and
 * the courier, as an insert guarded by that id: there already, it is left as it is. An
 * erased courier receives nothing. Answers the row to send to the outside channel (the
 * new one, or the one there whose sending has not happened yet).
 */
const keepForCourier = (community: CommunityId, posted: DistrictNoticeRow, courierId: string) =>
  Effect.gen(function* () {
    const recipient = courierRecipient(courierId);
    if (yield* isErased(community, recipient)) return Option.none<NoticeRow>();
    const noticeId = districtNoticeIdFor(community, posted.noticeKey, courierId);
    const row: NoticeRow = {
      community,
      noticeId,
      inbox: inboxKeyOf(recipient),
      box: "mine",
      recipient,
      stationId: null,
      kind: "district-notice",
      about: { aggregate: "districtNotice", id: posted.noticeKey },
      title: posted.title,
      body: posted.body,
      eventId: `district-notice:${posted.noticeKey}`,
      eventType: "PostDistrictNotice",
      createdAt: posted.postedAt,
      createdAtMillis: millisOf(posted.postedAt),
      read: false,
      readAt: null,
      outside: "pending",
      outsideLanguage: null,
      expiresAt: posted.expiresAt,
    };
    const store = yield* Store;
    const rows = yield* store.readModel(noticeRows);
    const id = noticeRowId(community, noticeId);
    const inserted = yield* rows.upsert(id, row, { expectedRevision: 0 }).pipe(Effect.either);
    if (inserted._tag === "Right") return Option.some(row);
    if (inserted.left._tag !== "RevisionConflict") return yield* Effect.fail(inserted.left);
    const existing = yield* rows.get(id);
    return Option.isSome(existing) && existing.value.document.outside === "pending"
      ? Option.some(existing.value.document)
      : Option.none<NoticeRow>();
  });

/** The community's first language, by the policy in force now. */
const communityLanguageOf = (community: CommunityId) =>
  Effect.gen(function* () {
    const book = yield* PolicyBook;
    const { policy } = yield* book.inForceAt(community, yield* decisionTime);
    const language: Language = policy.general.languages[0] ?? "zh-CN";
    return language;
  });

/**
 * Posts a district notice (`PostDistrictNotice`): staff of the community or a system
 * service only (a person's command id must not be a derived one). The notice is kept once
 * under its id and put in the inbox of every active courier of its audience (the whole
 * community, or one station), in both languages; the outside channel is then given each
 * copy in the background, as the flows do for other notices. The same id with the same
 * audience, texts and expiry answers `duplicate` and only completes what a stopped first
 * attempt left undone; with anything else it is refused (`notice.district_conflict`), and
 * a new notice whose expiry has passed is refused (`notice.expiry_passed`) — in both cases
 * with nothing stored.
 *
 * @example
 * const reply = yield* postDistrictNotice(envelope, context);
 * reply.outcome; // "applied"
 */
export const postDistrictNotice = (
  envelope: CommandEnvelope<PostDistrictNotice>,
  context: { readonly log: Logger },
) =>
  Effect.gen(function* () {
    const { actor, command, commandId } = envelope;
    const community = envelope.community as CommunityId;
    yield* authorize(actor, community, command.type, permissions);
    if (actor.role !== "system" && isDerivedId(commandId)) {
      return yield* Effect.fail(
        new Forbidden({
          commandType: command.type,
          role: actor.role,
          community,
          reason: "command_id",
        }),
      );
    }
    const data = command.data;
    const expiresAt = data.expiresAt ?? null;
    const fingerprint = derivedId(
      "district-notice",
      canonicalJson({ audience: data.audience, title: data.title, body: data.body, expiresAt }),
    );
    const store = yield* Store;
    const key = { community, scope: "district-notice", key: data.noticeId };
    const owner = yield* store.uniqueKeyOwner(key);
    if (Option.isSome(owner) && owner.value !== fingerprint) {
      return yield* Effect.fail(new DistrictNoticeConflict({ noticeId: data.noticeId }));
    }
    const now = yield* decisionTime;
    // A repeat of a notice posted before is answered whatever the time; a new one must not
    // be expired already.
    if (Option.isNone(owner) && hasExpired(expiresAt, now)) {
      return yield* Effect.fail(new NoticeExpiryPassed({ expiresAt: expiresAt ?? now }));
    }
    yield* claimCommandId(envelope);
    const claim = yield* store.claimUniqueKey({ ...key, owner: fingerprint });
    if (claim.kind === "taken") {
      return yield* Effect.fail(new DistrictNoticeConflict({ noticeId: data.noticeId }));
    }
    const notices = yield* store.readModel(districtNoticeRows);
    const rowId = districtNoticeRowId(community, data.noticeId);
    const before = yield* notices.get(rowId);
    if (Option.isNone(before)) {
      const posted: DistrictNoticeRow = {
        community,
        noticeKey: data.noticeId,
        audience: data.audience,
        stationId: data.audience.kind === "station" ? data.audience.stationId : null,
        title: data.title,
        body: data.body,
        postedBy: `${actor.role}:${actor.id}`,
        postedAt: now,
        expiresAt,
        fingerprint,
      };
      // A racing repeat may write it first; then its row is the one used.
      yield* notices
        .upsert(rowId, posted, { expectedRevision: 0 })
        .pipe(Effect.catchTag("RevisionConflict", () => Effect.succeed(0)));
    }
    const stored = yield* notices.get(rowId);
    if (Option.isNone(stored)) return yield* Effect.die(new Error("district notice not kept"));
    const posted = stored.value.document;
    const roster = yield* store.readModel(courierRosterRows);
    const couriers = yield* everyRow(roster, {
      community,
      active: true,
      ...(posted.stationId === null ? {} : { stationId: posted.stationId }),
    });
    const toSend: Array<NoticeRow> = [];
    for (const courier of couriers) {
      const kept = yield* keepForCourier(community, posted, courier.document.courierId);
      if (Option.isSome(kept)) toSend.push(kept.value);
    }
    if (toSend.length > 0) {
      const language = yield* communityLanguageOf(community);
      // The inboxes have the notice now; an outside channel may be slow for many couriers,
      // so the reply does not wait for it. A copy it never took stays `pending`, and is
      // sent when the same notice is posted again.
      yield* Effect.forkDaemon(
        Effect.forEach(toSend, (row) => sendOutside(row, language, context), {
          concurrency: 8,
          discard: true,
        }).pipe(
          Effect.catchAllCause(() =>
            Effect.sync(() =>
              context.log.warn(
                { noticeKey: posted.noticeKey },
                "district notice: the outside channel's sending stopped; the inboxes keep it",
              ),
            ),
          ),
        ),
      );
    }
    const reply: CommandReply = {
      outcome: Option.isNone(before) ? "applied" : "duplicate",
      aggregate: "districtNotice",
      id: posted.noticeKey,
      version: stored.value.revision,
      eventIds: [],
    };
    return reply;
  });

/**
 * The courier events the roster is learned from: whether a courier is active, and their
 * station. Only the courier's id and station are read (never their personal data).
 */
export const courierRosterEventTypes = [
  "CourierRegistered",
  "CourierVerified",
  "CourierRejected",
  "CourierSuspended",
  "CourierReinstated",
  "CourierLeft",
  "CourierProfileUpdated",
] as const;

const RosterFacts = z.object({ courierId: CourierId, stationId: StationId.optional() });

/** Whether an event makes its courier active (`true`), not active (`false`), or says nothing of it. */
const activeAfter = (type: string): boolean | undefined => {
  switch (type) {
    case "CourierVerified":
    case "CourierReinstated":
      return true;
    case "CourierRegistered":
    case "CourierRejected":
    case "CourierSuspended":
    case "CourierLeft":
      return false;
    default:
      return undefined;
  }
};

/**
 * Puts in a courier's inbox the district notices of their audience (the community's, and
 * their station's) that have an expiry still ahead; answers the copies to send outside.
 */
const deliverCurrentNotices = (community: CommunityId, courier: CourierRosterRow) =>
  Effect.gen(function* () {
    const now = yield* decisionTime;
    const store = yield* Store;
    const notices = yield* store.readModel(districtNoticeRows);
    const posted = [
      ...(yield* everyRow(notices, { community, stationId: null })),
      ...(courier.stationId === null
        ? []
        : yield* everyRow(notices, { community, stationId: courier.stationId })),
    ];
    const toSend: Array<NoticeRow> = [];
    for (const notice of posted) {
      const { expiresAt } = notice.document;
      if (expiresAt === null || hasExpired(expiresAt, now)) continue;
      const kept = yield* keepForCourier(community, notice.document, courier.courierId);
      if (Option.isSome(kept)) toSend.push(kept.value);
    }
    return toSend;
  });

/**
 * Writes what a courier event says into the courier's roster row, guarded by the row's
 * revision and by the versions it was learned at. Answers the row and whether the courier
 * is to receive the current notices: they became active or moved while active — or this
 * is that event delivered again (its delivery may have stopped before the notices).
 */
const settleRoster = (
  id: string,
  community: CommunityId,
  courierId: string,
  version: number,
  active: boolean | undefined,
  stationId: string | undefined,
) =>
  Effect.gen(function* () {
    const store = yield* Store;
    const roster = yield* store.readModel(courierRosterRows);
    for (let attempt = 1; ; attempt++) {
      const existing = yield* roster.get(id);
      const before: CourierRosterRow = Option.match(existing, {
        onNone: () => ({
          community,
          courierId,
          active: false,
          stationId: null,
          statusVersion: 0,
          stationVersion: 0,
        }),
        onSome: (row) => row.document,
      });
      const statusNews = active !== undefined && version > before.statusVersion;
      const stationNews = stationId !== undefined && version > before.stationVersion;
      if (!statusNews && !stationNews) {
        const again =
          before.active && (before.statusVersion === version || before.stationVersion === version);
        return { row: before, deliver: again };
      }
      const after: CourierRosterRow = {
        ...before,
        ...(statusNews ? { active: active === true, statusVersion: version } : {}),
        ...(stationNews ? { stationId: stationId ?? null, stationVersion: version } : {}),
      };
      const written = yield* roster
        .upsert(id, after, {
          expectedRevision: Option.match(existing, {
            onNone: () => 0,
            onSome: (row) => row.revision,
          }),
        })
        .pipe(Effect.either);
      if (written._tag === "Right") {
        const deliver = after.active && (!before.active || after.stationId !== before.stationId);
        return { row: after, deliver };
      }
      if (written.left._tag !== "RevisionConflict") return yield* Effect.fail(written.left);
      // Only this consumer writes the row; racing deliveries settle in a few attempts.
      if (attempt >= 10) return yield* Effect.die(written.left);
    }
  });

/**
 * A courier event → the service's roster of the community's couriers: active or not (by
 * the event's version, so an older event delivered again changes nothing) and their
 * station. A courier who becomes active, or moves to another station while active,
 * receives the district notices of their audience that have an expiry still ahead. An
 * erased courier is not followed again.
 */
export const followCouriers = (event: EventEnvelope, context: ConsumerContext) =>
  Effect.gen(function* () {
    const facts = RosterFacts.safeParse(event.data);
    if (!facts.success) {
      context.log.warn({ eventId: event.id, type: event.type }, "not a courier event: skipped");
      return;
    }
    const community = event.community as CommunityId;
    const { courierId, stationId } = facts.data;
    if (yield* isErased(community, courierRecipient(courierId))) return;
    const active = activeAfter(event.type);
    const id = courierRosterRowId(community, courierId);
    const settled = yield* settleRoster(id, community, courierId, event.version, active, stationId);
    if (!settled.deliver) return;
    const toSend = yield* deliverCurrentNotices(community, settled.row);
    if (toSend.length === 0) return;
    const language = yield* communityLanguageOf(community);
    for (const row of toSend) yield* sendOutside(row, language, context);
  });
