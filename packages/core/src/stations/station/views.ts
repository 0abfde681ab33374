import type { GeoPoint } from "../../kernel/geo.js";
import type { StationId } from "../../kernel/ids.js";
import type { Instant } from "../../kernel/time.js";
import { isWithinOpeningHours, type OpeningHours } from "../opening-hours.js";
import type { Amenities, BilingualName, StationAddress } from "../values.js";
import {
  isStationOpened,
  type Station,
  type StationClosure,
  type StationState,
  type StationStatus,
} from "./state.js";

/**
 * Whether couriers can walk in at an instant: the station is open (not closed or
 * retired) and the instant is within its opening hours in the community's time zone.
 *
 * @example
 * isStationOpenAt(station, clock.now(), policy.general.timeZone);
 */
export const isStationOpenAt = (station: Station, instant: Instant, timeZone: string): boolean =>
  station.status === "open" && isWithinOpeningHours(station.openingHours, instant, timeZone);

/** What couriers and the public see of a station (maps, the mini-programme). */
export interface StationPublicView {
  readonly stationId: StationId;
  readonly name: BilingualName;
  readonly address: StationAddress;
  readonly location: GeoPoint;
  readonly openingHours: OpeningHours;
  readonly amenities: Amenities;
  readonly contactPhone?: string;
  readonly status: StationStatus;
  /** Whether it is open at the instant the view was made for. */
  readonly openNow: boolean;
  /** The notice while temporarily closed. */
  readonly closure?: StationClosure;
}

/**
 * The public view of a station at an instant, or `undefined` before it opened. Staff
 * and their history are left out.
 *
 * @example
 * stationPublicView(state, clock.now(), "Asia/Shanghai")?.openNow;
 */
export const stationPublicView = (
  state: StationState,
  now: Instant,
  timeZone: string,
): StationPublicView | undefined => {
  if (!isStationOpened(state)) return undefined;
  return {
    stationId: state.stationId,
    name: state.name,
    address: state.address,
    location: state.location,
    openingHours: state.openingHours,
    amenities: state.amenities,
    ...(state.contactPhone === undefined ? {} : { contactPhone: state.contactPhone }),
    status: state.status,
    openNow: isStationOpenAt(state, now, timeZone),
    ...(state.closure === undefined ? {} : { closure: state.closure }),
  };
};
