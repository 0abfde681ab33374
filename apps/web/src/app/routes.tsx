// antd-mobile's theme variables (`:root { --adm-color-primary … }`) load with the entry,
// ahead of app/styles.css, which darkens them for sunlight: in a lazy area's chunk they
// would load after it and undo that.
import "antd-mobile/es/global";
import { type ComponentType, lazy, type ReactNode, Suspense } from "react";
import { type RouteObject, useRoutes } from "react-router";
import { useLanguage } from "../i18n/language";
import type { DeskAudience } from "./desk-area";

/**
 * What the page shows while an area's code is on its way: one short line in the
 * page's language, announced politely to screen readers.
 */
const AreaLoading = () => {
  const { tx } = useLanguage();
  return (
    <div
      role="status"
      aria-live="polite"
      style={{ padding: 24, textAlign: "center", color: "#595959", fontSize: 16 }}
    >
      {tx("正在加载…", "Loading…")}
    </div>
  );
};

/** An area's component, its code fetched the first time it is shown. */
const lazyArea = (load: () => Promise<ComponentType>) =>
  lazy(async () => ({ default: await load() }));

const loading = (area: ReactNode) => <Suspense fallback={<AreaLoading />}>{area}</Suspense>;

/*
 * Each area is its own chunk: a courier's phone loads the courier pages and never the
 * staff console's charts. An area's own route table is matched below its lazy frame
 * (descendant routes), so the tables stay beside their pages.
 */

const CourierRoutes = lazyArea(async () => {
  const [{ CourierArea }, { courierPages }] = await Promise.all([
    import("../courier/courier-area"),
    import("../courier/courier-pages"),
  ]);
  const table: RouteObject[] = [{ element: <CourierArea />, children: courierPages }];
  return () => useRoutes(table);
});

/**
 * A desktop area under `/{path}/*`: the password sign-in frame for its audience, then
 * its route table, whose own path the splat above it has already matched.
 */
const deskArea = (
  audienceOf: (desk: typeof import("./desk-area")) => DeskAudience,
  loadTable: () => Promise<RouteObject>,
) =>
  lazyArea(async () => {
    const [desk, area] = await Promise.all([import("./desk-area"), loadTable()]);
    const table: RouteObject[] = [
      {
        element: <desk.DeskArea audience={audienceOf(desk)} />,
        children: [{ element: area.element, children: area.children ?? [] }],
      },
    ];
    return () => useRoutes(table);
  });

const StaffRoutes = deskArea(
  (desk) => desk.staffAudience,
  async () => (await import("../staff/staff-routes")).staffRoutes,
);
const SponsorRoutes = deskArea(
  (desk) => desk.sponsorAudience,
  async () => (await import("../sponsor/sponsor-routes")).sponsorRoutes,
);

const publicPages = () => import("../public/station-pages");
const PublicArea = lazyArea(async () => (await publicPages()).PublicArea);
const PublicStationListPage = lazyArea(async () => (await publicPages()).PublicStationListPage);
const PublicStationPage = lazyArea(async () => (await publicPages()).PublicStationPage);

/**
 * Every page of the app, one entry per area: the courier's phone pages at `/`, the
 * public station pages under `/stations/{community}` (no sign-in), the staff console
 * under `/staff` and the sponsors' pages under `/sponsor` (each desktop area behind its
 * password sign-in). Each area's code is loaded when it is first opened.
 * A new area is one more entry here.
 */
export const routes: RouteObject[] = [
  { path: "/staff/*", element: loading(<StaffRoutes />) },
  { path: "/sponsor/*", element: loading(<SponsorRoutes />) },
  {
    path: "/stations/:community",
    element: loading(<PublicArea />),
    children: [
      { index: true, element: loading(<PublicStationListPage />) },
      { path: ":station", element: loading(<PublicStationPage />) },
    ],
  },
  { path: "/*", element: loading(<CourierRoutes />) },
];
