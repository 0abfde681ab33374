import {
  bilingual,
  displayText,
  Instant,
  nameText,
  SponsorId,
  WishId,
} from "@courier-station/core";
import { z } from "zod";
import { Fen, Note, Title, WishCategory } from "../values.js";

const command = <const Type extends string, Shape extends z.ZodRawShape>(
  type: Type,
  shape: Shape,
) => z.strictObject({ type: z.literal(type), data: z.strictObject(shape) });

/**
 * What kind of sponsor (圆梦人): a merchant of the shopping district (商户), a group of
 * merchants (商户联盟, e.g. one floor of a mall), or a resident (居民).
 */
export const SponsorKind = z.enum(["merchant", "merchant-group", "resident"]);
/** What kind of sponsor. */
export type SponsorKind = z.infer<typeof SponsorKind>;

/** The name a sponsor is shown by (a shop's name, or a resident's chosen name): 1 to 40 characters. */
export const SponsorDisplayName = nameText({
  subject: { zhCN: "显示名称", en: "the display name" },
  max: 40,
});
/** The name a sponsor is shown by. */
export type SponsorDisplayName = z.infer<typeof SponsorDisplayName>;

/** A shop in the shopping district: its name and where it is (e.g. `万达广场 1F-102`). */
export const Shop = z.strictObject({
  name: nameText({ subject: { zhCN: "店名", en: "the shop's name" }, max: 60 }),
  location: displayText({ subject: { zhCN: "店铺位置", en: "the shop's location" }, max: 120 }),
});
/** A shop in the shopping district. */
export type Shop = z.infer<typeof Shop>;

/** A merchant of a group of merchants. */
export const SponsorMember = z.strictObject({
  name: nameText({ subject: { zhCN: "商户名称", en: "the merchant's name" }, max: 60 }),
  shop: Shop.optional(),
});
/** A merchant of a group of merchants. */
export type SponsorMember = z.infer<typeof SponsorMember>;

/**
 * How staff reach a sponsor: a contact person and a phone number. Personal data: only
 * staff see it, and the sponsor may have it erased.
 */
export const SponsorContact = z.strictObject({
  name: nameText({ subject: { zhCN: "联系人", en: "the contact's name" }, max: 40 }),
  phone: z
    .string()
    .regex(
      /^\+?[0-9][0-9 -]{4,19}$/,
      bilingual(
        "电话须为 5 至 20 位数字，可含空格或“-”",
        "a phone number is 5 to 20 digits, spaces or '-'",
      ),
    ),
});
/** How staff reach a sponsor. */
export type SponsorContact = z.infer<typeof SponsorContact>;

/**
 * Staff register a sponsor (圆梦人). A merchant needs their shop; a group of merchants at
 * least two members. `thanksWall`: whether the sponsor shows couriers' public thank-you
 * notes on their page (感谢墙).
 *
 * @example
 * { type: "RegisterSponsor", data: {
 *   sponsorId: "wanda-cafe", kind: "merchant", displayName: "万达咖啡",
 *   shop: { name: "万达咖啡", location: "万达广场 1F-102" },
 *   contact: { name: "李店长", phone: "13800138000" }, thanksWall: true } }
 */
export const RegisterSponsor = command("RegisterSponsor", {
  sponsorId: SponsorId,
  kind: SponsorKind,
  displayName: SponsorDisplayName,
  shop: Shop.optional(),
  members: z.array(SponsorMember).max(100).default([]),
  contact: SponsorContact.optional(),
  thanksWall: z.boolean().default(false),
});
/** Staff register a sponsor. */
export type RegisterSponsor = z.infer<typeof RegisterSponsor>;

/** Staff or the sponsor themselves change the sponsor's profile (only the fields given). */
export const UpdateSponsorProfile = command("UpdateSponsorProfile", {
  sponsorId: SponsorId,
  displayName: SponsorDisplayName.optional(),
  shop: Shop.optional(),
  members: z.array(SponsorMember).max(100).optional(),
  contact: SponsorContact.optional(),
  thanksWall: z.boolean().optional(),
});
/** The sponsor's profile changes. */
export type UpdateSponsorProfile = z.infer<typeof UpdateSponsorProfile>;

/** Staff stand a sponsor down (they can no longer claim wishes); the reason is kept. */
export const DeactivateSponsor = command("DeactivateSponsor", {
  sponsorId: SponsorId,
  reason: Note,
});
/** Staff stand a sponsor down. */
export type DeactivateSponsor = z.infer<typeof DeactivateSponsor>;

/** Staff take a sponsor back. */
export const ReactivateSponsor = command("ReactivateSponsor", { sponsorId: SponsorId });
/** Staff take a sponsor back. */
export type ReactivateSponsor = z.infer<typeof ReactivateSponsor>;

/**
 * The wish flow records a wish the sponsor fulfilled (from `WishFulfilled`); recording the
 * same wish again changes nothing.
 */
export const RecordSponsoredWish = command("RecordSponsoredWish", {
  sponsorId: SponsorId,
  wishId: WishId,
  title: Title,
  category: WishCategory,
  /** The part of the wish's value the sponsor gave, in fen. */
  shareFen: Fen,
  fulfilledAt: Instant,
});
/** The wish flow records a wish the sponsor fulfilled. */
export type RecordSponsoredWish = z.infer<typeof RecordSponsoredWish>;

/**
 * The wish flow records a courier's thanks for a wish the sponsor fulfilled (from
 * `WishThanked`); recording it again changes nothing.
 */
export const RecordSponsorThanks = command("RecordSponsorThanks", {
  sponsorId: SponsorId,
  wishId: WishId,
  note: Note.optional(),
  /** Whether the courier let it be shown on the sponsor's thank-you wall. */
  public: z.boolean(),
  thankedAt: Instant,
});
/** The wish flow records a courier's thanks. */
export type RecordSponsorThanks = z.infer<typeof RecordSponsorThanks>;

/**
 * The sponsor's contact details are erased on request (staff, or the sponsor themselves);
 * a resident's display name is replaced too. What they fulfilled stays.
 */
export const EraseSponsorContact = command("EraseSponsorContact", { sponsorId: SponsorId });
/** The sponsor's contact details are erased. */
export type EraseSponsorContact = z.infer<typeof EraseSponsorContact>;

/** Every command of the sponsor aggregate. */
export const SponsorCommand = z.discriminatedUnion("type", [
  RegisterSponsor,
  UpdateSponsorProfile,
  DeactivateSponsor,
  ReactivateSponsor,
  RecordSponsoredWish,
  RecordSponsorThanks,
  EraseSponsorContact,
]);
/** Every command of the sponsor aggregate. */
export type SponsorCommand = z.infer<typeof SponsorCommand>;

/** The type names of every sponsor command, e.g. for the permission table's test. */
export const sponsorCommandTypes: ReadonlyArray<SponsorCommand["type"]> =
  SponsorCommand.options.map((option) => option.shape.type.value);
