import {
  type Clock as DomainClock,
  type IdGenerator,
  type Instant,
  instantFromMillis,
  uuidV7Ids,
} from "@courier-station/core";
import { Clock, Context, Effect, Layer } from "effect";

/**
 * The time a service decides at: Effect's `Clock`, so a test moves it with `TestClock`
 * and a simulation sets it, and the domain gets it as an `Instant`.
 *
 * @example
 * const now = yield* decisionTime;
 */
export const decisionTime: Effect.Effect<Instant> = Clock.currentTimeMillis.pipe(
  Effect.map(instantFromMillis),
);

/**
 * A domain clock fixed at one instant: what a command's runtime gets, so that every part
 * of one decision sees the same time.
 *
 * @example
 * const clock = clockAt(yield* decisionTime);
 */
export const clockAt = (instant: Instant): DomainClock => ({ now: () => instant });

/** Where services take new ids (event ids, ids of records a flow creates) from. */
export class StationIds extends Context.Tag("@courier-station/contracts/StationIds")<
  StationIds,
  IdGenerator
>() {
  /** UUID v7 ids on Effect's clock, the default. */
  static readonly layer: Layer.Layer<StationIds> = Layer.effect(
    StationIds,
    Effect.map(Effect.clock, (clock) => uuidV7Ids(() => clock.unsafeCurrentTimeMillis())),
  );
}
