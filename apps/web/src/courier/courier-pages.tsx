import type { RouteObject } from "react-router";
import { ActivitiesPage } from "./activities-page";
import { HomePage } from "./home-page";
import { MePage } from "./me-page";
import { PointsPage } from "./points-page";
import { RegisterPage } from "./register-page";
import { ReportPage } from "./report-page";
import { SuggestionsPage } from "./suggestions-page";
import { WishesPage } from "./wishes-page";

/** The courier's pages, below the tab bar's frame at `/`. */
export const courierPages: RouteObject[] = [
  { index: true, element: <HomePage /> },
  { path: "register", element: <RegisterPage /> },
  { path: "activities", element: <ActivitiesPage /> },
  { path: "wishes", element: <WishesPage /> },
  { path: "points", element: <PointsPage /> },
  { path: "me", element: <MePage /> },
  { path: "report", element: <ReportPage /> },
  { path: "suggestions", element: <SuggestionsPage /> },
];
