import { z } from "zod";

const amount = () => z.number().int().min(0).max(1_000_000);

/** How many points each kind of participation earns, and the limits on earning. */
export const PointsPolicy = z.strictObject({
  /** Points on staff verification of a new courier. */
  welcome: amount().default(10),
  /** Points per confirmed participation in an activity. */
  participation: z
    .strictObject({
      mode: z.enum(["flat", "per-hour"]).default("flat"),
      flat: amount().default(10),
      perHour: amount().default(5),
    })
    .prefault({}),
  /** Points per verified sentinel report, by category id, with a default. */
  reportVerified: z
    .strictObject({
      default: amount().default(5),
      byCategory: z.record(z.string().regex(/^[a-z][a-z0-9-]{0,39}$/), amount()).default({}),
    })
    .prefault({}),
  /** Points per adopted suggestion. */
  suggestionAdopted: amount().default(20),
  /** Points per completed patrol. */
  patrolCompleted: amount().default(5),
  /** The most points a courier earns per local day, week and month (0: no cap). */
  caps: z
    .strictObject({
      perDay: amount().default(50),
      perWeek: amount().default(200),
      perMonth: amount().default(500),
    })
    .prefault({}),
  /** Months after which earned points expire, oldest first; absent: never. */
  expiryMonths: z.number().int().min(1).max(120).optional(),
});
/** How points are earned. */
export type PointsPolicy = z.infer<typeof PointsPolicy>;
