import { Button, Dialog, List, NoticeBar } from "antd-mobile";
import { Link } from "react-router";
import { LanguageSwitch } from "../app/language-switch";
import { useSession } from "../auth/session";
import { useLanguage } from "../i18n/language";
import { useCourier, useCourierAction } from "./courier-kit";
import { statusText, useMyRecord } from "./home-page";

/**
 * 我的: the courier's status, the ways to report a problem and speak up, the language,
 * signing out, leaving the station and asking for their personal data to be erased.
 */
export const MePage = () => {
  const { tx } = useLanguage();
  const { signOut } = useSession();
  const { client, own } = useCourier();
  const record = useMyRecord();
  const leave = useCourierAction(["courier"]);
  const erase = useCourierAction(["courier"]);
  const status = record.data?.status;
  return (
    <>
      <section className="courier-section" aria-labelledby="me-title">
        <div className="courier-heading">
          <h1 id="me-title">{tx("我的", "Me")}</h1>
          <LanguageSwitch />
        </div>
        {status === undefined ? null : (
          <NoticeBar
            color={statusText(status, tx).tone}
            content={statusText(status, tx).text}
            wrap
          />
        )}
      </section>
      <section className="courier-section">
        <List>
          <List.Item>
            <Link to="/report">{tx("民情前哨 · 报告问题", "Report a problem")}</Link>
          </List.Item>
          <List.Item>
            <Link to="/suggestions">{tx("小哥有话说", "Suggestions")}</Link>
          </List.Item>
        </List>
      </section>
      <section className="courier-section" aria-labelledby="leave-title">
        <h2 id="leave-title">{tx("离开与删除", "Leaving and erasure")}</h2>
        {leave.error === null && erase.error === null ? null : (
          <div role="alert">
            <NoticeBar color="error" content={(leave.error ?? erase.error)?.message} wrap />
          </div>
        )}
        <Button
          block
          disabled={status === "left" || status === undefined}
          onClick={async () => {
            const sure = await Dialog.confirm({
              content: tx(
                "确定离开本站吗？积分记录会保留。",
                "Leave the station? Your points record is kept.",
              ),
              confirmText: tx("离开", "Leave"),
              cancelText: tx("取消", "Cancel"),
            });
            if (sure) {
              leave.mutate((key) =>
                client.POST("/v1/communities/{community}/couriers/{courierId}/leaving", {
                  params: { path: own, header: { "Idempotency-Key": key } },
                  body: {},
                }),
              );
            }
          }}
        >
          {tx("离开本站", "Leave the station")}
        </Button>
        <Button
          block
          color="danger"
          fill="outline"
          style={{ marginTop: 12 }}
          disabled={status === undefined}
          onClick={async () => {
            const sure = await Dialog.confirm({
              content: tx(
                "删除后，你的姓名和手机号会被抹去，无法恢复，并会退出登录。",
                "Your name and number will be erased for good, and you will be signed out.",
              ),
              confirmText: tx("申请删除", "Erase"),
              cancelText: tx("取消", "Cancel"),
            });
            if (sure) {
              erase.mutate(
                (key) =>
                  client.POST("/v1/communities/{community}/couriers/{courierId}/erasure", {
                    params: { path: own, header: { "Idempotency-Key": key } },
                    body: {},
                  }),
                { onSuccess: () => void signOut() },
              );
            }
          }}
        >
          {tx("申请删除我的个人信息", "Erase my personal data")}
        </Button>
        <Button block fill="none" style={{ marginTop: 12 }} onClick={() => void signOut()}>
          {tx("退出登录", "Sign out")}
        </Button>
      </section>
    </>
  );
};
