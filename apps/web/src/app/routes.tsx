import type { RouteObject } from "react-router";
import { CourierArea } from "../courier/courier-area";
import { courierPages } from "../courier/courier-pages";
import { PublicArea, PublicStationListPage, PublicStationPage } from "../public/station-pages";
import { sponsorRoutes } from "../sponsor/sponsor-routes";
import { staffRoutes } from "../staff/staff-routes";
import { DeskArea, sponsorAudience, staffAudience } from "./desk-area";

/**
 * Every page of the app, one entry per area: the courier's phone pages at `/`, the
 * public station pages under `/stations/{community}` (no sign-in), the staff console
 * under `/staff` and the sponsors' pages under `/sponsor` (each desktop area behind its
 * password sign-in).
 * A new area is one more entry here.
 */
export const routes: RouteObject[] = [
  { element: <DeskArea audience={staffAudience} />, children: [staffRoutes] },
  { element: <DeskArea audience={sponsorAudience} />, children: [sponsorRoutes] },
  {
    path: "/stations/:community",
    element: <PublicArea />,
    children: [
      { index: true, element: <PublicStationListPage /> },
      { path: ":station", element: <PublicStationPage /> },
    ],
  },
  { path: "/", element: <CourierArea />, children: courierPages },
];
