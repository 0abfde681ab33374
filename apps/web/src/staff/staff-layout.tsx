import { useQuery } from "@tanstack/react-query";
import { Badge, ConfigProvider, Layout, Menu } from "antd";
import type { ReactNode } from "react";
import { Outlet, useLocation, useNavigate } from "react-router";
import { dataOf, readableTheme } from "./console-kit";
import { useGateway } from "./gateway";

/** How many items wait in the staff's queues, for the counts in the navigation. */
const useQueueCounts = () => {
  const { client, community } = useGateway();
  return useQuery({
    queryKey: ["navigation-counts", community],
    refetchInterval: 60_000,
    queryFn: async () => {
      const path = { community };
      const [verification, reports, suggestions, wishes] = await Promise.all([
        dataOf(
          client.GET("/v1/communities/{community}/verification-queue", {
            params: { path, query: { limit: 100 } },
          }),
        ),
        dataOf(
          client.GET("/v1/communities/{community}/reports", {
            params: { path, query: { status: "submitted", limit: 100 } },
          }),
        ),
        dataOf(
          client.GET("/v1/communities/{community}/suggestions", {
            params: { path, query: { status: "submitted", limit: 100 } },
          }),
        ),
        dataOf(
          client.GET("/v1/communities/{community}/wish-moderation-queue", {
            params: { path, query: { status: "submitted", limit: 100 } },
          }),
        ),
      ]);
      return {
        verification: verification.items.length,
        reports: reports.items.length,
        suggestions: suggestions.items.length,
        wishes: wishes.items.length,
      };
    },
  });
};

/** The pages of the staff console, under `/staff`. */
export const staffSections = [
  "verification",
  "reports",
  "suggestions",
  "activities",
  "wishes",
  "sponsors",
  "stations",
  "patrol-routes",
  "catalogue",
  "points",
  "roster-imports",
  "notices",
  "dashboard",
] as const;

/**
 * The staff console's frame under the desk area's top bar: a side navigation with the
 * queues' counts (folded away on a narrow screen) and the chosen page.
 */
export const StaffLayout = () => {
  const { tx } = useGateway();
  const counts = useQueueCounts().data;
  const location = useLocation();
  const navigate = useNavigate();
  const counted = (label: string, count: number | undefined) => (
    <span>
      {label}{" "}
      {count ? (
        <Badge
          count={count}
          overflowCount={99}
          aria-label={tx(`${count} 项待办`, `${count} waiting`)}
        />
      ) : null}
    </span>
  );
  const labels: Record<(typeof staffSections)[number], ReactNode> = {
    verification: counted(tx("小哥报到核验", "Verification"), counts?.verification),
    reports: counted(tx("民情前哨", "Reports"), counts?.reports),
    suggestions: counted(tx("小哥有话说", "Suggestions"), counts?.suggestions),
    activities: tx("活动", "Activities"),
    wishes: counted(tx("心愿审核", "Wish moderation"), counts?.wishes),
    sponsors: tx("圆梦人", "Sponsors"),
    stations: tx("服务站", "Stations"),
    "patrol-routes": tx("巡查路线", "Patrol routes"),
    catalogue: tx("积分兑换品", "Catalogue"),
    points: tx("积分调整", "Points adjustments"),
    "roster-imports": tx("名单导入", "Roster import"),
    notices: tx("通知", "Notifications"),
    dashboard: tx("统计看板", "Statistics"),
  };
  const selected = staffSections.find((section) =>
    location.pathname.startsWith(`/staff/${section}`),
  );
  return (
    <ConfigProvider theme={readableTheme}>
      <Layout style={{ flex: 1 }}>
        <Layout.Sider
          breakpoint="lg"
          collapsedWidth={0}
          width={220}
          theme="light"
          zeroWidthTriggerStyle={{ top: 8 }}
        >
          <nav aria-label={tx("工作台导航", "Console navigation")}>
            <Menu
              mode="inline"
              selectedKeys={selected === undefined ? [] : [selected]}
              onClick={({ key }) => void navigate(`/staff/${key}`)}
              items={staffSections.map((section) => ({ key: section, label: labels[section] }))}
            />
          </nav>
        </Layout.Sider>
        <Layout.Content style={{ padding: 24, minWidth: 0 }}>
          <main>
            <Outlet />
          </main>
        </Layout.Content>
      </Layout>
    </ConfigProvider>
  );
};
