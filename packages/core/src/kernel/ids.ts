import { z } from "zod";
import { derivedIdPattern, derivedIdPrefix, isDerivedId } from "./derived-id.js";
import { bilingual } from "./validation.js";

/**
 * The characters an identifier may hold. Ids travel in NATS subjects (no `.`, `*`, `>`
 * or spaces), MongoDB keys (no `.`, no leading `$`) and URLs, so they are kept to
 * letters, digits, `_` and `-`, starting with a letter or a digit, at most 64 long.
 */
export const identifierPattern = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

const identifier = () =>
  z
    .string()
    .regex(
      identifierPattern,
      bilingual(
        "标识须为 1 至 64 位字母、数字、“_”或“-”，并以字母或数字开头",
        "an id is 1 to 64 letters, digits, '_' or '-', starting with a letter or a digit",
      ),
    );

/**
 * A community (居民区 / 社区) id: the tenant. It appears in NATS subjects, so it is
 * kept to lower-case letters, digits and `-` (for example `jinshan-wanda`).
 */
export const CommunityId = z
  .string()
  .regex(
    /^[a-z0-9][a-z0-9-]{0,39}$/,
    bilingual(
      "社区标识须为 1 至 40 位小写字母、数字或“-”",
      "a community id is 1 to 40 lower-case letters, digits or '-'",
    ),
  )
  .brand<"CommunityId">();
/** A community id. */
export type CommunityId = z.infer<typeof CommunityId>;

/** A station (服务站 / 驿站) id. */
export const StationId = identifier().brand<"StationId">();
/** A station id. */
export type StationId = z.infer<typeof StationId>;

/** A courier (小哥 / 骑手) id. */
export const CourierId = identifier().brand<"CourierId">();
/** A courier id. */
export type CourierId = z.infer<typeof CourierId>;

/** A staff member (工作人员) id. */
export const StaffId = identifier().brand<"StaffId">();
/** A staff member id. */
export type StaffId = z.infer<typeof StaffId>;

/** A sponsor (圆梦人) id: a merchant, a group of merchants or a resident. */
export const SponsorId = identifier().brand<"SponsorId">();
/** A sponsor id. */
export type SponsorId = z.infer<typeof SponsorId>;

/** A handler (处置人) id: a department or grid worker who resolves sentinel reports. */
export const HandlerId = identifier().brand<"HandlerId">();
/** A handler id. */
export type HandlerId = z.infer<typeof HandlerId>;

/** An activity (活动 / 微志愿) id. */
export const ActivityId = identifier().brand<"ActivityId">();
/** An activity id. */
export type ActivityId = z.infer<typeof ActivityId>;

/** A patrol route (护河巡河) id. */
export const PatrolRouteId = identifier().brand<"PatrolRouteId">();
/** A patrol route id. */
export type PatrolRouteId = z.infer<typeof PatrolRouteId>;

/** A checkpoint id on a patrol route. */
export const CheckpointId = identifier().brand<"CheckpointId">();
/** A checkpoint id. */
export type CheckpointId = z.infer<typeof CheckpointId>;

/** A sentinel report (民情前哨) id. */
export const ReportId = identifier().brand<"ReportId">();
/** A sentinel report id. */
export type ReportId = z.infer<typeof ReportId>;

/** A suggestion (小哥有话说) id. */
export const SuggestionId = identifier().brand<"SuggestionId">();
/** A suggestion id. */
export type SuggestionId = z.infer<typeof SuggestionId>;

/** A micro-wish (微心愿) id. */
export const WishId = identifier().brand<"WishId">();
/** A micro-wish id. */
export type WishId = z.infer<typeof WishId>;

/** A reward catalogue item id. */
export const CatalogueItemId = identifier().brand<"CatalogueItemId">();
/** A reward catalogue item id. */
export type CatalogueItemId = z.infer<typeof CatalogueItemId>;

/** A catalogue redemption id. */
export const RedemptionId = identifier().brand<"RedemptionId">();
/** A catalogue redemption id. */
export type RedemptionId = z.infer<typeof RedemptionId>;

/** A points account id. */
export const AccountId = identifier().brand<"AccountId">();
/** A points account id. */
export type AccountId = z.infer<typeof AccountId>;

/**
 * A points transfer id chosen by a caller (a staff adjustment's id, a client's own id):
 * any id except one in the namespace of derived ids (`d-…`, see `derivedId`). The ledger
 * derives the ids of earnings, expiries and hold resolutions, and wishes derive the ids
 * of their holds; refusing that namespace here means no caller can take an id the system
 * will need later (an adjustment named like a hold's expiry would keep the hold from
 * ever expiring).
 */
export const TransferId = identifier()
  .refine(
    (id) => !isDerivedId(id),
    bilingual(
      `转移编号不能以“${derivedIdPrefix}”开头：该前缀留给系统派生的编号`,
      `a transfer id must not start with '${derivedIdPrefix}', which is kept for ids the system derives`,
    ),
  )
  .brand<"TransferId">();
/** A points transfer id (chosen by a caller, or derived: both have this type). */
export type TransferId = z.infer<typeof TransferId>;

/**
 * A points transfer id derived by the system with `derivedId` (`d-` and 40 hex digits):
 * the ids of a wish's or a catalogue redemption's hold and of its post and void.
 */
export const DerivedTransferId = z
  .string()
  .regex(
    derivedIdPattern,
    bilingual(
      "派生的转移编号须为“d-”加 40 位十六进制数字",
      "a derived transfer id is 'd-' and 40 hex digits",
    ),
  )
  .brand<"TransferId">();

/**
 * The id of a transfer as the ledger records it or as a flow of the system names it:
 * chosen by a caller ({@link TransferId}) or derived ({@link DerivedTransferId}). For
 * records, events and commands that only the system sends; what a caller may choose is
 * {@link TransferId}.
 */
export const RecordedTransferId = identifier().brand<"TransferId">();

/** A command id, chosen by the caller; sending it again returns the first outcome. */
export const CommandId = identifier().brand<"CommandId">();
/** A command id. */
export type CommandId = z.infer<typeof CommandId>;

/** An event id. It is also the `Nats-Msg-Id` that lets JetStream drop duplicates. */
export const EventId = identifier().brand<"EventId">();
/** An event id. */
export type EventId = z.infer<typeof EventId>;

/** The id of the conversation a message belongs to (the first command's id, usually). */
export const CorrelationId = identifier().brand<"CorrelationId">();
/** A correlation id. */
export type CorrelationId = z.infer<typeof CorrelationId>;

/**
 * Makes fresh ids. The domain never makes ids itself: the caller passes an
 * IdGenerator, so tests can use {@link sequentialIds} and get the same ids every run.
 */
export interface IdGenerator {
  /** A new id, unique in this deployment, that matches {@link identifierPattern}. */
  readonly next: () => string;
}

interface RandomSource {
  getRandomValues<T extends Uint8Array>(array: T): T;
}

const hex = (bytes: Uint8Array): string => {
  let out = "";
  for (const byte of bytes) out += byte.toString(16).padStart(2, "0");
  return out;
};

/**
 * Formats a UUID version 7 (RFC 9562) from a millisecond timestamp and ten random bytes.
 * UUIDv7 sorts by creation time, which keeps B-tree indexes and logs in order.
 */
export const formatUuidV7 = (unixMillis: number, random: Uint8Array): string => {
  const bytes = new Uint8Array(16);
  let time = Math.floor(unixMillis);
  for (let index = 5; index >= 0; index--) {
    bytes[index] = time % 256;
    time = Math.floor(time / 256);
  }
  for (let index = 0; index < 10; index++) bytes[6 + index] = random[index] ?? 0;
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x70;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const text = hex(bytes);
  return `${text.slice(0, 8)}-${text.slice(8, 12)}-${text.slice(12, 16)}-${text.slice(16, 20)}-${text.slice(20)}`;
};

/**
 * The production IdGenerator: UUIDv7 from the given clock and the platform's
 * cryptographic random source (Web Crypto, present in browsers and Node.js).
 *
 * @example
 * const ids = uuidV7Ids();
 * ids.next(); // "019ac9a2-3b1e-7c4d-8f00-1a2b3c4d5e6f"
 */
export const uuidV7Ids = (
  nowMillis: () => number = () => Date.now(),
  random: RandomSource = (globalThis as unknown as { crypto: RandomSource }).crypto,
): IdGenerator => ({
  next: () => formatUuidV7(nowMillis(), random.getRandomValues(new Uint8Array(10))),
});

/**
 * A deterministic IdGenerator for tests and replays: `prefix-000001`, `prefix-000002`, …
 *
 * @example
 * const ids = sequentialIds("evt");
 * ids.next(); // "evt-000001"
 */
export const sequentialIds = (prefix = "id", start = 1): IdGenerator => {
  let counter = start;
  return {
    next: () => {
      const id = `${prefix}-${String(counter).padStart(6, "0")}`;
      counter += 1;
      return id;
    },
  };
};
