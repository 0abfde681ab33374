import {
  type CommunityPolicy,
  type LocalizedText,
  localized,
  type ReportStatus,
  reportCategoryName,
  reportStatusNames,
  type SuggestionStatus,
  suggestionStatusNames,
} from "@courier-station/core";
import type { EarningReason } from "@courier-station/points";
import type { MonthPlan } from "./month.js";
import type { MonthStatistics } from "./statistics.js";

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

/**
 * The month's statistics as text, every label in zh-CN and en, for the console.
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
  const { couriers, activities, reports, suggestions, points, ledger, wishes } = statistics;

  line(
    `${policy.general.programmeName["zh-CN"]} · ${statistics.year} 年 ${statistics.month} 月 / ${policy.general.programmeName.en} · November ${statistics.year}`,
  );
  line(`（种子 seed ${plan.seed}，小哥 ${plan.couriers} 名 couriers）`);
  line();
  line("小哥报到 Couriers");
  line(`  报到 registered: ${figure(couriers.registered)}`);
  line(`  已核验 verified: ${figure(couriers.verified)}`);
  line(`  e哥志愿服务队 volunteer team: ${figure(couriers.volunteerTeam)}`);
  line(`  爽约暂停报名 sign-ups paused after no-shows: ${figure(couriers.signUpsPaused)}`);
  line();
  line("活动 Activities");
  line(
    `  已完成 completed: ${figure(activities.completed)} · 已取消 cancelled: ${figure(activities.cancelled)}`,
  );
  line(`  参与人次 participations: ${figure(activities.participations)}`);
  line(`  参与人数 unique participants: ${figure(activities.uniqueParticipants)}`);
  line(`  志愿时长 volunteer hours: ${activities.volunteerHours.toFixed(2)}`);
  line(
    `  现场登记 walk-ins: ${figure(activities.walkIns)} · 爽约 no-shows: ${figure(activities.noShows)}`,
  );
  line();
  line(
    `民情前哨 Sentinel reports: ${figure(reports.total)} (核实 verified ${figure(reports.verified)}, 重复佐证 corroborated ${figure(reports.corroborations)}, 超时 overdue ${figure(reports.overdue)})`,
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
    `小哥有话说 Suggestions: ${figure(suggestions.total)} (附议 seconds ${figure(suggestions.seconds)}, 已回应 responded ${figure(suggestions.responded)})`,
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
    `  兑换 spent: ${figure(points.spent)} · 过期 expired: ${figure(points.expired)} · 获得积分的小哥 couriers earning: ${figure(points.couriersEarning)}`,
  );
  line(
    `  月初结余 outstanding at opening: ${figure(points.openingOutstanding)} · 月末结余 at close: ${figure(points.closingOutstanding)} (冻结 held ${figure(points.heldAtClose)})`,
  );
  const balanced = ledger.postedSum === 0 && ledger.pendingSum === 0;
  line(
    `  账本平衡 ledger sums to zero: ${balanced ? "是 yes" : "否 NO"} (Σ posted ${ledger.postedSum}, Σ pending ${ledger.pendingSum}, ${figure(ledger.accounts)} 个账户 accounts)`,
  );
  line();
  line("微心愿 Micro-wishes");
  line(
    `  已圆梦 fulfilled: ${figure(wishes.fulfilled)} (积分兑换 with points ${figure(wishes.byPoints)}, 圆梦人 by sponsors ${figure(wishes.bySponsor)})`,
  );
  line();
  const refusals = Object.entries(statistics.refusals).sort(([a], [b]) => a.localeCompare(b));
  const refusedTotal = refusals.reduce((sum, [, count]) => sum + count, 0);
  line(`规则拒绝的指令 Commands the rules refused: ${figure(refusedTotal)}`);
  for (const [code, count] of refusals) line(`  ${code}: ${figure(count)}`);
  return lines.join("\n");
};
