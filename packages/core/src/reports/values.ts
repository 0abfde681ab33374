import { z } from "zod";
import { GeoPoint } from "../kernel/geo.js";
import { type LocalizedText, localized } from "../kernel/localized-text.js";
import { displayText, freeText } from "../kernel/text.js";
import { bilingual } from "../kernel/validation.js";

/**
 * Where a sentinel report's problem is: the address as people say it, with a point and
 * its datum when the reporter gave one (WGS-84 from GPS, or GCJ-02 from Amap and Tencent
 * Maps; the datum is kept as given and converted where needed) and, from an Open311
 * client, the jurisdiction's own id of the address (`address_id`).
 *
 * @example
 * { point: { latitude: 30.7416, longitude: 121.3464, datum: "GCJ-02" },
 *   address: "金山万达广场北侧龙胜路河边" }
 */
export const ReportLocation = z.strictObject({
  /** Absent when the reporter gave only an address (Open311 allows it). */
  point: GeoPoint.optional(),
  /** The id of the address in the jurisdiction's address register (Open311 `address_id`). */
  addressId: z
    .string()
    .regex(
      /^[A-Za-z0-9][A-Za-z0-9_.:/-]{0,99}$/,
      bilingual(
        "地址编号须为 1 至 100 位字母、数字或“_.:/-”",
        "an address id is 1 to 100 letters, digits or '_.:/-'",
      ),
    )
    .optional(),
  address: displayText({ subject: { zhCN: "地址", en: "the address" }, max: 200 }),
});
/** Where a sentinel report's problem is. */
export type ReportLocation = z.infer<typeof ReportLocation>;

/**
 * A link to media the reporter gave (the Open311 `media_url`), kept as given: an `http`
 * or `https` URL of at most 2,000 characters.
 */
export const ReportMediaUrl = z
  .url({
    protocol: /^https?$/,
    ...bilingual("须为 http 或 https 链接", "must be an http or https URL"),
  })
  .max(2_000);
/** A link to media the reporter gave. */
export type ReportMediaUrl = z.infer<typeof ReportMediaUrl>;

/**
 * A reference to a photo kept by the media store (its key, not the image): letters,
 * digits, `_`, `-` and `.`, at most 128 long, so it is safe in a URL path segment.
 */
export const PhotoReference = z
  .string()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/,
    bilingual(
      "照片引用须为 1 至 128 位字母、数字、“_”“-”或“.”，以字母或数字开头",
      "a photo reference is 1 to 128 letters, digits, '_', '-' or '.', starting with a letter or a digit",
    ),
  );
/** A reference to a photo kept by the media store. */
export type PhotoReference = z.infer<typeof PhotoReference>;

/**
 * A status note (处置说明) a step carries: shown to the public with the step unless
 * the step is staff-only.
 */
export const ReportNote = freeText({ subject: { zhCN: "说明", en: "the note" }, max: 1_000 });
/** A status note. */
export type ReportNote = z.infer<typeof ReportNote>;

/**
 * Where a sentinel report is in its lifecycle, after Open311 GeoReport v2 and FixMyStreet:
 *
 * - `submitted`: a courier reported it; staff have not looked yet;
 * - `accepted`: staff found it real and useful and routed it to its category's handler;
 * - `in_progress`: the handler is working on it;
 * - `resolved`: the handler says it is fixed; the reporter is asked whether it really is;
 * - `reopened`: it was not fixed after all; back with the handler, with a new due time;
 * - `closed`: the fix was confirmed (by the reporter, staff, or after the confirmation window);
 * - `rejected`: invalid, or a duplicate of an earlier report.
 */
export const ReportStatus = z.enum([
  "submitted",
  "accepted",
  "in_progress",
  "resolved",
  "reopened",
  "closed",
  "rejected",
]);
/** Where a sentinel report is in its lifecycle. */
export type ReportStatus = z.infer<typeof ReportStatus>;

/**
 * Who took a step on a report, as the report's history keeps it: the reporter, staff,
 * a handler or the system (closing after the confirmation window). The public view shows
 * only the role, so the reporter stays anonymous.
 */
export const ReportActor = z.strictObject({
  role: z.enum(["reporter", "staff", "handler", "system"]),
  id: z.string().min(1).max(128),
});
/** Who took a step on a report. */
export type ReportActor = z.infer<typeof ReportActor>;

/** The name of each report status in zh-CN and en, for messages and screens. */
export const reportStatusNames: Readonly<Record<ReportStatus, LocalizedText>> = {
  submitted: localized("待受理", "submitted"),
  accepted: localized("已受理", "accepted"),
  in_progress: localized("处置中", "in progress"),
  resolved: localized("已办结待确认", "resolved"),
  reopened: localized("已重新打开", "reopened"),
  closed: localized("已关闭", "closed"),
  rejected: localized("已驳回", "rejected"),
};
