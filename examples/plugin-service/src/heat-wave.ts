import {
  call,
  notificationsContract,
  PolicyBook,
  type PostDistrictNotice,
  registryContract,
} from "@courier-station/contracts";
import {
  addMillis,
  authorize,
  type Campaign,
  CommunityPolicyPublished,
  commandEnvelopeOf,
  DAY,
  derivedId,
  Instant,
  localized,
  systemActor,
} from "@courier-station/core";
import { consumer, defineService, endpoint } from "@courier-station/kit";
import { Effect } from "effect";
import { z } from "zod";

/*
 * A district's heat-wave welfare service (高温关爱), beside Courier Station's own: on a
 * hot-weather alert it is sent, it opens a campaign for the week — the points couriers
 * earn for activities and sentinel reports are multiplied — and posts a notice to the
 * couriers' inboxes once the campaign is in the community's policy.
 *
 * A campaign is a rule of the community's policy (`points.campaigns`), and the policy
 * changes only by a new version published to the registry. So the alert publishes one:
 * the policy in force at the alert's start plus the campaign, taking effect then. The
 * registry validates it as it validates staff's (every rule of `parsePolicy`, versions
 * only forward in time), and the points service applies it to every fact inside the
 * window; nothing already earned changes. The notice is posted when the registry's
 * `CommunityPolicyPublished` event shows the campaign, so a refused alert posts nothing:
 * as a district notice of the notifications service (`PostDistrictNotice`), which puts it
 * in every active courier's inbox until the campaign ends.
 */

/** A hot-weather alert from the district's weather desk (a system) or staff. */
export const ReportHotWeather = z.strictObject({
  type: z.literal("ReportHotWeather"),
  data: z.strictObject({
    /** The weather desk's id of the alert: one campaign per alert. */
    alertId: z.string().regex(/^[a-z0-9][a-z0-9-]{0,24}$/),
    level: z.enum(["orange", "red"]),
    celsius: z.number().min(30).max(60),
    /** When the heat (and the campaign) starts: now or later, never in the past. */
    from: Instant,
    days: z.number().int().min(1).max(14).default(7),
  }),
});

/** Who may send an alert. */
const permissions = { ReportHotWeather: ["system", "staff"] } as const;

const campaignPrefix = "heat-";

/** The campaign an alert opens: ×1.5 for orange, ×2 for red, for activities and reports. */
const campaignOf = (alert: z.output<typeof ReportHotWeather>["data"]): Campaign => ({
  id: `${campaignPrefix}${alert.alertId}`,
  name: localized(`高温关爱（${alert.celsius}°C）`, `Heat-wave care (${alert.celsius} °C)`),
  from: alert.from,
  to: addMillis(alert.from, alert.days * DAY),
  multiplierPercent: alert.level === "red" ? 200 : 150,
  reasons: ["participation", "report"],
});

/** The notice couriers read for a heat-wave campaign, until it ends. */
const noticeOf = (campaign: Campaign): PostDistrictNotice["data"] => {
  const times = `${campaign.multiplierPercent / 100}`;
  const day = (instant: string) => instant.slice(0, 10);
  return {
    noticeId: campaign.id,
    audience: { kind: "community" },
    title: localized("高温关爱：活动积分加倍", "Heat-wave care: more points for taking part"),
    body: localized(
      `${day(campaign.from)} 至 ${day(campaign.to)}，参加活动和上报民情前哨所得积分按 ${times} 倍计；服务站全天供应凉茶和饮用水，请注意防暑。`,
      `From ${day(campaign.from)} to ${day(campaign.to)}, points for activities and sentinel reports count ${times} times; the stations serve cool tea and water all day. Stay safe in the heat.`,
    ),
    expiresAt: campaign.to,
  };
};

/** The heat-wave welfare service, loaded by the station from `plugins:` or run with `--service heat-wave`. */
export const heatWaveService = defineService({
  name: "heat-wave",
  version: "1.0.0",
  description:
    "A district's heat-wave welfare service: campaigns, and notices in couriers' inboxes, on hot-weather alerts.",
  endpoints: [
    endpoint({
      name: "ReportHotWeather",
      description: "A hot-weather alert: opens the week's campaign as a new policy version.",
      input: commandEnvelopeOf(ReportHotWeather),
      handler: (envelope, context) =>
        Effect.gen(function* () {
          const { actor, command, commandId } = envelope;
          yield* authorize(actor, envelope.community, command.type, permissions);
          const book = yield* PolicyBook;
          const inForce = yield* book.inForceAt(context.community, command.data.from);
          const campaign = campaignOf(command.data);
          const { points } = inForce.policy;
          // The registry answers this command id again with its first outcome.
          return yield* call(registryContract, "PublishCommunityPolicy", context.community, {
            commandId: derivedId("heat-wave", context.community, commandId),
            community: context.community,
            actor: systemActor("heat-wave"),
            correlationId: commandId,
            command: {
              type: "PublishCommunityPolicy",
              data: {
                communityId: context.community,
                policyVersion: campaign.id,
                effectiveFrom: campaign.from,
                document: {
                  ...inForce.policy,
                  points: { ...points, campaigns: [...points.campaigns, campaign] },
                },
              },
            },
          });
        }),
    }),
  ],
  consumers: [
    consumer({
      name: "notices",
      events: [{ aggregate: "community", type: "CommunityPolicyPublished" }],
      handler: (event) =>
        Effect.gen(function* () {
          // Parsed by core's own schema: an event this release cannot read fails loudly
          // (and goes to the dead letters) instead of posting a wrong notice.
          const { data } = yield* Effect.try(() =>
            CommunityPolicyPublished.parse({ type: event.type, data: event.data }),
          );
          for (const campaign of data.policy.points.campaigns) {
            if (!campaign.id.startsWith(campaignPrefix)) continue;
            // An ended campaign has nothing to tell; one posted before is answered
            // `duplicate` (a later version keeps it, or the event came again).
            if (Date.parse(campaign.to) <= Date.now()) continue;
            yield* call(notificationsContract, "PostDistrictNotice", event.community, {
              commandId: derivedId("heat-wave-notice", event.community, campaign.id),
              community: event.community,
              actor: systemActor("heat-wave"),
              correlationId: event.correlationId,
              command: { type: "PostDistrictNotice", data: noticeOf(campaign) },
            });
          }
        }),
    }),
  ],
});
