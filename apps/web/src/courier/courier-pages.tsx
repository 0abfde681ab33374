import type { ReactNode } from "react";
import type { RouteObject } from "react-router";
import { ActivitiesPage } from "./activities-page";
import { HomePage } from "./home-page";
import { MePage } from "./me-page";
import { PointsPage } from "./points-page";
import { RegisterPage } from "./register-page";
import { ReportPage } from "./report-page";
import { SuggestionsPage } from "./suggestions-page";
import { WishesPage } from "./wishes-page";

/** The paths of the courier's five tabs (首页 · 活动 · 心愿 · 积分 · 我的). */
export type CourierTab = "/" | "/activities" | "/wishes" | "/points" | "/me";

/**
 * Each courier page with the tab it sits under: a tab's own page, or the tab it is opened
 * from (registration from 首页; reporting a problem and 小哥有话说 from 我的), so the bar
 * always shows where the courier is. A new page names its tab here, or it does not compile.
 */
const pages: ReadonlyArray<{
  readonly path: string;
  readonly element: ReactNode;
  readonly tab: CourierTab;
}> = [
  { path: "/", element: <HomePage />, tab: "/" },
  { path: "/register", element: <RegisterPage />, tab: "/" },
  { path: "/activities", element: <ActivitiesPage />, tab: "/activities" },
  { path: "/wishes", element: <WishesPage />, tab: "/wishes" },
  { path: "/points", element: <PointsPage />, tab: "/points" },
  { path: "/me", element: <MePage />, tab: "/me" },
  { path: "/report", element: <ReportPage />, tab: "/me" },
  { path: "/suggestions", element: <SuggestionsPage />, tab: "/me" },
];

/** The courier's pages, below the tab bar's frame at `/`. */
export const courierPages: RouteObject[] = pages.map(({ path, element }) =>
  path === "/" ? { index: true, element } : { path: path.slice(1), element },
);

/**
 * The tab to highlight for a path: its page's tab, or none for a path that is no courier
 * page (rather than 首页, which would say the courier is somewhere they are not).
 *
 * @example
 * tabOfPath("/report"); // "/me"
 * tabOfPath("/nowhere"); // null
 */
export const tabOfPath = (pathname: string): CourierTab | null => {
  // React Router matches `/report/` as `/report`; the bar follows it.
  const path = pathname.length > 1 ? pathname.replace(/\/+$/, "") : pathname;
  return pages.find((page) => page.path === path)?.tab ?? null;
};
