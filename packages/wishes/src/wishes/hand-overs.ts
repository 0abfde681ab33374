import {
  ActivityId,
  bilingual,
  type CommandOutcome,
  type CommandPermissions,
  type DomainErrorShape,
  type DomainEvent,
  isDomainError,
  type LocalizedText,
  localized,
  WishId,
} from "@courier-station/core";
import { Either } from "effect";
import { z } from "zod";
import { Note } from "../values.js";
import type { ConfirmWishFulfilled } from "./commands.js";

/*
 * The wish-lighting event (点亮微心愿): sponsors hand couriers the wishes they fulfilled,
 * together, at a station event. Staff link the wishes to the event beforehand
 * (`LinkWishToActivity`) and, at the event, record every hand-over at once. Each wish is
 * its own aggregate, so the bulk record is one `ConfirmWishFulfilled` per wish: each wish
 * still ends exactly once (its decider refuses a second hand-over, and answers the same
 * hand-over at the same event with a no-op, so the whole record can be sent again after a
 * failure), and a wish left out — its courier did not come — stays open.
 */

/** The most wishes one bulk record names (a wall's worth). */
export const MAX_HAND_OVERS_PER_RECORD = 200;

/**
 * Staff record the hand-overs of a wish-lighting event in bulk: the wishes handed over at
 * the activity, each linked to it beforehand, with an optional note for all of them.
 *
 * @example
 * { type: "RecordWishHandOvers", data: {
 *   activityId: "wish-lighting-1122", wishIds: ["w-1", "w-2", "w-4"], note: "点亮微心愿活动现场交付" } }
 */
export const RecordWishHandOvers = z.strictObject({
  type: z.literal("RecordWishHandOvers"),
  data: z.strictObject({
    activityId: ActivityId,
    wishIds: z
      .array(WishId)
      .min(1, bilingual("至少列出一个心愿", "name at least one wish"))
      .max(
        MAX_HAND_OVERS_PER_RECORD,
        bilingual(
          `一次最多记录 ${MAX_HAND_OVERS_PER_RECORD} 个心愿`,
          `at most ${MAX_HAND_OVERS_PER_RECORD} wishes at once`,
        ),
      )
      .refine(
        (wishIds) => new Set(wishIds).size === wishIds.length,
        bilingual("心愿不能重复", "wishes must not repeat"),
      ),
    note: Note.optional(),
  }),
});
/** Staff record the hand-overs of a wish-lighting event in bulk. */
export type RecordWishHandOvers = z.infer<typeof RecordWishHandOvers>;

/**
 * Who may record hand-overs in bulk: staff. Check it with `authorize(actor, community,
 * "RecordWishHandOvers", wishHandOverPermissions)` before sending the wishes' commands
 * (each of which the wish decider's own table checks again).
 */
export const wishHandOverPermissions = {
  RecordWishHandOvers: ["staff"],
} as const satisfies CommandPermissions;

/**
 * The wish commands a bulk record comes to: one `ConfirmWishFulfilled` at the activity per
 * wish, in the order given. Send each to its wish (as the staff member who recorded it);
 * the answers say which were handed over, which were already recorded there, and which
 * were refused and stay as they were ({@link wishHandOverReport}).
 *
 * @example
 * for (const command of wishHandOverCommands(record)) answers.push(await wishes.send(staff, command));
 */
export const wishHandOverCommands = (
  record: RecordWishHandOvers,
): ReadonlyArray<ConfirmWishFulfilled> =>
  record.data.wishIds.map((wishId) => ({
    type: "ConfirmWishFulfilled",
    data: {
      wishId,
      activityId: record.data.activityId,
      ...(record.data.note === undefined ? {} : { note: record.data.note }),
    },
  }));

/** How one wish of a bulk record was answered. */
export type WishHandOverAnswer =
  /** The hand-over was recorded now (a `WishFulfilled`). */
  | { readonly wishId: WishId; readonly outcome: "handed-over" }
  /** It had been recorded at this activity before: nothing changed. */
  | { readonly wishId: WishId; readonly outcome: "already-recorded" }
  /** The wish refused it and stays as it was. */
  | { readonly wishId: WishId; readonly outcome: "refused"; readonly error: DomainErrorShape };

/**
 * The answer to one wish's command, from what `handleCommand` returned for it: a
 * `WishFulfilled` is a hand-over now; an accepted command with no events, or the same
 * command id seen before, was recorded before; anything else was refused.
 *
 * @example
 * wishHandOverAnswerOf(command.data.wishId, handleCommand(wishDecider, record, envelope, runtime));
 */
export const wishHandOverAnswerOf = (
  wishId: WishId,
  outcome: Either.Either<CommandOutcome<unknown, DomainEvent>, unknown>,
): WishHandOverAnswer => {
  if (Either.isLeft(outcome)) {
    const error = outcome.left;
    return {
      wishId,
      outcome: "refused",
      error: isDomainError(error)
        ? error
        : { _tag: "Unknown", code: "unknown", text: localized("未知错误", "Unknown error") },
    };
  }
  const handedOver =
    outcome.right.kind === "applied" &&
    outcome.right.events.some((event) => event.type === "WishFulfilled");
  return { wishId, outcome: handedOver ? "handed-over" : "already-recorded" };
};

/** What a bulk record did, wish by wish, for the staff member's screen. */
export interface WishHandOverReport {
  readonly activityId: ActivityId;
  readonly handedOver: ReadonlyArray<WishId>;
  readonly alreadyRecorded: ReadonlyArray<WishId>;
  readonly refused: ReadonlyArray<{ readonly wishId: WishId; readonly error: DomainErrorShape }>;
  /** One line for the screen, in zh-CN and en. */
  readonly summary: LocalizedText;
}

/**
 * Sums up the answers to a bulk record's commands.
 *
 * @example
 * wishHandOverReport(record, answers).summary.en; // "3 wishes handed over, 1 refused"
 */
export const wishHandOverReport = (
  record: RecordWishHandOvers,
  answers: ReadonlyArray<WishHandOverAnswer>,
): WishHandOverReport => {
  const handedOver = answers.flatMap((answer) =>
    answer.outcome === "handed-over" ? [answer.wishId] : [],
  );
  const alreadyRecorded = answers.flatMap((answer) =>
    answer.outcome === "already-recorded" ? [answer.wishId] : [],
  );
  const refused = answers.flatMap((answer) =>
    answer.outcome === "refused" ? [{ wishId: answer.wishId, error: answer.error }] : [],
  );
  const zh = [`${handedOver.length} 个心愿已圆梦`];
  const en = [`${handedOver.length} ${handedOver.length === 1 ? "wish" : "wishes"} handed over`];
  if (alreadyRecorded.length > 0) {
    zh.push(`${alreadyRecorded.length} 个此前已记录`);
    en.push(`${alreadyRecorded.length} recorded before`);
  }
  if (refused.length > 0) {
    zh.push(`${refused.length} 个未能记录`);
    en.push(`${refused.length} refused`);
  }
  return {
    activityId: record.data.activityId,
    handedOver,
    alreadyRecorded,
    refused,
    summary: localized(zh.join("，"), en.join(", ")),
  };
};
