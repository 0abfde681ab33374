/** The paths of the courier's five tabs (首页 · 活动 · 心愿 · 积分 · 我的). */
export type CourierTab = "/" | "/activities" | "/wishes" | "/points" | "/me";

/**
 * Each courier page's path with the tab it sits under: a tab's own page, or the tab it is
 * opened from (registration from 首页; the QR code's check-in address under 活动; reporting
 * a problem and 小哥有话说 from 我的), so the bar always shows where the courier is. The
 * pages themselves (`courier-pages.tsx`) are keyed by these paths, so a new page names its
 * tab here or does not compile. Apart from the pages so that the tab bar, in the first
 * chunk a courier loads, does not pull every page in with it.
 */
export const courierPageTabs = {
  "/": "/",
  "/register": "/",
  "/activities": "/activities",
  "/check-in": "/activities",
  "/wishes": "/wishes",
  "/points": "/points",
  "/me": "/me",
  "/report": "/me",
  "/suggestions": "/me",
} as const satisfies Readonly<Record<string, CourierTab>>;

/** The path of a courier page. */
export type CourierPagePath = keyof typeof courierPageTabs;

const isCourierPagePath = (path: string): path is CourierPagePath =>
  Object.hasOwn(courierPageTabs, path);

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
  return isCourierPagePath(path) ? courierPageTabs[path] : null;
};
