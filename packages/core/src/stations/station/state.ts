import type { GeoPoint } from "../../kernel/geo.js";
import type { CommunityId, StationId } from "../../kernel/ids.js";
import type { Instant } from "../../kernel/time.js";
import type { OpeningHours } from "../opening-hours.js";
import type { Amenities, BilingualName, StationAddress } from "../values.js";

/** Where a station is in its lifecycle. */
export type StationStatus = "open" | "temporarily-closed" | "retired";

/** Why and since when a station is temporarily closed. */
export interface StationClosure {
  readonly reason: string;
  readonly since: Instant;
  readonly expectedReopeningAt?: Instant;
}

/** A step of a station's lifecycle with who took it, when and why. */
export interface StationHistoryEntry {
  readonly status: StationStatus;
  readonly at: Instant;
  readonly by: string;
  readonly reason?: string;
}

/** An opened station (服务站 / 驿站). */
export interface Station {
  readonly status: StationStatus;
  readonly stationId: StationId;
  readonly community: CommunityId;
  readonly name: BilingualName;
  readonly address: StationAddress;
  readonly location: GeoPoint;
  readonly openingHours: OpeningHours;
  readonly amenities: Amenities;
  readonly contactPhone?: string;
  /** Present while temporarily closed. */
  readonly closure?: StationClosure;
  readonly openedAt: Instant;
  readonly retiredAt?: Instant;
  readonly history: ReadonlyArray<StationHistoryEntry>;
}

/** The state of a station aggregate: nothing before it opens, then the station. */
export type StationState = { readonly status: "unopened" } | Station;

/** The state before the first event. */
export const initialStationState = (): StationState => ({ status: "unopened" });

/** Whether the station has opened (it may since be closed or retired). */
export const isStationOpened = (state: StationState): state is Station =>
  state.status !== "unopened";
