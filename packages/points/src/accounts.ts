import {
  AccountId,
  bilingual,
  type CourierId,
  derivedId,
  identifierPattern,
  isDerivedId,
} from "@courier-station/core";
import { z } from "zod";

/**
 * The system accounts of a community's ledger, the other side of every courier transfer:
 *
 * - `issuance`: where earned points come from (its balance goes negative as points are earned);
 * - `redemption`: where points spent on wishes and catalogue items go;
 * - `expiry`: where expired points go;
 * - `adjustment`: the other side of staff's manual adjustments (人工调整).
 */
export const SystemAccountKind = z.enum(["issuance", "redemption", "expiry", "adjustment"]);
/** A kind of system account. */
export type SystemAccountKind = z.infer<typeof SystemAccountKind>;

/** Every system account kind, in a stable order. */
export const systemAccountKinds: ReadonlyArray<SystemAccountKind> = SystemAccountKind.options;

const SYSTEM_PREFIX = "system-";
const COURIER_ACCOUNT_PREFIX = "courier-";

/**
 * The account id of a system account. Accounts are scoped by community: each
 * community's ledger has its own four system accounts with these ids.
 *
 * @example
 * systemAccountId("issuance"); // "system-issuance"
 */
export const systemAccountId = (kind: SystemAccountKind): AccountId =>
  `${SYSTEM_PREFIX}${kind}` as AccountId;

/**
 * The account id of a courier's points account in their community's ledger (one account
 * per courier per community): `courier-<courierId>`. A courier id too long for that
 * (over 56 characters), or one spelled like a derived id (`d-…`), gives
 * `courier-<derivedId("courier-account", courierId)>` instead. The two forms never meet
 * (the first never continues with `d-`), so no courier can pick an id that lands on
 * another courier's account.
 *
 * @example
 * courierAccountId(CourierId.parse("c-1")); // "courier-c-1"
 */
export const courierAccountId = (courierId: CourierId): AccountId => {
  const readable = `${COURIER_ACCOUNT_PREFIX}${courierId}`;
  return (
    identifierPattern.test(readable) && !isDerivedId(courierId)
      ? readable
      : `${COURIER_ACCOUNT_PREFIX}${derivedId("courier-account", courierId)}`
  ) as AccountId;
};

/** What kind an account is: a courier's own account, or one of the system accounts. */
export type AccountKind =
  | { readonly kind: "courier" }
  | { readonly kind: "system"; readonly system: SystemAccountKind };

const systemKindById: ReadonlyMap<string, SystemAccountKind> = new Map(
  systemAccountKinds.map((kind) => [systemAccountId(kind), kind]),
);

const COURIER_KIND: AccountKind = { kind: "courier" };
const systemKinds: ReadonlyMap<SystemAccountKind, AccountKind> = new Map(
  systemAccountKinds.map((kind) => [kind, { kind: "system", system: kind }]),
);

/**
 * The kind of an account id: `courier` for ids made by {@link courierAccountId},
 * `system` for the four ids of {@link systemAccountId}, `undefined` for anything else
 * (the ledger refuses transfers to unknown accounts).
 *
 * @example
 * accountKindOf(systemAccountId("expiry")); // { kind: "system", system: "expiry" }
 * accountKindOf(courierAccountId(courierId)); // { kind: "courier" }
 */
export const accountKindOf = (account: string): AccountKind | undefined => {
  const system = systemKindById.get(account);
  if (system !== undefined) return systemKinds.get(system);
  return account.length > COURIER_ACCOUNT_PREFIX.length &&
    account.startsWith(COURIER_ACCOUNT_PREFIX)
    ? COURIER_KIND
    : undefined;
};

/** Whether an account id is a courier's account. */
export const isCourierAccount = (account: string): boolean =>
  accountKindOf(account)?.kind === "courier";

/** The system account kind of an account id, or `undefined` when it is not a system account. */
export const systemAccountKindOf = (account: string): SystemAccountKind | undefined =>
  systemKindById.get(account);

/** Parses a courier account id (refuses system and unknown account ids). */
export const CourierAccountId = AccountId.refine(
  (account) => isCourierAccount(account),
  bilingual(
    "须为小哥积分账户（courier-<小哥标识>）",
    "must be a courier account id (courier-<courierId>)",
  ),
);
