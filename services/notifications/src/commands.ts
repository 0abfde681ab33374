import {
  type ChooseNoticeLanguage,
  type CommandReply,
  decisionTime,
  inboxRoles,
  type MarkNoticeRead,
} from "@courier-station/contracts";
import {
  type Actor,
  actsIn,
  type CommandEnvelope,
  CommandIdConflict,
  type CommunityId,
  canonicalJson,
  type DomainCommand,
  derivedId,
  Forbidden,
  isDerivedId,
} from "@courier-station/core";
import { Store } from "@courier-station/kit";
import { Effect, Either, Option } from "effect";
import { NoticeNotFound, NotYourNotice } from "./errors.js";
import { isRecipient } from "./notices.js";
import {
  inboxKeyOf,
  languageChoiceRowId,
  languageChoiceRows,
  noticeRowId,
  noticeRows,
  updateNotice,
} from "./read-models.js";

/**
 * Who may send a person's command in a community: a role with an inbox, who belongs to
 * the community, under a command id of their own (ids starting `d-` are the system's).
 */
const mayAct = (
  commandType: string,
  envelope: CommandEnvelope<DomainCommand>,
): Either.Either<void, Forbidden> => {
  const { actor, community } = envelope;
  const refuse = (reason: "role" | "community" | "command_id") =>
    Either.left(new Forbidden({ commandType, role: actor.role, community, reason }));
  if (!(inboxRoles as ReadonlyArray<string>).includes(actor.role)) return refuse("role");
  if (!actsIn(actor, community)) return refuse("community");
  if (isDerivedId(envelope.commandId)) return refuse("command_id");
  return Either.right(undefined);
};

/**
 * Claims a command id for one actor and command: `true` the first time, `false` when
 * the same command was sent before under it (a retry); another command under the same
 * id is refused (`command.id_conflict`). One insert guarded by the id, so racing
 * retries agree.
 */
export const claimCommandId = (envelope: CommandEnvelope<DomainCommand>) =>
  Effect.gen(function* () {
    const store = yield* Store;
    const fingerprint = derivedId(
      "notifications-command",
      canonicalJson({ actor: envelope.actor, command: envelope.command }),
    );
    const claim = yield* store.claimUniqueKey({
      community: envelope.community,
      scope: "notifications-command",
      key: envelope.commandId,
      owner: fingerprint,
    });
    if (claim.kind === "taken") {
      return yield* Effect.fail(
        new CommandIdConflict({ commandId: envelope.commandId, field: "command" }),
      );
    }
    return claim.kind === "claimed";
  });

/**
 * Marks one notice read, by its recipient only (`notice.not_yours` for anyone else; a
 * staff-desk notice by any staff member of the community). Marking a read notice again
 * changes nothing; the same command id sent again answers `duplicate`, another command
 * under it is a conflict. The reply names the notice and its row's revision.
 *
 * @example
 * const reply = yield* markNoticeRead(envelope);
 */
export const markNoticeRead = (envelope: CommandEnvelope<MarkNoticeRead>) =>
  Effect.gen(function* () {
    yield* mayAct("MarkNoticeRead", envelope);
    const community = envelope.community as CommunityId;
    const noticeId = envelope.command.data.noticeId;
    const store = yield* Store;
    const rows = yield* store.readModel(noticeRows);
    const found = yield* rows.get(noticeRowId(community, noticeId));
    if (Option.isNone(found)) return yield* Effect.fail(new NoticeNotFound({ noticeId }));
    if (!isRecipient(envelope.actor, found.value.document.recipient)) {
      return yield* Effect.fail(new NotYourNotice({ noticeId }));
    }
    const first = yield* claimCommandId(envelope);
    // A retry writes too: the first attempt may have stopped between its claim and its write.
    const now = yield* decisionTime;
    const written = yield* updateNotice(community, noticeId, (row) =>
      row.read ? row : { ...row, read: true, readAt: now },
    );
    const revision = Option.match(written, {
      onNone: () => found.value.revision,
      onSome: (done) => done.revision,
    });
    const reply: CommandReply = {
      outcome: first ? "applied" : "duplicate",
      aggregate: "notice",
      id: noticeId,
      version: revision,
      eventIds: [],
    };
    return reply;
  });

/**
 * Records the language a person reads their notices in, from now on (the inbox shows
 * every notice in it; outside channels send new ones in it). The same command id sent
 * again answers `duplicate` and leaves a later choice alone.
 *
 * @example
 * const reply = yield* chooseNoticeLanguage(envelope);
 */
export const chooseNoticeLanguage = (envelope: CommandEnvelope<ChooseNoticeLanguage>) =>
  Effect.gen(function* () {
    yield* mayAct("ChooseNoticeLanguage", envelope);
    const community = envelope.community as CommunityId;
    const inbox = personalInboxOf(envelope.actor);
    const first = yield* claimCommandId(envelope);
    const now = yield* decisionTime;
    const store = yield* Store;
    const choices = yield* store.readModel(languageChoiceRows);
    const id = languageChoiceRowId(community, inbox);
    const existing = yield* choices.get(id);
    // A retry must not undo a later choice; it writes only if its first attempt stopped
    // between the claim and the write.
    const revision =
      !first && Option.isSome(existing)
        ? existing.value.revision
        : yield* choices.upsert(id, {
            community,
            inbox,
            language: envelope.command.data.language,
            chosenAt: now,
          });
    const reply: CommandReply = {
      outcome: first ? "applied" : "duplicate",
      aggregate: "noticeLanguage",
      id: inbox,
      version: revision,
      eventIds: [],
    };
    return reply;
  });

/** The inbox of the person an actor is. */
export const personalInboxOf = (actor: Actor): string =>
  inboxKeyOf({
    kind: "person",
    role: actor.role as (typeof inboxRoles)[number],
    id: actor.id,
  });
