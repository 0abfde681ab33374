import { Either } from "effect";
import { z } from "zod";
import { DomainError } from "./errors.js";
import { localized } from "./localized-text.js";
import { bilingual } from "./validation.js";

/**
 * An amount of points (积分): a non-negative safe integer. Points are never money and
 * never fractional, so every arithmetic on them stays exact.
 */
export const Points = z
  .number()
  .int(
    bilingual(
      "积分须为 0 至 2^53 - 1 之间的整数",
      "points are a whole number between 0 and 2^53 - 1",
    ),
  )
  .min(0)
  .max(Number.MAX_SAFE_INTEGER)
  .brand<"Points">();
/** An amount of points: a non-negative safe integer. */
export type Points = z.infer<typeof Points>;

/** The amount given is not a non-negative safe integer. */
export class InvalidPoints extends DomainError("InvalidPoints", {
  code: "points.invalid_amount",
  httpStatus: 400,
  text: (props: { readonly received: string }) =>
    localized(
      `积分须为 0 至 ${Number.MAX_SAFE_INTEGER} 之间的整数，收到 ${props.received}`,
      `Points must be a whole number from 0 to ${Number.MAX_SAFE_INTEGER}; received ${props.received}`,
    ),
}) {}

const describe = (value: unknown): string => {
  if (typeof value === "number") return Number.isNaN(value) ? "NaN" : String(value);
  if (typeof value === "string") return JSON.stringify(value.slice(0, 32));
  if (typeof value === "bigint") return `${value}n`;
  return typeof value;
};

/**
 * Makes a {@link Points} amount from anything, or says why it cannot.
 *
 * @example
 * toPoints(30); // Either.right(30)
 * toPoints(-1); // Either.left(InvalidPoints)
 * toPoints(1.5); // Either.left(InvalidPoints)
 */
export const toPoints = (value: unknown): Either.Either<Points, InvalidPoints> =>
  typeof value === "number" && Number.isSafeInteger(value) && value >= 0
    ? Either.right(value as Points)
    : Either.left(new InvalidPoints({ received: describe(value) }));

/** Zero points. */
export const ZERO_POINTS = 0 as Points;

/**
 * Adds points, refusing a sum that would leave the safe-integer range.
 *
 * @example
 * addPoints(a, b); // Either.right(a + b)
 */
export const addPoints = (a: Points, b: Points): Either.Either<Points, InvalidPoints> =>
  toPoints(a + b);
