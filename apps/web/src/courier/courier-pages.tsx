import type { ReactNode } from "react";
import type { RouteObject } from "react-router";
import { ActivitiesPage } from "./activities-page";
import { CheckInLinkPage } from "./check-in-link-page";
import type { CourierPagePath } from "./courier-tabs";
import { HomePage } from "./home-page";
import { MePage } from "./me-page";
import { PointsPage } from "./points-page";
import { RegisterPage } from "./register-page";
import { ReportPage } from "./report-page";
import { SuggestionsPage } from "./suggestions-page";
import { WishesPage } from "./wishes-page";

/** Each courier page by its path; the tab each sits under is in `courier-tabs.ts`. */
const pages: Readonly<Record<CourierPagePath, ReactNode>> = {
  "/": <HomePage />,
  "/register": <RegisterPage />,
  "/activities": <ActivitiesPage />,
  // The address the check-in QR code holds, for a phone's own camera app.
  "/check-in": <CheckInLinkPage />,
  "/wishes": <WishesPage />,
  "/points": <PointsPage />,
  "/me": <MePage />,
  "/report": <ReportPage />,
  "/suggestions": <SuggestionsPage />,
};

/** The courier's pages, below the tab bar's frame at `/`. */
export const courierPages: RouteObject[] = Object.entries(pages).map(([path, element]) =>
  path === "/" ? { index: true, element } : { path: path.slice(1), element },
);
