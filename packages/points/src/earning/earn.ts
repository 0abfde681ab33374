import {
  type AccountId,
  type CommandId,
  type CommunityPolicy,
  type CourierFacts,
  type CourierId,
  derivedId,
  type EventId,
  type Instant,
  type LocalizedText,
  localized,
  type Points,
  type TransferId,
} from "@courier-station/core";
import { courierAccountId, systemAccountId } from "../accounts.js";
import type { CapPeriod, EarningDetails, EarningReason } from "../transfer.js";
import { cappedReasons, type EarnedSoFar } from "./earned-so-far.js";
import { courierOfTrigger, earnedAtOfTrigger, type PointsTrigger } from "./triggers.js";

/**
 * The id of the transfer an event earns by a rule (`welcome`, `participation`,
 * `campaign-<id>`, …): derived, so an event seen twice asks for the same transfer, and in
 * the namespace no caller can choose from.
 *
 * @example
 * earningTransferIdOf(EventId.parse("evt-7"), "participation"); // "d-…"
 */
export const earningTransferIdOf = (triggerId: EventId, rule: string): TransferId =>
  derivedId("points-earning", triggerId, rule) as TransferId;

/**
 * The command id an `EarnPoints` for an event runs under: derived from the event, so the
 * command receipt the store keeps makes the event earn once, however often it arrives.
 *
 * @example
 * handleCommand(pointsAccountDecider, record, { commandId: earningCommandIdOf(event.id), … }, runtime);
 */
export const earningCommandIdOf = (triggerId: EventId): CommandId =>
  derivedId("points-earning", triggerId) as CommandId;

/** A transfer an earning rule asks for: from the issuance account to the courier. */
export interface EarningTransfer {
  /** Derived from the event id and the rule, so an event seen twice earns once. */
  readonly transferId: TransferId;
  readonly debitAccount: AccountId;
  readonly creditAccount: AccountId;
  readonly amount: Points;
  readonly reason: EarningReason;
  /** The event id. */
  readonly reference: string;
  readonly earning: EarningDetails;
}

/**
 * What an event earns a courier:
 *
 * - `earned`: the transfers to make (the base rule first, then any campaign bonuses);
 *   `cappedBy` says when a cap cut the amount and only the remainder was awarded;
 * - `not_earned`: nothing, because a cap is reached (`capped`), the rule gives no
 *   points for it (`not_eligible`), or the courier had withdrawn their consent to data
 *   processing by the event's time (`consent_withdrawn`).
 *
 * `explanation` says it in both languages, for the courier's statement.
 */
export type EarningOutcome =
  | {
      readonly kind: "earned";
      readonly courierId: CourierId;
      readonly transfers: ReadonlyArray<EarningTransfer>;
      /** What the rules gave before caps. */
      readonly requested: number;
      /** What is awarded. */
      readonly awarded: number;
      readonly cappedBy?: CapPeriod;
      readonly explanation: LocalizedText;
    }
  | {
      readonly kind: "not_earned";
      readonly courierId: CourierId;
      readonly reason: "capped" | "not_eligible" | "consent_withdrawn";
      readonly requested: number;
      readonly cappedBy?: CapPeriod;
      readonly explanation: LocalizedText;
    };

interface BaseEarning {
  readonly rule: string;
  readonly reason: Exclude<EarningReason, "campaign_bonus">;
  readonly amount: number;
  readonly activityKind?: string;
}

const lookup = (table: Readonly<Record<string, number>>, key: string): number | undefined =>
  Object.hasOwn(table, key) ? table[key] : undefined;

const reportPoints = (policy: CommunityPolicy, category: string): number =>
  lookup(policy.points.reportVerified.byCategory, category) ?? policy.points.reportVerified.default;

/** The points the base rule of a trigger gives, before campaigns and caps. */
const baseEarningOf = (trigger: PointsTrigger, policy: CommunityPolicy): BaseEarning => {
  const points = policy.points;
  switch (trigger.type) {
    case "CourierVerified":
      return { rule: "welcome", reason: "welcome", amount: points.welcome };
    case "ParticipationConfirmed": {
      const { pointsOverride, activityKind, hours } = trigger.data;
      const participation = points.participation;
      // Hours come with at most two decimals: count centi-hours so the product is exact.
      const perHour = Math.floor((Math.round(hours * 100) * participation.perHour) / 100);
      const amount =
        pointsOverride ??
        lookup(participation.byKind, activityKind) ??
        (participation.mode === "flat" ? participation.flat : perHour);
      return { rule: "participation", reason: "participation", amount, activityKind };
    }
    case "ReportVerified":
      return {
        rule: "report",
        reason: "report",
        amount: reportPoints(policy, trigger.data.category),
      };
    case "ReportMarkedDuplicate":
      return {
        rule: "corroboration",
        reason: "report",
        amount: Math.floor(
          (reportPoints(policy, trigger.data.category) * policy.reports.corroboratorSharePercent) /
            100,
        ),
      };
    case "SuggestionAdopted":
      return { rule: "suggestion", reason: "suggestion", amount: points.suggestionAdopted };
    case "PatrolCompleted":
      return { rule: "patrol", reason: "patrol", amount: points.patrolCompleted };
  }
};

interface Requested {
  readonly rule: string;
  readonly reason: EarningReason;
  readonly transferId: TransferId;
  readonly amount: number;
}

const periodNames: Readonly<Record<CapPeriod, LocalizedText>> = {
  day: localized("本日", "daily"),
  week: localized("本周", "weekly"),
  month: localized("本月", "monthly"),
};

/**
 * The points an event earns its courier by the community's policy, given what the
 * courier has earned so far in the event's local day, week and month. Pure.
 *
 * - Welcome (`CourierVerified`): `points.welcome`, not capped.
 * - Participation (`ParticipationConfirmed`): the activity's `pointsOverride`, else
 *   `participation.byKind[activityKind]`, else flat or per volunteer hour (hours to two
 *   decimals, rounded down).
 * - Report (`ReportVerified`): `reportVerified.byCategory[category]` or its default;
 *   a corroborator (`ReportMarkedDuplicate`) gets `reports.corroboratorSharePercent` of it,
 *   rounded down.
 * - Suggestion (`SuggestionAdopted`), patrol (`PatrolCompleted`): their flat points.
 * - Campaigns active at the event's time that list its reason add a separate
 *   `campaign_bonus` transfer each: `base × (multiplierPercent − 100) / 100`, rounded down.
 * - Caps (per local day, ISO week and month in `general.timeZone`) limit the total,
 *   base first; when a cap is partly left the remainder is awarded.
 *
 * Transfer ids are derived from the event id and the rule ({@link earningTransferIdOf}),
 * so applying the outcome twice earns once.
 *
 * - Consent (`courier`, the facts of the event's courier when the service has them): a
 *   courier who withdrew their consent to data processing at or before the event's time
 *   is no longer processed and earns nothing for it (`consent_withdrawn`); an event from
 *   before the withdrawal still earns, since it happened while they consented.
 *
 * @example
 * const outcome = pointsEarnedBy(
 *   trigger, policy, earnedSoFarOf(history, account, at, zone), courierFacts(courierState),
 * );
 * if (outcome.kind === "earned") for (const transfer of outcome.transfers) apply(transfer);
 */
export const pointsEarnedBy = (
  trigger: PointsTrigger,
  policy: CommunityPolicy,
  soFar: EarnedSoFar,
  courier?: CourierFacts,
): EarningOutcome => {
  const courierId = courierOfTrigger(trigger);
  const earnedAt: Instant = earnedAtOfTrigger(trigger);
  const base = baseEarningOf(trigger, policy);
  const requested: Requested[] = [];
  if (base.amount > 0) {
    requested.push({
      rule: base.rule,
      reason: base.reason,
      transferId: earningTransferIdOf(trigger.id, base.rule),
      amount: base.amount,
    });
    const earnedMillis = Date.parse(earnedAt);
    for (const campaign of policy.points.campaigns) {
      if (earnedMillis < Date.parse(campaign.from) || earnedMillis >= Date.parse(campaign.to)) {
        continue;
      }
      if (!campaign.reasons.includes(base.reason)) continue;
      if (
        base.activityKind !== undefined &&
        campaign.activityKinds !== undefined &&
        !campaign.activityKinds.includes(base.activityKind)
      ) {
        continue;
      }
      const bonus = Math.floor((base.amount * (campaign.multiplierPercent - 100)) / 100);
      if (bonus > 0) {
        requested.push({
          rule: `campaign-${campaign.id}`,
          reason: "campaign_bonus",
          transferId: earningTransferIdOf(trigger.id, `campaign-${campaign.id}`),
          amount: bonus,
        });
      }
    }
  }
  const requestedTotal = requested.reduce((sum, item) => sum + item.amount, 0);
  if (requestedTotal === 0) {
    return {
      kind: "not_earned",
      courierId,
      reason: "not_eligible",
      requested: 0,
      explanation: localized(
        `按本社区积分规则，${trigger.type} 不计积分`,
        `By this community's rules, ${trigger.type} earns no points`,
      ),
    };
  }
  const withdrawnAt = courier?.courierId === courierId ? courier.consentWithdrawnAt : undefined;
  if (withdrawnAt !== undefined && Date.parse(earnedAt) >= Date.parse(withdrawnAt)) {
    return {
      kind: "not_earned",
      courierId,
      reason: "consent_withdrawn",
      requested: requestedTotal,
      explanation: localized(
        `你已于 ${withdrawnAt} 撤回个人信息处理同意，此后的 ${trigger.type} 不计积分`,
        `You withdrew your consent to data processing at ${withdrawnAt}; ${trigger.type} after that earns no points`,
      ),
    };
  }

  // The room left under each cap; a cap of 0 means no cap.
  const caps = policy.points.caps;
  let room = Number.POSITIVE_INFINITY;
  let binding: CapPeriod | undefined;
  if (cappedReasons.has(base.reason)) {
    const limits: ReadonlyArray<readonly [CapPeriod, number, number]> = [
      ["day", caps.perDay, soFar.day],
      ["week", caps.perWeek, soFar.week],
      ["month", caps.perMonth, soFar.month],
    ];
    for (const [period, cap, earned] of limits) {
      if (cap === 0) continue;
      const left = Math.max(0, cap - earned);
      if (left < room) {
        room = left;
        binding = period;
      }
    }
  }

  const transfers: EarningTransfer[] = [];
  let left = room;
  let awarded = 0;
  for (const item of requested) {
    const amount = Math.min(item.amount, left);
    left -= amount;
    if (amount === 0) continue;
    awarded += amount;
    const earning: { -readonly [Key in keyof EarningDetails]: EarningDetails[Key] } = {
      rule: item.rule,
      trigger: trigger.type,
      earnedAt,
      requested: item.amount as Points,
    };
    if (amount < item.amount && binding !== undefined) earning.cappedBy = binding;
    transfers.push({
      transferId: item.transferId,
      debitAccount: systemAccountId("issuance"),
      creditAccount: courierAccountId(courierId),
      amount: amount as Points,
      reason: item.reason,
      reference: trigger.id,
      earning,
    });
  }

  if (awarded === 0 && binding !== undefined) {
    const cap = binding === "day" ? caps.perDay : binding === "week" ? caps.perWeek : caps.perMonth;
    return {
      kind: "not_earned",
      courierId,
      reason: "capped",
      requested: requestedTotal,
      cappedBy: binding,
      explanation: localized(
        `已达${periodNames[binding]["zh-CN"]}积分上限 ${cap}，本次不再计分（应得 ${requestedTotal}）`,
        `The ${periodNames[binding].en} cap of ${cap} points is reached, so nothing more is earned (would have been ${requestedTotal})`,
      ),
    };
  }
  if (awarded < requestedTotal && binding !== undefined) {
    const cap = binding === "day" ? caps.perDay : binding === "week" ? caps.perWeek : caps.perMonth;
    return {
      kind: "earned",
      courierId,
      transfers,
      requested: requestedTotal,
      awarded,
      cappedBy: binding,
      explanation: localized(
        `获得 ${awarded} 积分（应得 ${requestedTotal}，受${periodNames[binding]["zh-CN"]}上限 ${cap} 限制，发放剩余额度）`,
        `Earned ${awarded} points (${requestedTotal} due; the ${periodNames[binding].en} cap of ${cap} left only the remainder)`,
      ),
    };
  }
  return {
    kind: "earned",
    courierId,
    transfers,
    requested: requestedTotal,
    awarded,
    explanation: localized(`获得 ${awarded} 积分`, `Earned ${awarded} points`),
  };
};
