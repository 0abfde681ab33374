import { useQuery } from "@tanstack/react-query";
import { Button, NoticeBar, Skeleton } from "antd-mobile";
import { Link } from "react-router";
import { ProblemError, unwrap } from "../api/client";
import { LanguageSwitch } from "../app/language-switch";
import { useLanguage } from "../i18n/language";
import { useCourier } from "./courier-kit";

/** The courier's record, or `null` when they have not registered (小哥报到) yet. */
export const useMyRecord = () => {
  const { client, own } = useCourier();
  return useQuery({
    queryKey: ["courier", own.community, own.courierId],
    queryFn: async () => {
      try {
        return await unwrap(
          client.GET("/v1/communities/{community}/couriers/{courierId}", {
            params: { path: own },
          }),
        );
      } catch (error) {
        if (error instanceof ProblemError && error.status === 404) return null;
        throw error;
      }
    },
  });
};

/** The courier's points: balance, held and what changed since their last visit. */
export const useMyPoints = (since?: string) => {
  const { client, own } = useCourier();
  return useQuery({
    queryKey: ["points", own.community, own.courierId, since],
    queryFn: () =>
      unwrap(
        client.GET("/v1/communities/{community}/couriers/{courierId}/points", {
          params: { path: own, query: since === undefined ? {} : { since } },
        }),
      ),
  });
};

const lastVisitKey = "courier-station.last-visit";

/** The courier's status in words: waiting, verified, paused, left. */
export const statusText = (
  status: string,
  tx: (zh: string, en: string) => string,
): { readonly text: string; readonly tone: "info" | "success" | "alert" | "error" } => {
  switch (status) {
    case "registered":
      return {
        text: tx(
          "已报到，等待服务站核验。核验后就能报名活动。",
          "Registered; the station will verify you. Then you can sign up for activities.",
        ),
        tone: "info",
      };
    case "active":
      return {
        text: tx("已核验，欢迎参加活动。", "Verified: welcome to the activities."),
        tone: "success",
      };
    case "suspended":
      return {
        text: tx(
          "账号已暂停（多次报名未到）。请联系服务站恢复。",
          "Paused (several sign-ups without showing up). Ask the station to reinstate you.",
        ),
        tone: "alert",
      };
    case "rejected":
      return {
        text: tx("报到未通过核验，请联系服务站。", "Not verified; please ask the station."),
        tone: "error",
      };
    default:
      return { text: tx("已离开本站。", "You have left the station."), tone: "info" };
  }
};

/**
 * The courier's home: their status, their points (always visible, with what changed since
 * the last visit) and the things they do most.
 */
export const HomePage = () => {
  const { tx, formatNumber } = useLanguage();
  const record = useMyRecord();
  const lastVisit = globalThis.localStorage?.getItem(lastVisitKey) ?? undefined;
  const points = useMyPoints(lastVisit);
  if (points.isSuccess) globalThis.localStorage?.setItem(lastVisitKey, new Date().toISOString());
  const change = points.data?.changedSince?.availableChange ?? 0;
  return (
    <>
      <section className="courier-section" aria-labelledby="home-title">
        <div className="courier-heading">
          <h1 id="home-title">{tx("小哥e站", "Courier Station")}</h1>
          <LanguageSwitch />
        </div>
        {record.isPending ? (
          <Skeleton.Paragraph lineCount={2} animated />
        ) : record.isError ? (
          <NoticeBar color="error" content={record.error.message} wrap />
        ) : record.data === null ? (
          <>
            <p className="courier-lead">
              {tx(
                "还没有报到。报到后可以参加活动、赚积分、许微心愿。",
                "You have not registered yet. Register to join activities, earn points and post wishes.",
              )}
            </p>
            <Link to="/register">
              <Button block color="primary" size="large">
                {tx("小哥报到", "Register")}
              </Button>
            </Link>
          </>
        ) : (
          <>
            <p className="courier-lead">
              {tx(`${record.data.nickname}，你好！`, `Hello, ${record.data.nickname}!`)}
            </p>
            <NoticeBar
              color={statusText(record.data.status, tx).tone}
              content={statusText(record.data.status, tx).text}
              wrap
            />
          </>
        )}
      </section>
      <section className="courier-section" aria-labelledby="points-title">
        <h2 id="points-title">{tx("我的积分", "My points")}</h2>
        {points.data === undefined ? (
          <Skeleton.Title animated />
        ) : (
          <>
            <div className="courier-figure" data-testid="points-available">
              {formatNumber(points.data.available)}
            </div>
            <div className="courier-muted">
              {change === 0
                ? tx("自上次来没有变化", "No change since your last visit")
                : tx(
                    `自上次来 ${change > 0 ? "+" : ""}${formatNumber(change)}`,
                    `${change > 0 ? "+" : ""}${formatNumber(change)} since your last visit`,
                  )}
              {points.data.held > 0
                ? tx(
                    `，冻结 ${formatNumber(points.data.held)}`,
                    `, ${formatNumber(points.data.held)} held`,
                  )
                : ""}
            </div>
          </>
        )}
      </section>
    </>
  );
};
