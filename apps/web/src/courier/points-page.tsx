import { useQuery } from "@tanstack/react-query";
import { Button, Empty, List, NoticeBar, Skeleton } from "antd-mobile";
import { useState } from "react";
import { unwrap } from "../api/client";
import { communityTimeZone, useLanguage } from "../i18n/language";
import { useCourier } from "./courier-kit";
import { useMyPoints } from "./home-page";

/** Why points moved, in words. */
const reasonNames: Record<string, readonly [string, string]> = {
  participation: ["参加活动", "Activity"],
  report: ["民情前哨", "Report"],
  suggestion: ["建议被采纳", "Suggestion adopted"],
  patrol: ["巡查", "Patrol"],
  welcome: ["报到奖励", "Welcome"],
  campaign_bonus: ["活动加分", "Campaign bonus"],
  wish_redemption: ["兑换心愿", "Wish"],
  catalogue_redemption: ["兑换物品", "Catalogue item"],
  expiry: ["过期", "Expired"],
  adjustment: ["人工调整", "Adjustment"],
};

const thisMonth = (): { readonly year: number; readonly month: number } => {
  const parts = new Intl.DateTimeFormat("en", {
    year: "numeric",
    month: "numeric",
    timeZone: communityTimeZone,
  }).formatToParts(new Date());
  return {
    year: Number(parts.find((part) => part.type === "year")?.value),
    month: Number(parts.find((part) => part.type === "month")?.value),
  };
};

/**
 * The courier's points: what they can spend, what is held (a wish or an item waiting),
 * and the statement of a month, each movement with its reason.
 */
export const PointsPage = () => {
  const { tx, formatNumber, formatDateTime } = useLanguage();
  const { client, own } = useCourier();
  const [{ year, month }, setMonth] = useState(thisMonth);
  const points = useMyPoints();
  const statement = useQuery({
    queryKey: ["points", own.community, own.courierId, "statement", year, month],
    queryFn: () =>
      unwrap(
        client.GET(
          "/v1/communities/{community}/couriers/{courierId}/points-statements/{year}/{month}",
          { params: { path: { ...own, year, month }, query: { limit: 100 } } },
        ),
      ),
  });
  const holds = useQuery({
    queryKey: ["points", own.community, own.courierId, "holds"],
    queryFn: () =>
      unwrap(
        client.GET("/v1/communities/{community}/couriers/{courierId}/points-holds", {
          params: { path: own, query: { limit: 50 } },
        }),
      ),
  });
  const step = (by: number) => {
    const index = year * 12 + (month - 1) + by;
    setMonth({ year: Math.floor(index / 12), month: (index % 12) + 1 });
  };
  const current = thisMonth();
  const monthName = new Intl.DateTimeFormat(tx("zh-CN", "en"), {
    year: "numeric",
    month: "long",
    timeZone: "UTC",
  }).format(new Date(Date.UTC(year, month - 1, 15)));
  return (
    <>
      <section className="courier-section" aria-labelledby="points-page-title">
        <h1 id="points-page-title" className="courier-title">
          {tx("我的积分", "My points")}
        </h1>
        {points.data === undefined ? (
          <Skeleton.Title animated />
        ) : (
          <>
            <div className="courier-figure" data-testid="points-available">
              {formatNumber(points.data.available)}
            </div>
            <p className="courier-muted">
              {tx(
                `可用 ${formatNumber(points.data.available)}，冻结 ${formatNumber(points.data.held)}，合计 ${formatNumber(points.data.balance)}`,
                `${formatNumber(points.data.available)} to spend, ${formatNumber(points.data.held)} held, ${formatNumber(points.data.balance)} in all`,
              )}
            </p>
          </>
        )}
      </section>
      {holds.data === undefined || holds.data.items.length === 0 ? null : (
        <section className="courier-section" aria-labelledby="holds-title">
          <h2 id="holds-title">{tx("冻结中的积分", "Points held")}</h2>
          <List>
            {holds.data.items.map((hold) => (
              <List.Item
                key={hold.holdId}
                extra={formatNumber(hold.amount)}
                description={tx(
                  `到 ${formatDateTime(hold.timeoutAt)} 未完成则退回`,
                  `Returned if not completed by ${formatDateTime(hold.timeoutAt)}`,
                )}
              >
                {tx(...(reasonNames[hold.reason] ?? [hold.reason, hold.reason]))}
              </List.Item>
            ))}
          </List>
        </section>
      )}
      <section className="courier-section" aria-labelledby="statement-title">
        <div className="courier-heading">
          <Button size="small" onClick={() => step(-1)} aria-label={tx("上个月", "Previous month")}>
            ‹
          </Button>
          <h2 id="statement-title" style={{ margin: 0 }}>
            {tx(`${monthName}明细`, `Statement for ${monthName}`)}
          </h2>
          <Button
            size="small"
            onClick={() => step(1)}
            disabled={year * 12 + month >= current.year * 12 + current.month}
            aria-label={tx("下个月", "Next month")}
          >
            ›
          </Button>
        </div>
        {statement.isPending ? (
          <Skeleton.Paragraph lineCount={3} animated />
        ) : statement.isError ? (
          <NoticeBar color="error" content={statement.error.message} wrap />
        ) : (
          <>
            <p className="courier-muted">
              {tx(
                `获得 ${formatNumber(statement.data.totals.earned)}，使用 ${formatNumber(statement.data.totals.spent)}，过期 ${formatNumber(statement.data.totals.expired)}`,
                `Earned ${formatNumber(statement.data.totals.earned)}, spent ${formatNumber(statement.data.totals.spent)}, expired ${formatNumber(statement.data.totals.expired)}`,
              )}
            </p>
            {statement.data.items.length === 0 ? (
              <Empty
                description={tx(
                  "这个月还没有积分变动。参加活动、报告问题都能赚积分。",
                  "No points this month yet. Activities and reports earn points.",
                )}
              />
            ) : (
              <List>
                {statement.data.items.map((item) => (
                  <List.Item
                    key={`${item.version}`}
                    extra={`${item.balanceChange > 0 ? "+" : ""}${formatNumber(item.balanceChange)}`}
                    description={formatDateTime(item.transfer.at)}
                  >
                    {tx(
                      ...(reasonNames[item.transfer.reason] ?? [
                        item.transfer.reason,
                        item.transfer.reason,
                      ]),
                    )}
                  </List.Item>
                ))}
              </List>
            )}
            {statement.data.notEarned.length === 0 ? null : (
              <p className="courier-muted">
                {tx(
                  `有 ${statement.data.notEarned.length} 次因上限等原因未计分。`,
                  `${statement.data.notEarned.length} earnings were not counted (caps and the like).`,
                )}
              </p>
            )}
          </>
        )}
      </section>
    </>
  );
};
