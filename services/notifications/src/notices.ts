import type { NoticeAbout, NoticeKind } from "@courier-station/contracts";
import {
  ActivityCancelled,
  ActivityDetailsUpdated,
  ActivityPlanned,
  type Actor,
  ConsentWithdrawn,
  CourierRejected,
  CourierVerified,
  type Instant,
  type Language,
  type LocalizedText,
  localDateTime,
  localized,
  ReportAccepted,
  ReportBecameOverdue,
  ReportResolved,
  SignUpsPaused,
  SuggestionAdopted,
  SuggestionAnswered,
  SuggestionDeclined,
  type SuggestionPolicy,
  SuggestionResponseBecameOverdue,
  suggestionTopicName,
} from "@courier-station/core";
import {
  CatalogueRedemptionHoldConfirmed,
  CatalogueRedemptionOpened,
  WishClaimed,
  WishDrafted,
  WishHoldConfirmed,
  WishRedeemed,
  WishRevised,
  WishThanked,
} from "@courier-station/wishes";
import { z } from "zod";

/*
 * Which notices an event makes, for whom, and what they say — pure, so every rule of it
 * is tested without a store or a bus. It lives with the service rather than in a package
 * because it reads the events of core and of wishes together (core cannot see wishes'),
 * and because it decides nothing about any aggregate: it only words what was decided.
 */

/**
 * The events the notifications service reads: those that make a notice, and those that
 * tell it what a later notice needs (an activity's title, a wish's title and courier, a
 * redemption's courier and pick-up deadline).
 */
export const NoticeSourceEvent = z.discriminatedUnion("type", [
  CourierVerified,
  CourierRejected,
  ConsentWithdrawn,
  SignUpsPaused,
  ActivityPlanned,
  ActivityDetailsUpdated,
  ActivityCancelled,
  ReportAccepted,
  ReportResolved,
  ReportBecameOverdue,
  SuggestionAnswered,
  SuggestionAdopted,
  SuggestionDeclined,
  SuggestionResponseBecameOverdue,
  WishDrafted,
  WishRevised,
  WishClaimed,
  WishRedeemed,
  WishHoldConfirmed,
  WishThanked,
  CatalogueRedemptionOpened,
  CatalogueRedemptionHoldConfirmed,
]);
/** An event the notifications service reads. */
export type NoticeSourceEvent = z.infer<typeof NoticeSourceEvent>;

/** The type of every event the notifications service reads. */
export const noticeSourceEventTypes: ReadonlyArray<NoticeSourceEvent["type"]> =
  NoticeSourceEvent.options.map((option) => option.shape.type.value);

/** The roles a person's inbox belongs to. */
export type InboxRole = "courier" | "staff" | "handler" | "sponsor";

/**
 * Who a notice is for: one person (by role and actor id), or the staff desk of the
 * community (every staff member of it; `stationId` when it concerns one station).
 */
export type NoticeRecipient =
  | { readonly kind: "person"; readonly role: InboxRole; readonly id: string }
  | { readonly kind: "staff-desk"; readonly stationId?: string };

/** A notice an event makes, before it has an id or a time. */
export interface NoticeDraft {
  readonly recipient: NoticeRecipient;
  readonly kind: NoticeKind;
  readonly about: NoticeAbout;
  readonly title: LocalizedText;
  readonly body: LocalizedText;
}

/**
 * What the service remembers of an activity, a wish or a catalogue redemption from its
 * earlier events, because a later event that makes a notice does not carry it.
 */
export interface KnownSubject {
  readonly about: NoticeAbout;
  readonly title?: string;
  /** The courier whose wish or redemption it is. */
  readonly courierId?: string;
  /** When a wish redeemed with points, or a reward, is due (to be handed over, picked up). */
  readonly dueAt?: Instant;
  /** Whether a wish redeemed with points is then wholly funded. */
  readonly fullyFunded?: boolean;
  readonly stationId?: string;
}

/** What wording a notice needs besides the event: the community's time zone. */
export interface NoticeSettings {
  readonly timeZone: string;
  /**
   * The policy's suggestion topics, so that a notice names a topic as couriers and staff
   * read it (安全与权益) rather than by its id; a notice without them names the id.
   */
  readonly suggestionTopics?: SuggestionPolicy["topics"];
}

/**
 * The activity, wish or catalogue redemption an event belongs to, when the service
 * remembers something of it (see {@link learnedFrom}) or a notice needs what it
 * remembers; `undefined` for other events.
 *
 * @example
 * subjectOf({ type: "ActivityCancelled", data: { activityId: "a-1", … } });
 * // { aggregate: "activity", id: "a-1" }
 */
export const subjectOf = (event: NoticeSourceEvent): NoticeAbout | undefined => {
  switch (event.type) {
    case "ActivityPlanned":
    case "ActivityDetailsUpdated":
    case "ActivityCancelled":
      return { aggregate: "activity", id: event.data.activityId };
    case "WishDrafted":
    case "WishRevised":
    case "WishClaimed":
    case "WishRedeemed":
    case "WishHoldConfirmed":
    case "WishThanked":
      return { aggregate: "wish", id: event.data.wishId };
    case "CatalogueRedemptionOpened":
    case "CatalogueRedemptionHoldConfirmed":
      return { aggregate: "catalogueRedemption", id: event.data.redemptionId };
    default:
      return undefined;
  }
};

/**
 * What the service remembers of a subject after an event (its title, its courier, when it
 * is due), from what it knew before; `undefined` when the event teaches nothing new.
 *
 * @example
 * learnedFrom(activityPlanned, undefined); // { about: { aggregate: "activity", … }, title: "河道清洁" }
 */
export const learnedFrom = (
  event: NoticeSourceEvent,
  known: KnownSubject | undefined,
): KnownSubject | undefined => {
  const about = subjectOf(event);
  if (about === undefined) return undefined;
  const base: KnownSubject = known ?? { about };
  switch (event.type) {
    case "ActivityPlanned":
    case "ActivityDetailsUpdated":
      return {
        ...base,
        title: event.data.details.title,
        stationId: event.data.details.stationId,
      };
    case "WishDrafted":
      return {
        ...base,
        title: event.data.title,
        courierId: event.data.courierId,
        stationId: event.data.stationId,
      };
    case "WishRevised":
      return { ...base, title: event.data.title };
    case "WishRedeemed": {
      const { dueAt, ...rest } = base;
      return {
        ...rest,
        courierId: event.data.courierId,
        fullyFunded: event.data.fullyFunded,
        ...(event.data.dueAt === undefined ? {} : { dueAt: event.data.dueAt }),
      };
    }
    case "CatalogueRedemptionOpened":
      return {
        ...base,
        title: event.data.itemTitle,
        courierId: event.data.courierId,
        dueAt: event.data.dueAt,
        stationId: event.data.stationId,
      };
    default:
      return undefined;
  }
};

/**
 * Whether a notice of this event needs what the service remembers of its subject and
 * cannot be sent without it (the event does not name its courier).
 */
export const needsKnownCourier = (event: NoticeSourceEvent): boolean =>
  event.type === "WishHoldConfirmed" || event.type === "CatalogueRedemptionHoldConfirmed";

/** The longest excerpt of a person's words (an answer, a note) a notice quotes. */
export const excerptLength = 200;

/**
 * A person's words shortened for a notice: at most {@link excerptLength} characters (code
 * points), whole words where possible not being a concern in Chinese, with "…" when cut.
 *
 * @example
 * excerpt("已安排工作人员清理"); // "已安排工作人员清理"
 */
export const excerpt = (text: string): string => {
  const characters = Array.from(text.trim());
  return characters.length <= excerptLength
    ? characters.join("")
    : `${characters.slice(0, excerptLength - 1).join("")}…`;
};

const monthNames = [
  "Jan",
  "Feb",
  "Mar",
  "Apr",
  "May",
  "Jun",
  "Jul",
  "Aug",
  "Sep",
  "Oct",
  "Nov",
  "Dec",
] as const;

const twoDigits = (value: number): string => String(value).padStart(2, "0");

/**
 * An instant as a person reads it in a notice, in the community's time zone: `11月29日
 * 00:30` in Chinese, `29 Nov 00:30` in English.
 *
 * @example
 * localTimeText(Instant.parse("2026-11-28T16:30:00Z"), "Asia/Shanghai");
 * // { "zh-CN": "11月29日 00:30", en: "29 Nov 00:30" }
 */
export const localTimeText = (instant: Instant, timeZone: string): LocalizedText => {
  const local = localDateTime(instant, timeZone);
  const time = `${twoDigits(local.hour)}:${twoDigits(local.minute)}`;
  return localized(
    `${local.month}月${local.day}日 ${time}`,
    `${local.day} ${monthNames[local.month - 1] ?? ""} ${time}`,
  );
};

const activityFieldNames: Readonly<Record<string, LocalizedText>> = {
  title: localized("名称", "title"),
  description: localized("介绍", "description"),
  organiser: localized("组织者", "organiser"),
  stationId: localized("服务站", "station"),
  place: localized("地点", "place"),
  startsAt: localized("开始时间", "start"),
  endsAt: localized("结束时间", "end"),
  capacity: localized("名额", "places"),
  volunteerHours: localized("志愿时长", "volunteer hours"),
  pointsOverride: localized("积分", "points"),
};

const listed = (fields: ReadonlyArray<string>): LocalizedText => {
  const names = fields.map((field) => activityFieldNames[field] ?? localized(field, field));
  return localized(
    names.map((name) => name["zh-CN"]).join("、"),
    names.map((name) => name.en).join(", "),
  );
};

const courier = (id: string): NoticeRecipient => ({ kind: "person", role: "courier", id });

const quoted = (title: string | undefined, zhCN: string, en: string): LocalizedText =>
  title === undefined ? localized(zhCN, en) : localized(`「${title}」`, `"${title}"`);

/**
 * The notices an event makes: for whom, of what kind, about what, and their title and
 * body in zh-CN and en. `known` is what the service remembers of the event's subject
 * (see {@link learnedFrom}); without it a notice says less (an activity without its
 * title), or — when it could not be addressed at all — none is made.
 *
 * - `CourierVerified`, `CourierRejected` → the courier: their check-in's result;
 * - `ConsentWithdrawn` → the courier: erasure offered, and when it happens by itself;
 * - `ActivityDetailsUpdated`, `ActivityCancelled` → each courier in `notify`;
 * - `SignUpsPaused` → the courier, until when;
 * - `ReportAccepted` → the handler it is routed to, due by when;
 * - `ReportResolved` → the reporter: "is it fixed?", answer by `confirmationDueAt`;
 * - `ReportBecameOverdue` → its handler, and the staff desk (of its station);
 * - `SuggestionAnswered`, `SuggestionAdopted`, `SuggestionDeclined` → the author;
 * - `SuggestionResponseBecameOverdue` → the staff desk (of its station);
 * - `WishClaimed` → the courier; `WishHoldConfirmed` → the courier who redeemed it;
 * - `CatalogueRedemptionHoldConfirmed` → the courier: ready to pick up;
 * - `WishThanked` → the sponsor who funded it (not the community's own funding).
 *
 * @example
 * noticesOf(reportResolved, undefined, { timeZone: "Asia/Shanghai" });
 * // [{ recipient: { kind: "person", role: "courier", id: "c-1" }, kind: "report-fixed-question", … }]
 */
export const noticesOf = (
  event: NoticeSourceEvent,
  known: KnownSubject | undefined,
  settings: NoticeSettings,
): ReadonlyArray<NoticeDraft> => {
  const at = (instant: Instant) => localTimeText(instant, settings.timeZone);
  switch (event.type) {
    case "CourierVerified":
      return [
        {
          recipient: courier(event.data.courierId),
          kind: "courier-verified",
          about: { aggregate: "courier", id: event.data.courierId },
          title: localized("报到审核通过", "Your check-in is verified"),
          body: localized(
            "欢迎加入小哥e站！现在可以报名活动、许下微心愿，参加活动还能赚积分。",
            "Welcome to Courier Station! You can now sign up for activities, make micro-wishes and earn points by taking part.",
          ),
        },
      ];
    case "CourierRejected":
      return [
        {
          recipient: courier(event.data.courierId),
          kind: "courier-rejected",
          about: { aggregate: "courier", id: event.data.courierId },
          title: localized("报到未通过审核", "Your check-in was not verified"),
          body: localized(
            `原因：${excerpt(event.data.reason)}。如有疑问，请到服务站问问工作人员。`,
            `Reason: ${excerpt(event.data.reason)}. Ask the staff at the station if anything is unclear.`,
          ),
        },
      ];
    case "ConsentWithdrawn": {
      const automatic = event.data.automaticErasureAt;
      const when = automatic === undefined ? undefined : at(automatic);
      return [
        {
          recipient: courier(event.data.courierId),
          kind: "consent-withdrawn",
          about: { aggregate: "courier", id: event.data.courierId },
          title: localized("你已撤回同意", "You withdrew your consent"),
          body:
            when === undefined
              ? localized(
                  "我们不再使用你的个人信息。如需删除，请到服务站找工作人员办理。",
                  "We no longer use your personal data. To have it erased, ask the staff at the station.",
                )
              : localized(
                  `我们不再使用你的个人信息。如不重新同意，将在 ${when["zh-CN"]} 自动删除；也可以到服务站提前办理。`,
                  `We no longer use your personal data. Unless you consent again, it is erased on ${when.en}; the staff at the station can erase it sooner.`,
                ),
        },
      ];
    }
    case "SignUpsPaused": {
      const until = at(event.data.until);
      return [
        {
          recipient: courier(event.data.courierId),
          kind: "sign-ups-paused",
          about: { aggregate: "courier", id: event.data.courierId },
          title: localized("活动报名已暂停", "Your sign-ups are paused"),
          body: localized(
            `你有 ${event.data.noShows} 次报名后没有到场，${until["zh-CN"]} 前不能报名活动。之后欢迎再来！`,
            `You did not come to ${event.data.noShows} activities you signed up for, so you cannot sign up until ${until.en}. You are welcome back after that!`,
          ),
        },
      ];
    }
    case "ActivityDetailsUpdated": {
      const name = quoted(known?.title ?? event.data.details.title, "", "");
      const fields = listed(event.data.changed);
      const starts = at(event.data.details.startsAt);
      const place = event.data.details.place.description;
      return event.data.notify.map((courierId) => ({
        recipient: courier(courierId),
        kind: "activity-changed" as const,
        about: { aggregate: "activity", id: event.data.activityId },
        title: localized(`活动有变动：${name["zh-CN"]}`, `An activity changed: ${name.en}`),
        body: localized(
          `${fields["zh-CN"]}有调整。现在 ${starts["zh-CN"]} 开始，地点：${place}。`,
          `Its ${fields.en} changed. It now starts at ${starts.en}, at ${place}.`,
        ),
      }));
    }
    case "ActivityCancelled": {
      const name = quoted(known?.title, "你报名的活动", "an activity you signed up for");
      return event.data.notify.map((courierId) => ({
        recipient: courier(courierId),
        kind: "activity-cancelled" as const,
        about: { aggregate: "activity", id: event.data.activityId },
        title: localized(`活动已取消：${name["zh-CN"]}`, `Activity cancelled: ${name.en}`),
        body: localized(
          `原因：${excerpt(event.data.reason)}。可以看看其他活动。`,
          `Reason: ${excerpt(event.data.reason)}. Have a look at the other activities.`,
        ),
      }));
    }
    case "ReportAccepted": {
      const due = at(event.data.dueAt);
      return [
        {
          recipient: { kind: "person", role: "handler", id: event.data.handlerId },
          kind: "report-routed",
          about: { aggregate: "report", id: event.data.reportId },
          title: localized("有新的民情上报交给你处理", "A report was routed to you"),
          body: localized(
            `上报 ${event.data.reportId}（${event.data.category}）请在 ${due["zh-CN"]} 前处理。`,
            `Report ${event.data.reportId} (${event.data.category}) is due by ${due.en}.`,
          ),
        },
      ];
    }
    case "ReportResolved": {
      const due = at(event.data.confirmationDueAt);
      return [
        {
          recipient: courier(event.data.reporterId),
          kind: "report-fixed-question",
          about: { aggregate: "report", id: event.data.reportId },
          title: localized("问题解决了吗？", "Is it fixed?"),
          body: localized(
            `你反映的问题已处理：${excerpt(event.data.note)}。请在 ${due["zh-CN"]} 前告诉我们是否真的解决了。`,
            `The problem you reported was dealt with: ${excerpt(event.data.note)}. Please tell us by ${due.en} whether it is really fixed.`,
          ),
        },
      ];
    }
    case "ReportBecameOverdue": {
      const due = at(event.data.dueAt);
      const draft = (recipient: NoticeRecipient): NoticeDraft => ({
        recipient,
        kind: "report-overdue",
        about: { aggregate: "report", id: event.data.reportId },
        title: localized("民情上报已超期", "A report is overdue"),
        body: localized(
          `上报 ${event.data.reportId}（${event.data.category}）应在 ${due["zh-CN"]} 前处理完，现在还没有解决。`,
          `Report ${event.data.reportId} (${event.data.category}) was due by ${due.en} and is not resolved yet.`,
        ),
      });
      return [
        draft({ kind: "person", role: "handler", id: event.data.handlerId }),
        draft(
          event.data.stationId === undefined
            ? { kind: "staff-desk" }
            : { kind: "staff-desk", stationId: event.data.stationId },
        ),
      ];
    }
    case "SuggestionAnswered":
      return [
        {
          recipient: courier(event.data.authorId),
          kind: "suggestion-answered",
          about: { aggregate: "suggestion", id: event.data.suggestionId },
          title: localized("你的建议有回复了", "Your suggestion was answered"),
          body: localized(excerpt(event.data.answer), excerpt(event.data.answer)),
        },
      ];
    case "SuggestionAdopted":
      return [
        {
          recipient: courier(event.data.authorId),
          kind: "suggestion-adopted",
          about: { aggregate: "suggestion", id: event.data.suggestionId },
          title: localized("你的建议被采纳了", "Your suggestion was adopted"),
          body: localized(
            `落实计划：${excerpt(event.data.plan)}`,
            `The plan: ${excerpt(event.data.plan)}`,
          ),
        },
      ];
    case "SuggestionDeclined":
      return [
        {
          recipient: courier(event.data.authorId),
          kind: "suggestion-declined",
          about: { aggregate: "suggestion", id: event.data.suggestionId },
          title: localized("你的建议暂未采纳", "Your suggestion was not adopted"),
          body: localized(
            `原因：${excerpt(event.data.reason)}。谢谢你的建议！`,
            `Reason: ${excerpt(event.data.reason)}. Thank you for your suggestion!`,
          ),
        },
      ];
    case "SuggestionResponseBecameOverdue": {
      const due = at(event.data.dueAt);
      const topic = suggestionTopicName(
        { topics: settings.suggestionTopics ?? [] },
        event.data.topic,
      );
      return [
        {
          recipient:
            event.data.stationId === undefined
              ? { kind: "staff-desk" }
              : { kind: "staff-desk", stationId: event.data.stationId },
          kind: "suggestion-overdue",
          about: { aggregate: "suggestion", id: event.data.suggestionId },
          title: localized("有建议超期未回复", "A suggestion is waiting too long"),
          body: localized(
            `建议 ${event.data.suggestionId}（${topic["zh-CN"]}）应在 ${due["zh-CN"]} 前首次回复。`,
            `Suggestion ${event.data.suggestionId} (${topic.en}) was due a first response by ${due.en}.`,
          ),
        },
      ];
    }
    case "WishClaimed": {
      const name = quoted(known?.title, "你的微心愿", "your micro-wish");
      const due = at(event.data.dueAt);
      return [
        {
          recipient: courier(event.data.courierId),
          kind: "wish-claimed",
          about: { aggregate: "wish", id: event.data.wishId },
          title: localized("你的微心愿有人认领了", "Someone claimed your micro-wish"),
          body: event.data.fullyFunded
            ? localized(
                `${name["zh-CN"]}已被圆梦人认领，将在 ${due["zh-CN"]} 前送到服务站交给你。`,
                `${name.en} was claimed by a sponsor and will be handed to you at the station by ${due.en}.`,
              )
            : localized(
                `圆梦人认领了${name["zh-CN"]}的一部分，剩下的部分可以用积分兑换。`,
                `A sponsor pledged part of ${name.en}; you can redeem the rest with points.`,
              ),
        },
      ];
    }
    case "WishHoldConfirmed": {
      if (known?.courierId === undefined) return [];
      const name = quoted(known.title, "你的微心愿", "your micro-wish");
      const due = known.dueAt === undefined ? undefined : at(known.dueAt);
      return [
        {
          recipient: courier(known.courierId),
          kind: "wish-redeemed",
          about: { aggregate: "wish", id: event.data.wishId },
          title: localized("微心愿兑换成功", "Your micro-wish is redeemed"),
          body:
            known.fullyFunded === true && due !== undefined
              ? localized(
                  `${name["zh-CN"]}的积分已冻结，将在 ${due["zh-CN"]} 前在服务站交给你。`,
                  `The points for ${name.en} are held; it will be handed to you at the station by ${due.en}.`,
                )
              : localized(
                  `${name["zh-CN"]}的积分部分已冻结，等圆梦人认领其余部分。`,
                  `The points part of ${name.en} is held; a sponsor can now claim the rest.`,
                ),
        },
      ];
    }
    case "CatalogueRedemptionHoldConfirmed": {
      if (known?.courierId === undefined) return [];
      const name = quoted(known.title, "你兑换的礼品", "the reward you redeemed");
      const due = known.dueAt === undefined ? undefined : at(known.dueAt);
      return [
        {
          recipient: courier(known.courierId),
          kind: "catalogue-ready",
          about: { aggregate: "catalogueRedemption", id: event.data.redemptionId },
          title: localized("可以领取了", "Ready to pick up"),
          body:
            due === undefined
              ? localized(
                  `${name["zh-CN"]}已经备好，请到服务站领取。`,
                  `${name.en} is ready: pick it up at the station.`,
                )
              : localized(
                  `${name["zh-CN"]}已经备好，请在 ${due["zh-CN"]} 前到服务站领取。`,
                  `${name.en} is ready: pick it up at the station by ${due.en}.`,
                ),
        },
      ];
    }
    case "WishThanked": {
      const funder = event.data.funder;
      if (funder?.kind !== "sponsor") return [];
      const name = quoted(known?.title, "你点亮的微心愿", "the micro-wish you fulfilled");
      const note = event.data.note;
      return [
        {
          recipient: { kind: "person", role: "sponsor", id: funder.sponsorId },
          kind: "wish-thanked",
          about: { aggregate: "wish", id: event.data.wishId },
          title: localized("小哥向你致谢", "A courier thanked you"),
          body:
            note === undefined
              ? localized(`谢谢你点亮${name["zh-CN"]}！`, `Thank you for fulfilling ${name.en}!`)
              : localized(
                  `${name["zh-CN"]}的主人说：${excerpt(note)}`,
                  `The courier of ${name.en} says: ${excerpt(note)}`,
                ),
        },
      ];
    }
    default:
      return [];
  }
};

/**
 * The text of a notice in one language.
 *
 * @example
 * inLanguage(draft.title, "en");
 */
export const inLanguage = (text: LocalizedText, language: Language): string => text[language];

/**
 * Whether an actor is a notice's recipient, who alone may mark it read: the person it is
 * for (same role, same id), or — for a staff-desk notice — any staff member (their
 * community is checked before).
 *
 * @example
 * isRecipient(courierActor("c-1"), { kind: "person", role: "courier", id: "c-1" }); // true
 * isRecipient(courierActor("c-2"), { kind: "person", role: "courier", id: "c-1" }); // false
 */
export const isRecipient = (actor: Actor, recipient: NoticeRecipient): boolean =>
  recipient.kind === "person"
    ? actor.role === recipient.role && actor.id === recipient.id
    : actor.role === "staff";
