import { Navigate, type RouteObject } from "react-router";
import { ActivitiesPage } from "./activities-page";
import { CataloguePage } from "./catalogue-page";
import { DashboardPage } from "./dashboard-page";
import { NoticesPage } from "./notices-page";
import { PatrolRoutesPage } from "./patrol-routes-page";
import { PointsPage } from "./points-page";
import { ReportsPage } from "./reports-page";
import { RosterImportPage } from "./roster-import-page";
import { SponsorsPage } from "./sponsors-page";
import { StaffLayout } from "./staff-layout";
import { StationsPage } from "./stations-page";
import { SuggestionsPage } from "./suggestions-page";
import { VerificationPage } from "./verification-page";
import { WishModerationPage } from "./wishes-page";

/** The staff console's pages under `/staff`, each a queue or a tool of the station's staff. */
export const staffRoutes: RouteObject = {
  path: "staff",
  element: <StaffLayout />,
  children: [
    { index: true, element: <Navigate to="verification" replace /> },
    { path: "verification", element: <VerificationPage /> },
    { path: "reports", element: <ReportsPage /> },
    { path: "suggestions", element: <SuggestionsPage /> },
    { path: "activities", element: <ActivitiesPage /> },
    { path: "wishes", element: <WishModerationPage /> },
    { path: "sponsors", element: <SponsorsPage /> },
    { path: "stations", element: <StationsPage /> },
    { path: "patrol-routes", element: <PatrolRoutesPage /> },
    { path: "catalogue", element: <CataloguePage /> },
    { path: "points", element: <PointsPage /> },
    { path: "roster-imports", element: <RosterImportPage /> },
    { path: "notices", element: <NoticesPage /> },
    { path: "dashboard", element: <DashboardPage /> },
  ],
};
