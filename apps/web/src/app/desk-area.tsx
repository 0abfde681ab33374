import { App as AntApp, Button, Card, ConfigProvider, Form, Input, Layout, Typography } from "antd";
import enUS from "antd/locale/en_US";
import zhCN from "antd/locale/zh_CN";
import dayjs from "dayjs";
// antd's date pickers format with dayjs: its Chinese locale names the months and weekdays
// (English is built in).
import "dayjs/locale/zh-cn";
import { useState } from "react";
import { Outlet } from "react-router";
import { ProblemError } from "../api/client";
import { hasRole, useSession } from "../auth/session";
import { useLanguage } from "../i18n/language";
import { GatewayAccessContext } from "../staff/gateway";
import { LanguageSwitch } from "./language-switch";

/** Who may open a desktop area, and what it is called. */
export interface DeskAudience {
  readonly roles: ReadonlyArray<string>;
  readonly title: readonly [zh: string, en: string];
}

/** The staff console's audience: staff, handlers and auditors. */
export const staffAudience: DeskAudience = {
  roles: ["staff", "handler", "auditor"],
  title: ["小哥e站 · 工作台", "Courier Station · Console"],
};

/** The sponsors' (圆梦人) audience. */
export const sponsorAudience: DeskAudience = {
  roles: ["sponsor"],
  title: ["小哥e站 · 圆梦人", "Courier Station · Sponsors"],
};

const PasswordSignIn = (props: { readonly audience: DeskAudience }) => {
  const { signInWithPassword } = useSession();
  const { tx } = useLanguage();
  const [failure, setFailure] = useState<string | undefined>();
  const [sending, setSending] = useState(false);
  return (
    <Layout style={{ minHeight: "100vh", alignItems: "center", justifyContent: "center" }}>
      <main style={{ width: "100%", maxWidth: 420, padding: 16 }}>
        <Card
          title={<h1 style={{ fontSize: 20, margin: 0 }}>{tx(...props.audience.title)}</h1>}
          extra={<LanguageSwitch />}
        >
          <Form
            layout="vertical"
            onFinish={async (values: { login: string; password: string }) => {
              setSending(true);
              setFailure(undefined);
              try {
                const session = await signInWithPassword(values.login.trim(), values.password);
                if (!hasRole(session, props.audience.roles)) {
                  setFailure(
                    tx("这个账号不能使用这里的页面。", "This account cannot use these pages."),
                  );
                }
              } catch (error) {
                setFailure(
                  error instanceof ProblemError
                    ? error.message
                    : tx("无法连接，请稍后再试。", "No connection; try again shortly."),
                );
              } finally {
                setSending(false);
              }
            }}
          >
            <Form.Item
              name="login"
              label={tx("账号", "Login")}
              rules={[{ required: true, message: tx("请输入账号", "Enter your login") }]}
            >
              <Input autoComplete="username" />
            </Form.Item>
            <Form.Item
              name="password"
              label={tx("密码", "Password")}
              rules={[{ required: true, message: tx("请输入密码", "Enter your password") }]}
            >
              <Input.Password autoComplete="current-password" />
            </Form.Item>
            {failure === undefined ? null : (
              <Typography.Paragraph type="danger" role="alert">
                {failure}
              </Typography.Paragraph>
            )}
            <Button type="primary" htmlType="submit" block loading={sending}>
              {tx("登录", "Sign in")}
            </Button>
          </Form>
        </Card>
      </main>
    </Layout>
  );
};

/**
 * A desktop area (the staff console, the sponsors' pages): antd in the page's language,
 * password sign-in until the person holds one of the audience's roles, then a top bar
 * (title, language, sign-out) over the area's pages, which get the typed client, the
 * community and the language through `GatewayAccessContext`.
 */
export const DeskArea = (props: { readonly audience: DeskAudience }) => {
  const { session, client, signOut } = useSession();
  const { language, tx } = useLanguage();
  const signedIn = session !== undefined && hasRole(session, props.audience.roles);
  // Set while rendering, before the pickers below render, so a language switch never shows
  // one render of month names in the other language.
  dayjs.locale(language === "zh-CN" ? "zh-cn" : "en");
  return (
    <ConfigProvider locale={language === "zh-CN" ? zhCN : enUS}>
      <AntApp>
        {signedIn ? (
          <GatewayAccessContext.Provider
            value={{ client, community: session.community, language, tx }}
          >
            <Layout style={{ minHeight: "100vh" }}>
              <Layout.Header
                style={{
                  display: "flex",
                  alignItems: "center",
                  gap: 16,
                  background: "#fff",
                  borderBottom: "1px solid #f0f0f0",
                  paddingInline: 16,
                }}
              >
                <Typography.Text
                  strong
                  ellipsis
                  style={{ flex: 1, minWidth: 0, fontSize: 16 }}
                  title={tx(...props.audience.title)}
                >
                  {tx(...props.audience.title)}
                </Typography.Text>
                <Typography.Text className="desk-community">{session.community}</Typography.Text>
                <LanguageSwitch />
                <Button onClick={() => void signOut()}>{tx("退出", "Sign out")}</Button>
              </Layout.Header>
              <Outlet />
            </Layout>
          </GatewayAccessContext.Provider>
        ) : (
          <PasswordSignIn audience={props.audience} />
        )}
      </AntApp>
    </ConfigProvider>
  );
};
