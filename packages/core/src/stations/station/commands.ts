import { z } from "zod";
import { GeoPoint } from "../../kernel/geo.js";
import { StationId } from "../../kernel/ids.js";
import { Instant } from "../../kernel/time.js";
import { bilingual } from "../../kernel/validation.js";
import { OpeningHours } from "../opening-hours.js";
import {
  Amenities,
  BilingualName,
  StationAddress,
  StationNotice,
  StationPhone,
} from "../values.js";

const command = <const Type extends string, Data extends z.ZodType>(type: Type, data: Data) =>
  z.strictObject({ type: z.literal(type), data });

/**
 * Staff open a station (服务站 / 驿站) of their community: a place where couriers rest,
 * drink, charge and meet.
 *
 * @example
 * { type: "OpenStation", data: {
 *   stationId: "wanda-1",
 *   name: { "zh-CN": "金山万达商圈党群服务站", en: "Jinshan Wanda Community Station" },
 *   address: { "zh-CN": "上海市金山区龙山路 555 号", en: "555 Longshan Road, Jinshan, Shanghai" },
 *   location: { latitude: 30.7416, longitude: 121.3464, datum: "GCJ-02" },
 *   openingHours: { kind: "weekly", days: { monday: [{ from: "09:00", to: "21:00" }] } },
 *   amenities: { standard: ["charging", "drinking-water", "microwave"], others: ["雨具借用"] } } }
 */
export const OpenStation = command(
  "OpenStation",
  z.strictObject({
    stationId: StationId,
    name: BilingualName,
    address: StationAddress,
    location: GeoPoint,
    openingHours: OpeningHours,
    amenities: Amenities.prefault({}),
    contactPhone: StationPhone.optional(),
  }),
);
/** Open a station. */
export type OpenStation = z.infer<typeof OpenStation>;

/** Staff change a station's details; only the fields given change (`contactPhone` `null`: removed). */
export const UpdateStationDetails = command(
  "UpdateStationDetails",
  z
    .strictObject({
      stationId: StationId,
      name: BilingualName.optional(),
      address: StationAddress.optional(),
      location: GeoPoint.optional(),
      openingHours: OpeningHours.optional(),
      amenities: Amenities.optional(),
      contactPhone: StationPhone.nullable().optional(),
    })
    .refine(
      (data) => Object.keys(data).some((key) => key !== "stationId"),
      bilingual("至少修改一项信息", "change at least one field"),
    ),
);
/** Change a station's details. */
export type UpdateStationDetails = z.infer<typeof UpdateStationDetails>;

/**
 * Staff close a station for a while (renovation, a typhoon, an epidemic), with a notice
 * and, if known, when it should reopen.
 */
export const CloseStationTemporarily = command(
  "CloseStationTemporarily",
  z.strictObject({
    stationId: StationId,
    reason: StationNotice,
    expectedReopeningAt: Instant.optional(),
  }),
);
/** Close a station for a while. */
export type CloseStationTemporarily = z.infer<typeof CloseStationTemporarily>;

/** Staff reopen a temporarily closed station. */
export const ReopenStation = command("ReopenStation", z.strictObject({ stationId: StationId }));
/** Reopen a station. */
export type ReopenStation = z.infer<typeof ReopenStation>;

/** Staff retire a station for good, with a reason. Final. */
export const RetireStation = command(
  "RetireStation",
  z.strictObject({ stationId: StationId, reason: StationNotice }),
);
/** Retire a station. */
export type RetireStation = z.infer<typeof RetireStation>;

/** Every command of a station. */
export const StationCommand = z.discriminatedUnion("type", [
  OpenStation,
  UpdateStationDetails,
  CloseStationTemporarily,
  ReopenStation,
  RetireStation,
]);
/** Every command of a station. */
export type StationCommand = z.infer<typeof StationCommand>;

/** The type of every station command; each is in the permission table. */
export const stationCommandTypes = [
  "OpenStation",
  "UpdateStationDetails",
  "CloseStationTemporarily",
  "ReopenStation",
  "RetireStation",
] as const satisfies ReadonlyArray<StationCommand["type"]>;
