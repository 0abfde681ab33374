import { ConfigProvider, Layout } from "antd";
import { Outlet, type RouteObject } from "react-router";
import { readableTheme } from "../staff/console-kit";
import { SponsorClaimsPage } from "./claims-page";
import { WishWallPage } from "./wish-wall-page";

/** The sponsors' frame: one column, readable on a phone, the chosen page inside. */
const SponsorLayout = () => (
  <ConfigProvider theme={readableTheme}>
    <Layout style={{ flex: 1 }}>
      <Layout.Content style={{ padding: 16, maxWidth: 1100, width: "100%", margin: "0 auto" }}>
        <main>
          <Outlet />
        </main>
      </Layout.Content>
    </Layout>
  </ConfigProvider>
);

/** The sponsors' (圆梦人) pages under `/sponsor`: the wish wall and their claimed wishes. */
export const sponsorRoutes: RouteObject = {
  path: "sponsor",
  element: <SponsorLayout />,
  children: [
    { index: true, element: <WishWallPage /> },
    { path: "claims", element: <SponsorClaimsPage /> },
  ],
};
