import {
  activityKindNames,
  type CommunityPolicy,
  CourierStatus,
  courierStatusNames,
  type LocalizedText,
  type MonthRunningTotal,
  Platform,
  platformNames,
  ReportStatus,
  reportStatusNames,
} from "@courier-station/core";
import { stringify } from "csv-stringify/sync";
import ExcelJS from "exceljs";
import type { ScopeFigures } from "./figures.js";

/** The language of a report's headings. */
export type ReportLanguage = "zh-CN" | "en";

/** One column of a monthly report: the community or a station, with its figures. */
export interface ReportColumn {
  readonly heading: LocalizedText;
  readonly figures: ScopeFigures;
}

/** A month's report before it is written out: its title, columns and running totals. */
export interface MonthlyReport {
  readonly community: string;
  readonly year: number;
  readonly month: number;
  /** The community first, then each station that has opened. */
  readonly columns: ReadonlyArray<ReportColumn>;
  /** The community's running totals since its first station opened, to the month's end. */
  readonly runningTotals: ReadonlyArray<MonthRunningTotal>;
  /** When the figures were taken (the workbook's date). */
  readonly takenAt: string;
}

/** A row of the figures table: its section, its label and how to read it from figures. */
interface FigureRow {
  readonly section: LocalizedText;
  readonly label: LocalizedText;
  readonly value: (figures: ScopeFigures) => number | undefined;
}

const text = (zh: string, en: string): LocalizedText => ({ "zh-CN": zh, en });
const HOUR = 3_600_000;
/** Hours to one decimal, for a time given in milliseconds. */
const hoursOf = (millis: number | undefined): number | undefined =>
  millis === undefined ? undefined : Math.round((millis / HOUR) * 10) / 10;
/** A share as a percentage to one decimal. */
const percentOf = (share: number | undefined): number | undefined =>
  share === undefined ? undefined : Math.round(share * 1_000) / 10;

const couriers = text("小哥", "Couriers");
const activities = text("活动", "Activities");
const points = text("积分", "Points");
const wishes = text("微心愿", "Micro-wishes");
const catalogue = text("积分兑换", "Reward catalogue");
const reports = text("民情前哨", "Sentinel reports");
const suggestions = text("小哥有话说", "Suggestions");

/** The rows every report has, in order; report categories are added from the policy. */
const fixedRows = (policy: CommunityPolicy): ReadonlyArray<FigureRow> => [
  {
    section: couriers,
    label: text("本月报到", "Checked in this month"),
    value: (f) => f.programme.couriers.checkedIn,
  },
  {
    section: couriers,
    label: text("本月审核通过", "Verified this month"),
    value: (f) => f.programme.couriers.verified,
  },
  {
    section: couriers,
    label: text("累计登记", "Registered by the month's end"),
    value: (f) => f.programme.couriers.registered,
  },
  ...CourierStatus.options.map(
    (status): FigureRow => ({
      section: couriers,
      label: text(
        `状态：${courierStatusNames[status]["zh-CN"]}`,
        `Status: ${courierStatusNames[status].en}`,
      ),
      value: (f) => f.programme.couriers.byStatus[status],
    }),
  ),
  ...Platform.options.map(
    (platform): FigureRow => ({
      section: couriers,
      label: text(
        `平台：${platformNames[platform]["zh-CN"]}`,
        `Platform: ${platformNames[platform].en}`,
      ),
      value: (f) => f.programme.couriers.byPlatform[platform],
    }),
  ),
  {
    section: couriers,
    label: text("志愿服务队队员", "Volunteer team members"),
    value: (f) => f.programme.couriers.volunteerTeam,
  },
  {
    section: couriers,
    label: text("党员", "Party members"),
    value: (f) => f.programme.couriers.partyMembers,
  },
  {
    section: activities,
    label: text("开展活动（场）", "Activities held"),
    value: (f) => f.programme.activities.held,
  },
  ...(["volunteering", "wish-lighting"] as const).map(
    (kind): FigureRow => ({
      section: activities,
      label: text(
        `其中${activityKindNames[kind]["zh-CN"]}`,
        `of which ${activityKindNames[kind].en}`,
      ),
      value: (f) => f.programme.activities.heldByKind[kind],
    }),
  ),
  {
    section: activities,
    label: text("参与人次", "Participations"),
    value: (f) => f.programme.activities.participations,
  },
  {
    section: activities,
    label: text("参与人数", "Couriers taking part"),
    value: (f) => f.programme.activities.participants,
  },
  {
    section: activities,
    label: text("志愿时长（小时）", "Volunteer hours"),
    value: (f) => f.programme.activities.volunteerHours,
  },
  {
    section: activities,
    label: text("党员参与人次", "Participations by party members"),
    value: (f) => f.programme.activities.byPartyMembers.participations,
  },
  {
    section: activities,
    label: text("取消活动（场）", "Activities cancelled"),
    value: (f) => f.programme.activities.cancelled,
  },
  {
    section: points,
    label: text("发放积分", "Points earned"),
    value: (f) => f.points?.earned,
  },
  {
    section: points,
    label: text("兑换消耗积分", "Points spent"),
    value: (f) => f.points?.spent,
  },
  {
    section: points,
    label: text("过期积分", "Points expired"),
    value: (f) => f.points?.expired,
  },
  {
    section: points,
    label: text("月末未使用积分", "Points outstanding at the month's end"),
    value: (f) => f.points?.closingOutstanding,
  },
  {
    section: points,
    label: text("其中冻结中", "of which held"),
    value: (f) => f.points?.heldAtClose,
  },
  {
    section: wishes,
    label: text("提交心愿", "Wishes submitted"),
    value: (f) => f.wishes.submitted,
  },
  {
    section: wishes,
    label: text("圆梦心愿", "Wishes fulfilled"),
    value: (f) => f.wishes.fulfilled,
  },
  {
    section: wishes,
    label: text("其中圆梦人认领", "by sponsors"),
    value: (f) => f.wishes.bySponsor,
  },
  {
    section: wishes,
    label: text("其中积分兑换", "with points"),
    value: (f) => f.wishes.byPoints,
  },
  {
    section: wishes,
    label: text("其中积分与圆梦人共同", "with points and a sponsor"),
    value: (f) => f.wishes.byPointsAndSponsor,
  },
  {
    section: wishes,
    label: text("圆梦人", "Sponsors"),
    value: (f) => f.wishes.sponsors,
  },
  {
    section: catalogue,
    label: text("兑换领取", "Redemptions picked up"),
    value: (f) => f.catalogue.pickedUp,
  },
  {
    section: reports,
    label: text("上报", "Reported"),
    value: (f) => f.programme.reports.total,
  },
  ...ReportStatus.options.map(
    (status): FigureRow => ({
      section: reports,
      label: text(
        `状态：${reportStatusNames[status]["zh-CN"]}`,
        `Status: ${reportStatusNames[status].en}`,
      ),
      value: (f) => f.programme.reports.byStatus[status],
    }),
  ),
  ...policy.reports.categories.map(
    (category): FigureRow => ({
      section: reports,
      label: text(`类别：${category.name["zh-CN"]}`, `Category: ${category.name.en}`),
      value: (f) =>
        Object.values(f.programme.reports.byCategory[category.id] ?? {}).reduce(
          (sum, count) => sum + count,
          0,
        ),
    }),
  ),
  {
    section: reports,
    label: text("超期未处置", "Overdue"),
    value: (f) => f.programme.reports.overdue,
  },
  {
    section: reports,
    label: text("处置用时中位数（小时）", "Median hours to resolve"),
    value: (f) => hoursOf(f.programme.reports.medianMillisToResolution),
  },
  {
    section: suggestions,
    label: text("提出建议", "Suggestions made"),
    value: (f) => f.programme.suggestions.total,
  },
  {
    section: suggestions,
    label: text("采纳", "Adopted"),
    value: (f) => f.programme.suggestions.adopted,
  },
  {
    section: suggestions,
    label: text("采纳率（%）", "Adoption rate (%)"),
    value: (f) => percentOf(f.programme.suggestions.adoptionRate),
  },
  {
    section: suggestions,
    label: text("首次答复用时中位数（小时）", "Median hours to a first response"),
    value: (f) => hoursOf(f.programme.suggestions.medianMillisToFirstResponse),
  },
];

/**
 * The figures table of a monthly report: a heading row (section, figure, then the
 * community and each station) and one row per figure, in the language asked. A figure a
 * column does not have (points for a station, a median without cases) is left empty.
 *
 * @example
 * monthlyReportTable(report, policy, "en")[0]; // ["Section", "Figure", "Community", "Wanda station", …]
 */
export const monthlyReportTable = (
  report: MonthlyReport,
  policy: CommunityPolicy,
  language: ReportLanguage,
): ReadonlyArray<ReadonlyArray<string | number | null>> => [
  [
    language === "zh-CN" ? "类别" : "Section",
    language === "zh-CN" ? "指标" : "Figure",
    ...report.columns.map((column) => column.heading[language]),
  ],
  ...fixedRows(policy).map((row) => [
    row.section[language],
    row.label[language],
    ...report.columns.map((column) => row.value(column.figures) ?? null),
  ]),
];

/** The running totals table: a heading row and one row per month. */
const runningTotalsTable = (
  report: MonthlyReport,
  language: ReportLanguage,
): ReadonlyArray<ReadonlyArray<string | number>> => [
  language === "zh-CN"
    ? [
        "月份",
        "开展活动（累计）",
        "参与人次（累计）",
        "志愿时长（累计）",
        "报到（累计）",
        "民情上报（累计）",
        "建议（累计）",
      ]
    : [
        "Month",
        "Activities held (to date)",
        "Participations (to date)",
        "Volunteer hours (to date)",
        "Couriers checked in (to date)",
        "Reports (to date)",
        "Suggestions (to date)",
      ],
  ...report.runningTotals.map((month) => [
    `${month.year}-${String(month.month).padStart(2, "0")}`,
    month.cumulative.activitiesHeld,
    month.cumulative.participations,
    month.cumulative.volunteerHours,
    month.cumulative.couriersCheckedIn,
    month.cumulative.reports,
    month.cumulative.suggestions,
  ]),
];

/** The file name of a monthly report. */
export const monthlyReportFileName = (
  report: Pick<MonthlyReport, "community" | "year" | "month">,
  language: ReportLanguage,
  extension: "csv" | "xlsx",
): string =>
  `${report.community}-${report.year}-${String(report.month).padStart(2, "0")}-${language === "zh-CN" ? "月报" : "monthly-report"}.${extension}`;

/**
 * The monthly report as CSV (csv-stringify): the figures table, with a byte-order mark so
 * spreadsheet programs read the Chinese headings as UTF-8.
 *
 * @example
 * const csv = monthlyReportCsv(report, policy, "zh-CN");
 */
export const monthlyReportCsv = (
  report: MonthlyReport,
  policy: CommunityPolicy,
  language: ReportLanguage,
): string =>
  stringify(
    monthlyReportTable(report, policy, language).map((row) => [...row]),
    { bom: true },
  );

/**
 * The monthly report as an .xlsx workbook (ExcelJS): a sheet of the figures table and a
 * sheet of the running totals since opening, headings in the language asked.
 *
 * @example
 * const bytes = await monthlyReportWorkbook(report, policy, "en");
 */
export const monthlyReportWorkbook = async (
  report: MonthlyReport,
  policy: CommunityPolicy,
  language: ReportLanguage,
): Promise<Uint8Array> => {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "Courier Station";
  // The figures' time, not the clock's: the same figures give the same workbook.
  workbook.created = new Date(report.takenAt);
  workbook.modified = new Date(report.takenAt);
  const title =
    language === "zh-CN"
      ? `${report.year}年${report.month}月统计`
      : `Figures ${report.year}-${String(report.month).padStart(2, "0")}`;
  const figures = workbook.addWorksheet(title);
  for (const row of monthlyReportTable(report, policy, language)) figures.addRow([...row]);
  figures.getRow(1).font = { bold: true };
  figures.getColumn(1).width = 16;
  figures.getColumn(2).width = 36;
  for (let column = 3; column <= report.columns.length + 2; column++) {
    figures.getColumn(column).width = 22;
  }
  figures.views = [{ state: "frozen", xSplit: 2, ySplit: 1 }];
  const totals = workbook.addWorksheet(language === "zh-CN" ? "累计" : "Running totals");
  for (const row of runningTotalsTable(report, language)) totals.addRow([...row]);
  totals.getRow(1).font = { bold: true };
  totals.columns.forEach((column) => {
    column.width = 24;
  });
  const buffer = await workbook.xlsx.writeBuffer();
  return new Uint8Array(buffer as ArrayBuffer);
};
