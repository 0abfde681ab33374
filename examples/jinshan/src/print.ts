import {
  type ActivityKind,
  activityKindNames,
  type CommunityPolicy,
  type Instant,
  instantFromMillis,
  type LocalizedText,
  localDateTime,
  localized,
  type Platform,
  platformNames,
  type ReportStatus,
  reportCategoryName,
  reportStatusNames,
  type SuggestionStatus,
  suggestionStatusNames,
} from "@courier-station/core";
import type { EarningReason } from "@courier-station/points";
import type { MonthPlan } from "./month.js";
import type { MonthStatistics, ScopeFigures } from "./statistics.js";

/** The name of each earning reason in zh-CN and en. */
const earningReasonNames: Readonly<Record<EarningReason, LocalizedText>> = {
  participation: localized("活动参与", "participation"),
  report: localized("民情前哨", "reports"),
  suggestion: localized("小哥有话说", "suggestions"),
  patrol: localized("护河巡河", "patrols"),
  welcome: localized("报到欢迎", "welcome"),
  campaign_bonus: localized("活动加成", "campaign bonus"),
};

const both = (text: LocalizedText): string => `${text["zh-CN"]} ${text.en}`;
const figure = (value: number): string => value.toLocaleString("en-US");
const hours = (value: number): string =>
  value.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const yuan = (fen: number): string => `¥${(fen / 100).toFixed(2)}`;

/** A local calendar day, `2026-08-01`. */
const dayOf = (instant: Instant, timeZone: string): string => {
  const local = localDateTime(instant, timeZone);
  return `${local.year}-${String(local.month).padStart(2, "0")}-${String(local.day).padStart(2, "0")}`;
};

/**
 * The statistics as text, every label in zh-CN and en, for the console: November for the
 * community, then each station's November and time since it opened, then the community
 * since the first station opened with its running totals.
 *
 * @example
 * console.log(formatMonthStatistics(statistics, plan, policy));
 */
export const formatMonthStatistics = (
  statistics: MonthStatistics,
  plan: MonthPlan,
  policy: CommunityPolicy,
): string => {
  const lines: string[] = [];
  const line = (text = ""): void => {
    lines.push(text);
  };
  const timeZone = policy.general.timeZone;
  const { november, stations, sinceOpening, ledger } = statistics;

  line(
    `${policy.general.programmeName["zh-CN"]} · ${statistics.year} 年 ${statistics.month} 月 / ${policy.general.programmeName.en} · November ${statistics.year}`,
  );
  line(`（种子 seed ${plan.seed}，小哥 ${plan.couriers} 名 couriers）`);
  for (const station of stations) {
    line(`  ${both(station.name)}: ${dayOf(station.openedAt, timeZone)} 开站 opened`);
  }
  line();

  // ── November, the whole community ──────────────────────────────────────────────────
  const { programme, points } = november;
  const { couriers, activities, reports, suggestions } = programme;
  line(`━━ ${statistics.year} 年 11 月 · 全社区 November ${statistics.year} · the community ━━`);
  line("小哥报到 Couriers");
  line(
    `  报到 registered: ${figure(couriers.registered)} (本月新报到 new this month ${figure(couriers.checkedIn)})`,
  );
  line(`  已核验 verified (active): ${figure(couriers.active)}`);
  line(`  e哥志愿服务队 volunteer team: ${figure(couriers.volunteerTeam)}`);
  line(`  党员报到 party members: ${figure(couriers.partyMembers)}`);
  line(`  爽约暂停报名 sign-ups paused after no-shows: ${figure(couriers.signUpsPaused)}`);
  line();
  line("活动 Activities");
  const kinds = (Object.entries(activities.heldByKind) as Array<[ActivityKind, number]>)
    .filter(([, count]) => count > 0)
    .map(([kind, count]) => `${both(activityKindNames[kind])} ${count}`)
    .join(", ");
  line(
    `  已完成 completed: ${figure(activities.held)} · 已取消 cancelled: ${figure(activities.cancelled)}`,
  );
  line(`    ${kinds}`);
  line(`  参与人次 participations: ${figure(activities.participations)}`);
  line(`  参与人数 unique participants: ${figure(activities.participants)}`);
  line(`  志愿时长 volunteer hours: ${hours(activities.volunteerHours)}`);
  line(
    `  党员参与 by party members: ${figure(activities.byPartyMembers.participations)} 人次 participations, ${figure(activities.byPartyMembers.participants)} 人 participants`,
  );
  const platforms = (
    Object.entries(activities.byPlatform) as Array<
      [Platform, { participations: number; participants: number }]
    >
  )
    .filter(([, count]) => count.participations > 0)
    .map(
      ([platform, count]) =>
        `${both(platformNames[platform])} ${figure(count.participations)}/${figure(count.participants)}`,
    )
    .join(", ");
  line(`  按平台 by platform (人次/人数 participations/participants): ${platforms}`);
  line(
    `  现场登记 walk-ins: ${figure(activities.walkIns)} · 爽约 no-shows: ${figure(activities.noShows)}`,
  );
  line();
  line(
    `民情前哨 Sentinel reports: ${figure(reports.total)} (报告的小哥 reporting couriers ${figure(reports.reporters)}, 核实 verified ${figure(reports.verified)}, 重复佐证 corroborated ${figure(reports.corroborations)}, 超时 overdue ${figure(reports.overdue)})`,
  );
  for (const [category, counts] of Object.entries(reports.byCategory).sort()) {
    const statuses = (Object.entries(counts) as Array<[ReportStatus, number]>)
      .filter(([, count]) => count > 0)
      .map(([status, count]) => `${both(reportStatusNames[status])} ${count}`)
      .join(", ");
    line(`  ${both(reportCategoryName(policy.reports, category))}: ${statuses}`);
  }
  line();
  line(
    `小哥有话说 Suggestions: ${figure(suggestions.total)} (提建议的小哥 couriers who suggested ${figure(suggestions.authors)}, 附议 seconds ${figure(suggestions.seconds)}, 已回应 responded ${figure(suggestions.responded)})`,
  );
  const outcomes = (Object.entries(suggestions.byStatus) as Array<[SuggestionStatus, number]>)
    .filter(([, count]) => count > 0)
    .map(([status, count]) => `${both(suggestionStatusNames[status])} ${count}`)
    .join(", ");
  line(`  ${outcomes}`);
  line(`  采纳 adopted (incl. completed): ${figure(suggestions.adopted)}`);
  line();
  line("积分 Points");
  const earned = (Object.entries(points.earnedByReason) as Array<[EarningReason, number]>)
    .filter(([, amount]) => amount > 0)
    .map(([reason, amount]) => `${both(earningReasonNames[reason])} ${figure(amount)}`)
    .join(", ");
  line(`  获得 earned: ${figure(points.earned)} (${earned})`);
  line(
    `  兑换 spent: ${figure(points.spent)} (微心愿 wishes ${figure(points.spentByReason.wish_redemption)}, 积分商品 catalogue ${figure(points.spentByReason.catalogue_redemption)}) · 过期 expired: ${figure(points.expired)} · 获得积分的小哥 couriers earning: ${figure(points.couriersEarning)}`,
  );
  line(
    `  月初结余 outstanding at opening: ${figure(points.openingOutstanding)} · 月末结余 at close: ${figure(points.closingOutstanding)} (冻结 held ${figure(points.heldAtClose)})`,
  );
  line();
  const { wishes, catalogue } = november;
  line("微心愿 Micro-wishes");
  line(
    `  已圆梦 fulfilled: ${figure(wishes.fulfilled)} (积分兑换 with points ${figure(wishes.byPoints)}, 圆梦人 by sponsors ${figure(wishes.bySponsor)}) · 价值 worth ${yuan(wishes.valueFulfilledFen)}`,
  );
  line(
    `  点亮微心愿 wish-lighting events: ${figure(wishes.wishLighting.events)} 场 events, ${figure(wishes.wishLighting.wishes)} 个心愿点亮 wishes lit, ${figure(wishes.wishLighting.sponsors)} 位圆梦人 sponsors · 待交付 awaiting hand-over ${figure(wishes.awaitingHandOverAtEvents)}`,
  );
  line("积分商品 Reward catalogue");
  const items = Object.entries(catalogue.unitsByItem)
    .map(([title, units]) => `${title} ×${units}`)
    .join(", ");
  line(
    `  领取 picked up: ${figure(catalogue.pickedUp)}${items === "" ? "" : ` (${items})`} · 积分 points ${figure(catalogue.pointsSpent)}`,
  );
  if (plan.bicycle !== undefined) {
    line(
      `  一位 8 月报到的志愿者用积分换了一辆通勤自行车 A volunteer since August took a bicycle for ${figure(plan.bicycle.points)} points (8–10 月所得 earned August to October: ${figure(plan.bicycle.earnedBeforeNovember)})`,
    );
  }
  line();

  // ── Each station: November | since it opened ──────────────────────────────────────
  line("━━ 各站 By station: 11 月 November | 开站以来 since opening ━━");
  for (const station of stations) {
    const month = station.november;
    const since = station.sinceOpening;
    const pair = (of: (scope: ScopeFigures) => number): string =>
      `${figure(of(month))} | ${figure(of(since))}`;
    line(`${both(station.name)} (${dayOf(station.openedAt, timeZone)} 开站 opened)`);
    line(`  活动 activities held: ${pair((scope) => scope.programme.activities.held)}`);
    line(
      `  参与人次 participations: ${pair((scope) => scope.programme.activities.participations)}`,
    );
    line(`  参与人数 participants: ${pair((scope) => scope.programme.activities.participants)}`);
    line(
      `  志愿时长 volunteer hours: ${hours(month.programme.activities.volunteerHours)} | ${hours(since.programme.activities.volunteerHours)}`,
    );
    line(
      `  党员参与人次 party-member participations: ${pair((scope) => scope.programme.activities.byPartyMembers.participations)}`,
    );
    line(`  民情前哨 reports: ${pair((scope) => scope.programme.reports.total)}`);
    line(`  小哥有话说 suggestions: ${pair((scope) => scope.programme.suggestions.total)}`);
    line(
      `  提建议的小哥 couriers who suggested: ${pair((scope) => scope.programme.suggestions.authors)}`,
    );
    line(`  微心愿已圆梦 wishes fulfilled: ${pair((scope) => scope.wishes.fulfilled)}`);
    line(`  积分商品领取 catalogue pick-ups: ${pair((scope) => scope.catalogue.pickedUp)}`);
  }
  line();

  // ── Since the first station opened ────────────────────────────────────────────────
  const total = sinceOpening.programme;
  line(
    `━━ 开站以来 Since opening (${dayOf(sinceOpening.period.from, timeZone)} – ${dayOf(instantFromMillis(Date.parse(sinceOpening.period.to) - 1), timeZone)}) ━━`,
  );
  line(
    `  开站以来 since opening: ${figure(total.activities.held)} 场活动 activities, ${figure(total.activities.participations)} 人次 participations, ${figure(total.activities.participants)} 人 participants, ${hours(total.activities.volunteerHours)} 志愿时长 volunteer hours`,
  );
  line(
    `  报到 couriers checked in: ${figure(total.couriers.checkedIn)} · 民情前哨 reports: ${figure(total.reports.total)} · 小哥有话说 suggestions: ${figure(total.suggestions.total)} (${figure(total.suggestions.authors)} 位小哥 couriers)`,
  );
  line(
    `  党员参与 by party members: ${figure(total.activities.byPartyMembers.participations)} 人次 participations · 微心愿已圆梦 wishes fulfilled: ${figure(sinceOpening.wishes.fulfilled)}`,
  );
  line("  累计 Running totals (当月 in month → 累计 cumulative)");
  for (const month of sinceOpening.runningTotals) {
    line(
      `    ${month.year}-${String(month.month).padStart(2, "0")}: 活动 activities ${figure(month.inMonth.activitiesHeld)} → ${figure(month.cumulative.activitiesHeld)} · 人次 participations ${figure(month.inMonth.participations)} → ${figure(month.cumulative.participations)} · 志愿时长 hours ${hours(month.inMonth.volunteerHours)} → ${hours(month.cumulative.volunteerHours)}`,
    );
  }
  const sincePoints = sinceOpening.points;
  line(
    `  积分 points: 获得 earned ${figure(sincePoints.earned)} · 兑换 spent ${figure(sincePoints.spent)} · 结余 outstanding ${figure(sincePoints.closingOutstanding)}`,
  );
  const balanced = ledger.postedSum === 0 && ledger.pendingSum === 0;
  line(
    `  账本平衡 ledger sums to zero: ${balanced ? "是 yes" : "否 NO"} (Σ posted ${ledger.postedSum}, Σ pending ${ledger.pendingSum}, ${figure(ledger.accounts)} 个账户 accounts)`,
  );
  line();
  const refusals = Object.entries(statistics.refusals).sort(([a], [b]) => a.localeCompare(b));
  const refusedTotal = refusals.reduce((sum, [, count]) => sum + count, 0);
  line(`规则拒绝的指令 Commands the rules refused: ${figure(refusedTotal)}`);
  for (const [code, count] of refusals) line(`  ${code}: ${figure(count)}`);
  return lines.join("\n");
};
