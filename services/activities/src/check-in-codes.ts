import { randomInt } from "node:crypto";
import { CheckInCode } from "@courier-station/core";
import { Context, Effect, Layer } from "effect";

/**
 * Letters and digits a person reads off a screen without confusing them (no 0/O, 1/I/L):
 * 31 of them, so six make close to 900 million codes.
 */
const alphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
const codeLength = 6;

/** Where the service takes the check-in codes it chooses for the station to show. */
export interface CheckInCodeSourceApi {
  /** A new code, unpredictable to anyone who saw the previous ones. */
  readonly next: Effect.Effect<CheckInCode>;
}

/**
 * The check-in codes the activities service chooses when staff start an activity or
 * rotate its code without giving one, and when the policy's rotation timer replaces it.
 */
export class CheckInCodeSource extends Context.Tag(
  "@courier-station/service-activities/CheckInCodeSource",
)<CheckInCodeSource, CheckInCodeSourceApi>() {
  /** Six characters from the operating system's cryptographic random numbers, the default. */
  static readonly layer: Layer.Layer<CheckInCodeSource> = Layer.succeed(CheckInCodeSource, {
    next: Effect.sync(() => {
      let code = "";
      for (let index = 0; index < codeLength; index++) {
        code += alphabet[randomInt(alphabet.length)];
      }
      return CheckInCode.parse(code);
    }),
  });

  /**
   * The given codes in turn, then again from the first: for tests and demonstrations,
   * where the code the station shows must be known.
   *
   * @example
   * CheckInCodeSource.sequence(["4821", "7730"]);
   */
  static sequence(codes: ReadonlyArray<string>): Layer.Layer<CheckInCodeSource> {
    const parsed = codes.map((code) => CheckInCode.parse(code));
    if (parsed.length === 0) throw new TypeError("CheckInCodeSource.sequence needs a code");
    let index = 0;
    return Layer.succeed(CheckInCodeSource, {
      next: Effect.sync(() => {
        const code = parsed[index % parsed.length] as CheckInCode;
        index += 1;
        return code;
      }),
    });
  }
}
