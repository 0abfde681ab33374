import {
  type CatalogueItemId,
  type CourierId,
  type Instant,
  type LocalizedText,
  localized,
  type RedemptionId,
  type StationId,
} from "@courier-station/core";
import { z } from "zod";
import type { PointsHold } from "../holds.js";

/**
 * Where a catalogue redemption is:
 *
 * ```text
 * requested ──hold confirmed──▶ ready ──hand over──▶ fulfilled   (hold posted)
 *     │                           ├──cancel──▶ cancelled        (hold voided)
 *     │                           └──expire──▶ expired          (hold voided)
 *     ├──cancel / expire (hold voided)
 *     └──hold refused──▶ failed                                  (no hold)
 * ```
 */
export const CatalogueRedemptionStatus = z.enum([
  "requested",
  "ready",
  "fulfilled",
  "cancelled",
  "expired",
  "failed",
]);
/** Where a catalogue redemption is. */
export type CatalogueRedemptionStatus = z.infer<typeof CatalogueRedemptionStatus>;

/** The name of each redemption status in zh-CN and en. */
export const catalogueRedemptionStatusNames: Readonly<
  Record<CatalogueRedemptionStatus, LocalizedText>
> = {
  requested: localized("积分冻结中", "requested"),
  ready: localized("待领取", "ready to pick up"),
  fulfilled: localized("已领取", "picked up"),
  cancelled: localized("已取消", "cancelled"),
  expired: localized("逾期未领", "expired"),
  failed: localized("兑换失败", "failed"),
};

/**
 * The statuses a redemption never leaves. In each, its hold has been posted (fulfilled)
 * or voided (cancelled, expired), or was never created (failed).
 */
export const terminalCatalogueRedemptionStatuses: ReadonlyArray<CatalogueRedemptionStatus> = [
  "fulfilled",
  "cancelled",
  "expired",
  "failed",
];

/** A redemption of units of a catalogue item with points. */
export interface CatalogueRedemption {
  readonly status: CatalogueRedemptionStatus;
  readonly redemptionId: RedemptionId;
  readonly itemId: CatalogueItemId;
  readonly courierId: CourierId;
  readonly quantity: number;
  readonly itemTitle: string;
  readonly stationId: StationId;
  readonly hold: PointsHold;
  /** When the units must be picked up by; after it the timer expires the redemption. */
  readonly dueAt: Instant;
  readonly openedAt: Instant;
  readonly confirmedAt?: Instant;
  readonly settledAt?: Instant;
  /** Why it failed, was cancelled, or the hand-over note. */
  readonly note?: string;
  readonly updatedAt: Instant;
}

/** The state of a catalogue redemption aggregate: nothing yet, or the redemption. */
export type CatalogueRedemptionState = { readonly status: "none" } | CatalogueRedemption;

/** The state of a catalogue redemption before its first event. */
export const initialCatalogueRedemptionState = (): CatalogueRedemptionState => ({
  status: "none",
});

/** Whether the redemption exists (has been opened). */
export const isOpened = (state: CatalogueRedemptionState): state is CatalogueRedemption =>
  state.status !== "none";
