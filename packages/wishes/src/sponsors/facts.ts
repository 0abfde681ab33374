import { SponsorId } from "@courier-station/core";
import { z } from "zod";

/** Where a sponsor (圆梦人) is: taking part, or stood down by staff. */
export const SponsorStatus = z.enum(["active", "inactive"]);
/** Where a sponsor is. */
export type SponsorStatus = z.infer<typeof SponsorStatus>;

/**
 * What a wish may know about a sponsor when they claim it: the service looks these facts
 * up (see `sponsorFactsOf`) and passes them in the decision context. No personal data.
 */
export const SponsorFacts = z.strictObject({
  sponsorId: SponsorId,
  status: SponsorStatus,
});
/** What a wish may know about a sponsor. */
export type SponsorFacts = z.infer<typeof SponsorFacts>;
