import {
  type AccountId,
  CourierId,
  type DomainErrorShape,
  EventId,
  Instant,
  TransferId,
} from "@courier-station/core";
import { expect } from "vitest";
import type {
  CreateTransferRequest,
  ExpireTransferRequest,
  PostTransferRequest,
  VoidTransferRequest,
} from "../account/rules.js";
import { courierAccountId, systemAccountId } from "../accounts.js";
import type { TransferReason } from "../transfer.js";

/** An instant from text (tests only). */
export const instant = (text: string): Instant => Instant.parse(text);

/** A fixed test time: 2026-11-28 10:00 in Shanghai. */
export const NOW = instant("2026-11-28T02:00:00.000Z");

/** A time some minutes after {@link NOW}. */
export const minutesAfterNow = (minutes: number): Instant =>
  new Date(Date.parse(NOW) + minutes * 60_000).toISOString() as Instant;

/** A courier id. */
export const courier = (id: string): CourierId => CourierId.parse(id);
/** A courier's account id. */
export const accountOf = (id: string): AccountId => courierAccountId(courier(id));
/** A transfer id. */
export const tid = (id: string): TransferId => TransferId.parse(id);
/** An event id. */
export const eid = (id: string): EventId => EventId.parse(id);

/** The system accounts. */
export const ISSUANCE = systemAccountId("issuance");
export const REDEMPTION = systemAccountId("redemption");
export const EXPIRY = systemAccountId("expiry");
export const ADJUSTMENT = systemAccountId("adjustment");

/** The actor of test flows. */
export const SYSTEM_ACTOR = "system:test";

/** A request that earns a courier points (issuance → courier). */
export const earnRequest = (
  id: string,
  courierName: string,
  amount: number,
  reason: TransferReason = "participation",
): CreateTransferRequest => ({
  kind: "create",
  id: tid(id),
  debitAccount: ISSUANCE,
  creditAccount: accountOf(courierName),
  amount,
  reason,
  reference: `event-${id}`,
  actor: SYSTEM_ACTOR,
});

/** A request that spends a courier's points on a wish, at once or as a hold until `timeoutAt`. */
export const spendRequest = (
  id: string,
  courierName: string,
  amount: number,
  timeoutAt?: Instant,
): CreateTransferRequest => ({
  kind: "create",
  id: tid(id),
  debitAccount: accountOf(courierName),
  creditAccount: REDEMPTION,
  amount,
  reason: "wish_redemption",
  reference: `wish-${id}`,
  actor: SYSTEM_ACTOR,
  timeoutAt,
});

/** Posts a hold. */
export const postRequest = (id: string, pending: string, amount?: number): PostTransferRequest => ({
  kind: "post",
  id: tid(id),
  pendingTransferId: tid(pending),
  amount,
  actor: SYSTEM_ACTOR,
});

/** Voids a hold. */
export const voidRequest = (id: string, pending: string): VoidTransferRequest => ({
  kind: "void",
  id: tid(id),
  pendingTransferId: tid(pending),
  actor: SYSTEM_ACTOR,
});

/** Expires a hold. */
export const expireRequest = (pending: string): ExpireTransferRequest => ({
  kind: "expire",
  pendingTransferId: tid(pending),
  actor: SYSTEM_ACTOR,
});

/**
 * Asserts a refusal: its stable code, and a message in both languages.
 */
export const expectRefusal = (error: DomainErrorShape | undefined, code: string): void => {
  expect(error?.code).toBe(code);
  expect(error?.text["zh-CN"].length ?? 0).toBeGreaterThan(0);
  expect(error?.text.en.length ?? 0).toBeGreaterThan(0);
};
