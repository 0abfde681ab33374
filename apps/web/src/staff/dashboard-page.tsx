import { useQuery } from "@tanstack/react-query";
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  DatePicker,
  Row,
  Select,
  Space,
  Statistic,
  Table,
  Typography,
} from "antd";
import dayjs, { type Dayjs } from "dayjs";
import type { EChartsReactProps } from "echarts-for-react";
import { lazy, Suspense, useState } from "react";
import { useSearchParams } from "react-router";
import { useStations } from "./activities-page";
import { dataOf, problemMessage } from "./console-kit";
import { useGateway } from "./gateway";
import { localized, platformName, reportStatusName } from "./labels";

/*
 * ECharts is most of the console's weight and only this page draws charts: its code is
 * fetched when a chart is first shown, not with the console.
 */
const ReactECharts = lazy(() => import("echarts-for-react"));

/** A chart of the given height, with a placeholder of that height while ECharts loads. */
const Chart = (props: {
  readonly option: EChartsReactProps["option"];
  readonly height: number;
}) => {
  const { tx } = useGateway();
  return (
    <Suspense
      fallback={
        <div role="status" aria-live="polite" style={{ height: props.height }}>
          <Typography.Text type="secondary">
            {tx("图表加载中…", "Loading the chart…")}
          </Typography.Text>
        </div>
      }
    >
      <ReactECharts option={props.option} style={{ height: props.height }} notMerge />
    </Suspense>
  );
};

/** Query parameters with nested objects as the gateway reads them: `period.kind=month`. */
export const dottedQuery = (query: Readonly<Record<string, unknown>>): string => {
  const search = new URLSearchParams();
  const add = (prefix: string, value: unknown) => {
    if (value === undefined) return;
    if (typeof value === "object" && value !== null) {
      for (const [name, inner] of Object.entries(value)) add(`${prefix}.${name}`, inner);
    } else search.append(prefix, String(value));
  };
  for (const [name, value] of Object.entries(query)) add(name, value);
  return search.toString();
};

const lastMonth = (): string => {
  const now = new Date();
  const month = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
  return month.toISOString().slice(0, 7);
};

/**
 * A week of the month as a label: its ISO number and its days in the month, e.g.
 * "第48周（11/23–11/29）" or "W48 (11/23–11/29)", the days in the community's time zone.
 */
const weekLabel = (
  week: { readonly week: number; readonly period: { readonly from: string; readonly to: string } },
  language: string,
): string => {
  const day = new Intl.DateTimeFormat(language, {
    month: "numeric",
    day: "numeric",
    timeZone: "Asia/Shanghai",
  });
  const first = day.format(new Date(week.period.from));
  // The period's end is the next week's first moment: its last day is a millisecond before.
  const last = day.format(new Date(Date.parse(week.period.to) - 1));
  const days = first === last ? first : `${first}–${last}`;
  return language === "zh-CN" ? `第${week.week}周（${days}）` : `W${week.week} (${days})`;
};

interface FigureRow {
  readonly key: string;
  readonly label: string;
  readonly value: number;
}

/** A chart with its table beside it (below on a narrow screen), so every figure can be read without the chart. */
/**
 * Whether charts animate: not for people who asked their system for reduced motion (and
 * so not in the browser tests, whose screenshots then show the figures drawn in full).
 */
const chartsAnimate = (): boolean =>
  typeof window.matchMedia !== "function" ||
  !window.matchMedia("(prefers-reduced-motion: reduce)").matches;

const ChartWithTable = (props: {
  readonly title: string;
  readonly rows: ReadonlyArray<FigureRow>;
  readonly kind: "bar" | "pie";
  readonly valueTitle: string;
  /** The heading of the table's first column (the chart's title when not given). */
  readonly labelTitle?: string;
  /** Show "no figures" instead of a chart of zeros (the table still lists the rows). */
  readonly emptyWhenAllZero?: boolean;
}) => {
  const { tx } = useGateway();
  const option =
    props.kind === "pie"
      ? {
          aria: { enabled: true },
          animation: chartsAnimate(),
          tooltip: { trigger: "item" },
          series: [
            {
              type: "pie",
              radius: ["35%", "65%"],
              data: props.rows.map((row) => ({ name: row.label, value: row.value })),
            },
          ],
        }
      : {
          aria: { enabled: true },
          animation: chartsAnimate(),
          tooltip: { trigger: "axis" },
          grid: { left: 48, right: 16, top: 16, bottom: 48 },
          xAxis: {
            type: "category",
            data: props.rows.map((row) => row.label),
            axisLabel: { interval: 0, rotate: 20 },
          },
          yAxis: { type: "value", minInterval: 1 },
          series: [{ type: "bar", data: props.rows.map((row) => row.value) }],
        };
  return (
    <Card title={props.title} size="small">
      <Row gutter={16}>
        <Col xs={24} lg={14}>
          {props.rows.length === 0 ||
          (props.emptyWhenAllZero === true && props.rows.every((row) => row.value === 0)) ? (
            <Typography.Text type="secondary">
              {tx("本月没有数据", "No figures this month")}
            </Typography.Text>
          ) : (
            <Chart option={option} height={260} />
          )}
        </Col>
        <Col xs={24} lg={10}>
          <Table
            size="small"
            pagination={false}
            dataSource={[...props.rows]}
            columns={[
              { title: props.labelTitle ?? props.title, dataIndex: "label" },
              { title: props.valueTitle, dataIndex: "value", align: "right" },
            ]}
          />
        </Col>
      </Row>
    </Card>
  );
};

/** Reports by category and status: a stacked bar per category, with the same counts as a table. */
const ReportsByCategory = (props: {
  readonly counts: Readonly<Record<string, Readonly<Record<string, number | undefined>>>>;
  readonly categoryName: (code: string) => string;
}) => {
  const { tx, language } = useGateway();
  const categories = Object.keys(props.counts).filter((category) =>
    Object.values(props.counts[category] ?? {}).some((count) => (count ?? 0) > 0),
  );
  const statuses = reportStatuses.filter((status) =>
    categories.some((category) => (props.counts[category]?.[status] ?? 0) > 0),
  );
  const option = {
    aria: { enabled: true },
    animation: chartsAnimate(),
    tooltip: { trigger: "axis" },
    legend: { bottom: 0 },
    grid: { left: 48, right: 16, top: 16, bottom: 72 },
    xAxis: {
      type: "category",
      data: categories.map(props.categoryName),
      axisLabel: { interval: 0, rotate: 20 },
    },
    yAxis: { type: "value", minInterval: 1 },
    series: statuses.map((status) => ({
      type: "bar",
      stack: "reports",
      name: reportStatusName(status, language),
      data: categories.map((category) => props.counts[category]?.[status] ?? 0),
    })),
  };
  return (
    <Card title={tx("上报按类别和状态", "Reports by category and status")} size="small">
      {categories.length === 0 ? (
        <Typography.Text type="secondary">
          {tx("本月没有数据", "No figures this month")}
        </Typography.Text>
      ) : (
        <Row gutter={16}>
          <Col xs={24} lg={12}>
            <Chart option={option} height={300} />
          </Col>
          <Col xs={24} lg={12}>
            <Table
              size="small"
              pagination={false}
              scroll={{ x: true }}
              rowKey="category"
              dataSource={categories.map((category) => ({ category }))}
              columns={[
                {
                  title: tx("类别", "Category"),
                  key: "category",
                  render: (_, row) => props.categoryName(row.category),
                },
                ...statuses.map((status) => ({
                  title: reportStatusName(status, language),
                  key: status,
                  align: "right" as const,
                  render: (_: unknown, row: { category: string }) =>
                    props.counts[row.category]?.[status] ?? 0,
                })),
              ]}
            />
          </Col>
        </Row>
      )}
    </Card>
  );
};

const reportStatuses = [
  "submitted",
  "accepted",
  "in_progress",
  "resolved",
  "reopened",
  "closed",
  "rejected",
] as const;

const rowsOf = (
  counts: Readonly<Record<string, number | undefined>>,
  label: (key: string) => string,
): ReadonlyArray<FigureRow> =>
  Object.entries(counts)
    .filter((entry): entry is [string, number] => entry[1] !== undefined && entry[1] > 0)
    .map(([key, value]) => ({ key, label: label(key), value }));

/**
 * The statistics dashboard for a month and a station: the month's figures as a district
 * officer reports them, then charts each with its table, and the monthly report as .xlsx
 * or CSV. The month and station are kept in the address bar.
 */
export const DashboardPage = () => {
  const { client, community, tx, language } = useGateway();
  const { message } = App.useApp();
  const [search, setSearch] = useSearchParams();
  const month = search.get("month") ?? lastMonth();
  const stationId = search.get("station") ?? undefined;
  const [year = 2026, monthNumber = 1] = month.split("-").map(Number);
  const shownMonth = dayjs(`${month}-01`);
  const stations = useStations();
  const [downloading, setDownloading] = useState<"xlsx" | "csv" | undefined>();
  const setParameter = (name: string, value: string | undefined) => {
    const next = new URLSearchParams(search);
    if (value === undefined || value === "") next.delete(name);
    else next.set(name, value);
    setSearch(next);
  };
  const figures = useQuery({
    queryKey: ["statistics", community, month, stationId],
    queryFn: () =>
      dataOf(
        client.GET("/v1/communities/{community}/statistics", {
          params: {
            path: { community },
            query: {
              period: { kind: "month", year, month: monthNumber },
              ...(stationId ? { stationId } : {}),
            },
          },
          querySerializer: dottedQuery,
        }),
      ),
  });
  const totals = useQuery({
    queryKey: ["running-totals", community, stationId],
    queryFn: () =>
      dataOf(
        client.GET("/v1/communities/{community}/statistics/running-totals", {
          params: { path: { community }, query: stationId ? { stationId } : {} },
        }),
      ),
  });
  const reports = useQuery({
    queryKey: ["reports", community, undefined],
    queryFn: () =>
      dataOf(
        client.GET("/v1/communities/{community}/reports", {
          params: { path: { community }, query: { limit: 100 } },
        }),
      ),
  });
  const download = async (format: "xlsx" | "csv") => {
    setDownloading(format);
    try {
      const { data, error, response } = await client.GET(
        "/v1/communities/{community}/monthly-reports/{year}/{month}",
        {
          params: { path: { community, year, month: monthNumber }, query: { format, language } },
          parseAs: "blob",
        },
      );
      if (error !== undefined || !response.ok || !(data instanceof Blob)) {
        message.error(problemMessage(error, response.status));
        return;
      }
      const disposition = response.headers.get("Content-Disposition") ?? "";
      const named = /filename\*=UTF-8''([^;]+)/i.exec(disposition)?.[1];
      const fileName = named ? decodeURIComponent(named) : `monthly-report-${month}.${format}`;
      const url = URL.createObjectURL(data);
      const link = document.createElement("a");
      link.href = url;
      link.download = fileName;
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } finally {
      setDownloading(undefined);
    }
  };
  const programme = figures.data?.programme;
  const points = figures.data?.points;
  const wishes = figures.data?.wishes;
  const count = tx("数量", "Count");
  return (
    <Space orientation="vertical" size="middle" style={{ width: "100%" }}>
      <Typography.Title level={2}>{tx("统计看板", "Statistics")}</Typography.Title>
      <Space wrap align="end">
        <Space orientation="vertical" size={2}>
          <label htmlFor="dashboard-month">{tx("月份", "Month")}</label>
          <DatePicker
            id="dashboard-month"
            picker="month"
            format={language === "zh-CN" ? "YYYY年M月" : "MMM YYYY"}
            value={shownMonth.isValid() ? shownMonth : null}
            onChange={(picked: Dayjs | null) => setParameter("month", picked?.format("YYYY-MM"))}
          />
        </Space>
        <Space orientation="vertical" size={2}>
          <label htmlFor="dashboard-station">{tx("服务站", "Station")}</label>
          <Select
            id="dashboard-station"
            style={{ minWidth: 200 }}
            allowClear
            placeholder={tx("全部服务站", "All stations")}
            value={stationId}
            onChange={(value?: string) => setParameter("station", value)}
            options={(stations.data?.items ?? []).map((station) => ({
              value: station.stationId,
              label: localized(station.name, language),
            }))}
          />
        </Space>
        <Button
          type="primary"
          loading={downloading === "xlsx"}
          onClick={() => void download("xlsx")}
        >
          {tx("下载月报（Excel）", "Download monthly report (.xlsx)")}
        </Button>
        <Button loading={downloading === "csv"} onClick={() => void download("csv")}>
          {tx("下载 CSV", "Download CSV")}
        </Button>
      </Space>
      {figures.error ? <Alert type="error" showIcon message={figures.error.message} /> : null}
      {programme === undefined ? null : (
        <>
          <Row gutter={[16, 16]}>
            {[
              [tx("报到小哥", "Couriers checked in"), programme.couriers.checkedIn],
              [tx("已核验", "Verified"), programme.couriers.verified],
              [tx("举办活动", "Activities held"), programme.activities.held],
              [tx("参与人次", "Participations"), programme.activities.participations],
              [tx("志愿时长", "Volunteer hours"), programme.activities.volunteerHours],
              [tx("问题上报", "Reports"), programme.reports.total],
              [tx("建议", "Suggestions"), programme.suggestions.total],
              [tx("实现心愿", "Wishes fulfilled"), wishes?.fulfilled ?? 0],
            ].map(([title, value]) => (
              <Col key={String(title)} xs={12} md={6}>
                <Card size="small">
                  <Statistic
                    title={title}
                    value={Number(value)}
                    formatter={(shown) => new Intl.NumberFormat(language).format(Number(shown))}
                  />
                </Card>
              </Col>
            ))}
          </Row>
          <ChartWithTable
            kind="bar"
            title={tx("每周参与人次", "Participations by week")}
            labelTitle={tx("周", "Week")}
            valueTitle={tx("人次", "Participations")}
            emptyWhenAllZero
            rows={(figures.data?.participationsByWeek ?? []).map((week) => ({
              key: `${week.year}-W${week.week}`,
              label: weekLabel(week, language),
              value: week.participations,
            }))}
          />
          <ChartWithTable
            kind="bar"
            title={tx("每月参与人次", "Participations by month")}
            valueTitle={count}
            rows={(totals.data?.months ?? []).slice(-6).map((entry) => ({
              key: `${entry.year}-${entry.month}`,
              label: `${entry.year}-${String(entry.month).padStart(2, "0")}`,
              value: entry.inMonth.participations,
            }))}
          />
          <ChartWithTable
            kind="bar"
            title={tx("积分：获得与使用", "Points earned and spent")}
            valueTitle={tx("积分", "Points")}
            rows={
              points === undefined
                ? []
                : [
                    { key: "earned", label: tx("获得", "Earned"), value: points.earned },
                    { key: "spent", label: tx("使用", "Spent"), value: points.spent },
                    { key: "granted", label: tx("手动发放", "Granted"), value: points.granted },
                    { key: "deducted", label: tx("手动扣减", "Deducted"), value: points.deducted },
                    { key: "expired", label: tx("过期", "Expired"), value: points.expired },
                  ]
            }
          />
          <ReportsByCategory
            counts={
              programme.reports.byCategory as Record<string, Record<string, number | undefined>>
            }
            categoryName={(code) => {
              const named = reports.data?.items.find((report) => report.category === code);
              return named === undefined ? code : localized(named.categoryName, language);
            }}
          />
          <ChartWithTable
            kind="pie"
            title={tx("心愿实现方式", "Wishes fulfilled by")}
            valueTitle={count}
            rows={
              wishes === undefined
                ? []
                : rowsOf(
                    {
                      sponsor: wishes.bySponsor,
                      points: wishes.byPoints,
                      both: wishes.byPointsAndSponsor,
                      community: wishes.byCommunity,
                    },
                    (key) =>
                      ({
                        sponsor: tx("圆梦人认领", "Sponsors"),
                        points: tx("积分兑换", "Points"),
                        both: tx("积分加圆梦人", "Points and sponsor"),
                        community: tx("社区资助", "Community"),
                      })[key] ?? key,
                  )
            }
          />
          <ChartWithTable
            kind="pie"
            title={tx("小哥按平台", "Couriers by platform")}
            valueTitle={count}
            rows={rowsOf(programme.couriers.byPlatform, (key) => platformName(key, language))}
          />
        </>
      )}
    </Space>
  );
};
