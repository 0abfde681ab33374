import { sha256 } from "@noble/hashes/sha2.js";
import { bytesToHex, utf8ToBytes } from "@noble/hashes/utils.js";
import type { CourierId } from "../kernel/ids.js";
import type { CourierEvent } from "./events.js";
import type { ErasedPersonalData } from "./values.js";

/**
 * The pseudonym that replaces an erased courier's personal data and nickname:
 * `erased-` and eight hex digits derived from the courier id alone, so it says nothing
 * about the person, is the same wherever it is computed, and fits a nickname.
 *
 * @example
 * courierPseudonym(CourierId.parse("c-1")); // "erased-…" (8 hex digits)
 */
export const courierPseudonym = (courierId: CourierId): string =>
  `erased-${bytesToHex(sha256(utf8ToBytes(courierId))).slice(0, 8)}`;

/** An event as a decider makes it or as a store keeps it (an envelope): a type and data. */
interface EventLike {
  readonly type: string;
  readonly data: unknown;
}

const erased = (pseudonym: string): ErasedPersonalData => ({ kind: "erased", pseudonym });

/**
 * A past courier event with its personal data replaced, for a store to rewrite a
 * courier's stream after `CourierPersonalDataErased` (pure: the event given is not
 * changed). Works on bare events and on envelopes alike.
 *
 * - `personal` becomes `{ kind: "erased", pseudonym }` and `mobileKey` `null`, so the
 *   number can register again and an index rebuilt from events sees no clash;
 * - the nickname becomes the pseudonym and the work area is dropped, since a courier
 *   may have written identifying words in them;
 * - every other event, and every other field, is returned as it was.
 *
 * @example
 * const scrubbed = stream.map((event) => erasePersonalData(event, erasedEvent.data.pseudonym));
 */
export const erasePersonalData = <Event extends EventLike>(
  event: Event,
  pseudonym: string,
): Event => {
  const courierEvent = event as unknown as CourierEvent;
  switch (courierEvent.type) {
    case "CourierRegistered": {
      const { workArea: _workArea, ...data } = courierEvent.data;
      return {
        ...event,
        data: { ...data, nickname: pseudonym, personal: erased(pseudonym), mobileKey: null },
      };
    }
    case "PersonalDataCorrected":
      return {
        ...event,
        data: { ...courierEvent.data, personal: erased(pseudonym), mobileKey: null },
      };
    case "CourierProfileUpdated": {
      const { workArea, ...data } = courierEvent.data;
      return {
        ...event,
        data: {
          ...data,
          ...(data.nickname === undefined ? {} : { nickname: pseudonym }),
          // A removal (null) says nothing about the person; a new area might.
          ...(workArea === null ? { workArea: null } : {}),
        },
      };
    }
    default:
      return event;
  }
};
