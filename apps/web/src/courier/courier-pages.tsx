import type { RouteObject } from "react-router";
import { HomePage } from "./home-page";

/** The courier's pages, below the tab bar's frame at `/`. */
export const courierPages: RouteObject[] = [{ index: true, element: <HomePage /> }];
