import {
  bilingual,
  derivedIdPattern,
  displayText,
  freeText,
  Instant,
  Language,
  StationId,
} from "@courier-station/core";
import { z } from "zod";
import { commandContract, defineContract, pageRequestShape, queryContract } from "./contract.js";

/**
 * A notice's id: derived from the event it tells of and its recipient (`d-` and 40 hex
 * digits, the kit's derived ids), so an event delivered again makes the same notice.
 */
export const NoticeId = z
  .string()
  .regex(
    derivedIdPattern,
    bilingual("消息编号须为“d-”加 40 位十六进制数字", "a notice id is 'd-' and 40 hex digits"),
  );
/** A notice's id. */
export type NoticeId = z.infer<typeof NoticeId>;

/**
 * What a notice tells of, one kind per event and recipient:
 * - `courier-verified`, `courier-rejected`: the result of a courier's check-in (小哥报到);
 * - `consent-withdrawn`: a courier withdrew their consent; erasure offered, and when it
 *   happens by itself if the community's policy erases automatically;
 * - `activity-changed`, `activity-cancelled`: an activity a courier holds a place in;
 * - `sign-ups-paused`: a courier's sign-ups paused after no-shows;
 * - `report-routed`: a report routed to its handler, due by when;
 * - `report-fixed-question`: "is it fixed?" (问题解决了吗), asked of a report's reporter;
 * - `report-overdue`: a report still with its handler after its due time (handler, staff);
 * - `suggestion-answered`, `suggestion-adopted`, `suggestion-declined`: a suggestion's author;
 * - `suggestion-overdue`: a suggestion waiting too long for its first response (staff);
 * - `wish-claimed`: a sponsor pledged a courier's micro-wish (微心愿);
 * - `wish-redeemed`: the points of a wish redeemed with points are held;
 * - `catalogue-ready`: a reward redeemed from the catalogue is ready to pick up;
 * - `wish-thanked`: the courier thanked the sponsor who fulfilled their wish;
 * - `district-notice`: a notice staff or a district's own service posted to the couriers
 *   of the community or of one station (`PostDistrictNotice`).
 */
export const NoticeKind = z.enum([
  "courier-verified",
  "courier-rejected",
  "consent-withdrawn",
  "activity-changed",
  "activity-cancelled",
  "sign-ups-paused",
  "report-routed",
  "report-fixed-question",
  "report-overdue",
  "suggestion-answered",
  "suggestion-adopted",
  "suggestion-declined",
  "suggestion-overdue",
  "wish-claimed",
  "wish-redeemed",
  "catalogue-ready",
  "wish-thanked",
  "district-notice",
]);
/** What a notice tells of. */
export type NoticeKind = z.infer<typeof NoticeKind>;

/**
 * Which inbox: `mine`, the asking person's own; `staff-desk`, the community's staff desk
 * (notices for the staff of a station or of the community, shared by its staff).
 */
export const InboxBox = z.enum(["mine", "staff-desk"]);
/** Which inbox. */
export type InboxBox = z.infer<typeof InboxBox>;

/** What a notice is about: the aggregate and its id (a report, a wish, an activity…). */
export const NoticeAbout = z.strictObject({
  aggregate: z.string().min(1).max(40),
  id: z.string().min(1).max(128),
});
/** What a notice is about. */
export type NoticeAbout = z.infer<typeof NoticeAbout>;

/** One notice as its recipient reads it, in their language. */
export const NoticeView = z.strictObject({
  noticeId: NoticeId,
  kind: NoticeKind,
  box: InboxBox,
  /** The station a staff-desk notice is for, when known. */
  stationId: StationId.optional(),
  language: Language,
  title: z.string(),
  body: z.string(),
  about: NoticeAbout,
  /** When what it tells of happened (the event's time). */
  createdAt: Instant,
  read: z.boolean(),
  readAt: Instant.optional(),
  /** When a district notice stops being shown (it leaves the inbox then). */
  expiresAt: Instant.optional(),
});
/** One notice as its recipient reads it. */
export type NoticeView = z.infer<typeof NoticeView>;

/** A page of an inbox, newest first, with the inbox's unread count. */
export const InboxPage = z.strictObject({
  language: Language,
  items: z.array(NoticeView),
  next: z.string().optional(),
  /** Unread notices in the whole inbox (not just this page). */
  unread: z.number().int().min(0),
});
/** A page of an inbox. */
export type InboxPage = z.infer<typeof InboxPage>;

/** The recipient marks one of their notices read (已读). */
export const MarkNoticeRead = z.strictObject({
  type: z.literal("MarkNoticeRead"),
  data: z.strictObject({ noticeId: NoticeId }),
});
/** The recipient marks one of their notices read. */
export type MarkNoticeRead = z.infer<typeof MarkNoticeRead>;

/** A person chooses the language of their notices (in the inbox and outside channels). */
export const ChooseNoticeLanguage = z.strictObject({
  type: z.literal("ChooseNoticeLanguage"),
  data: z.strictObject({ language: Language }),
});
/** A person chooses the language of their notices. */
export type ChooseNoticeLanguage = z.infer<typeof ChooseNoticeLanguage>;

/**
 * The id a poster gives a district notice: 1 to 64 lower-case letters, digits or "-".
 * The same id posted again is the same notice (answered `duplicate`); with another text,
 * audience or expiry it is refused (`notice.district_conflict`).
 */
export const DistrictNoticeKey = z
  .string()
  .regex(
    /^[a-z0-9][a-z0-9-]{0,63}$/,
    bilingual(
      "通知标识须为 1 至 64 位小写字母、数字或“-”",
      "a district notice id is 1 to 64 lower-case letters, digits or '-'",
    ),
  );
/** The id a poster gives a district notice. */
export type DistrictNoticeKey = z.infer<typeof DistrictNoticeKey>;

/** Who receives a district notice: every courier of the community, or of one station. */
export const DistrictNoticeAudience = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("community") }),
  z.strictObject({ kind: z.literal("station"), stationId: StationId }),
]);
/** Who receives a district notice. */
export type DistrictNoticeAudience = z.infer<typeof DistrictNoticeAudience>;

const noticeTitle = displayText({ subject: { zhCN: "通知标题", en: "a notice title" }, max: 60 });
const noticeBody = freeText({ subject: { zhCN: "通知内容", en: "a notice body" }, max: 1_000 });

/**
 * Staff, or a district's own service (a `system` actor), posts a notice to the couriers of
 * the community or of one station: title and body in zh-CN and en, and optionally when it
 * expires (after that it leaves the inboxes; until then couriers who join the audience
 * receive it too).
 */
export const PostDistrictNotice = z.strictObject({
  type: z.literal("PostDistrictNotice"),
  data: z.strictObject({
    noticeId: DistrictNoticeKey,
    audience: DistrictNoticeAudience,
    title: z.strictObject({ "zh-CN": noticeTitle, en: noticeTitle }),
    body: z.strictObject({ "zh-CN": noticeBody, en: noticeBody }),
    expiresAt: Instant.optional(),
  }),
});
/** Staff or a district's own service posts a notice to couriers. */
export type PostDistrictNotice = z.infer<typeof PostDistrictNotice>;

/** The roles that may post a district notice. */
export const districtNoticeRoles = ["staff", "system"] as const;

/** The roles that have an inbox. */
export const inboxRoles = ["courier", "staff", "handler", "sponsor"] as const;

/**
 * The notifications service's endpoints: an inbox per person (courier, staff, handler,
 * sponsor) fed by the other services' events and by the district notices staff or a
 * district's own service post to couriers, plus the staff desk of a community; read,
 * marked read by its owner, in the language its owner chose (else the community's).
 */
export const notificationsContract = defineContract({
  service: "notifications",
  description:
    "An inbox per person (消息通知), fed by events and by district notices posted to couriers; notices in the recipient's language, marked read by their owner; outside channels through a port.",
  endpoints: {
    MarkNoticeRead: commandContract(
      MarkNoticeRead,
      "Marks one notice read; only its recipient may (for a staff-desk notice, staff of the community).",
    ),
    ChooseNoticeLanguage: commandContract(
      ChooseNoticeLanguage,
      "Chooses the language (zh-CN or en) of the sender's own notices, from now on.",
    ),
    PostDistrictNotice: commandContract(
      PostDistrictNotice,
      "Posts a district notice to the inbox of every courier of the community or of one station; staff or a system service only. The same notice id again is one notice.",
    ),
    ListMyNotices: queryContract({
      name: "ListMyNotices",
      description:
        "The asking person's inbox (or, for staff, the staff desk), newest first, a page at a time, with the unread count.",
      roles: inboxRoles,
      parameters: {
        box: InboxBox.optional(),
        /** On the staff desk, one station's notices only (the unread count too). */
        stationId: StationId.optional(),
        unreadOnly: z.boolean().optional(),
        /** The language to read in; default the one the person chose, else the community's. */
        language: Language.optional(),
        ...pageRequestShape,
      },
      output: InboxPage,
    }),
  },
});
