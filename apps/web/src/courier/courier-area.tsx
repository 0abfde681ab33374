import {
  GiftOutlined,
  HomeOutlined,
  ScheduleOutlined,
  TrophyOutlined,
  UserOutlined,
} from "@ant-design/icons";
import { ConfigProvider, SafeArea, TabBar } from "antd-mobile";
import enUS from "antd-mobile/es/locales/en-US";
import zhCN from "antd-mobile/es/locales/zh-CN";
import type { ReactNode } from "react";
import { Outlet, useLocation, useNavigate } from "react-router";
import { hasRole, useSession } from "../auth/session";
import { useLanguage } from "../i18n/language";
import { CodeSignInPage } from "./code-sign-in-page";
import { type CourierTab, tabOfPath } from "./courier-tabs";

/** The courier's tabs, as in the apps they use all day: 首页 · 活动 · 心愿 · 积分 · 我的. */
const tabs: ReadonlyArray<{
  readonly key: CourierTab;
  readonly icon: ReactNode;
  readonly title: readonly [string, string];
}> = [
  { key: "/", icon: <HomeOutlined />, title: ["首页", "Home"] },
  { key: "/activities", icon: <ScheduleOutlined />, title: ["活动", "Activities"] },
  { key: "/wishes", icon: <GiftOutlined />, title: ["心愿", "Wishes"] },
  { key: "/points", icon: <TrophyOutlined />, title: ["积分", "Points"] },
  { key: "/me", icon: <UserOutlined />, title: ["我的", "Me"] },
];

/**
 * The courier's phone pages: antd-mobile in the page's language, code sign-in until the
 * person is signed in as a courier, then the page above a bottom tab bar.
 */
export const CourierArea = () => {
  const { session } = useSession();
  const { language, tx } = useLanguage();
  const location = useLocation();
  const navigate = useNavigate();
  const signedIn = hasRole(session, ["courier"]);
  const active = tabOfPath(location.pathname);
  return (
    <ConfigProvider locale={language === "zh-CN" ? zhCN : enUS}>
      <div className="courier-frame">
        {signedIn ? (
          <>
            <main className="courier-page">
              <Outlet />
            </main>
            <nav className="courier-tabs" aria-label={tx("主导航", "Main navigation")}>
              <TabBar activeKey={active} onChange={(key) => navigate(key)}>
                {tabs.map((tab) => (
                  <TabBar.Item
                    key={tab.key}
                    icon={tab.icon}
                    title={tx(tab.title[0], tab.title[1])}
                    aria-current={tab.key === active ? "page" : undefined}
                  />
                ))}
              </TabBar>
              <SafeArea position="bottom" />
            </nav>
          </>
        ) : (
          <main className="courier-page">
            <CodeSignInPage />
          </main>
        )}
      </div>
    </ConfigProvider>
  );
};
