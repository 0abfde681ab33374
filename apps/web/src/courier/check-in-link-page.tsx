import { useQuery } from "@tanstack/react-query";
import { Button, Card, Empty, NoticeBar, Result, Skeleton } from "antd-mobile";
import { Link, useSearchParams } from "react-router";
import { unwrap } from "../api/client";
import { useLanguage } from "../i18n/language";
import { useCheckIn } from "./activities-page";
import { useCourier } from "./courier-kit";
import { checkInLinkOf } from "./scan-check-in";

/**
 * The check-in address the staff console's QR code holds (`/check-in?activity=…&code=…`),
 * opened by a phone's own camera app rather than the scanner on the activities page: the
 * activity it names and one button to check in with its code (after signing in, when the
 * courier was not). Nothing is sent until the courier taps, so opening the address again
 * (a reload, the browser's history) checks no one in by itself.
 */
export const CheckInLinkPage = () => {
  const { tx, formatDateTime } = useLanguage();
  const { client, community } = useCourier();
  const [query] = useSearchParams();
  const link = checkInLinkOf(query);
  const { checkIn, send } = useCheckIn(link?.activityId ?? "");
  const activity = useQuery({
    queryKey: ["activities", community, link?.activityId],
    enabled: link !== undefined,
    queryFn: () =>
      unwrap(
        client.GET("/v1/communities/{community}/activities/{activityId}", {
          params: { path: { community, activityId: link?.activityId ?? "" } },
        }),
      ),
  });
  const toActivities = (
    <p>
      <Link to="/activities">{tx("查看我的活动", "See my activities")}</Link>
    </p>
  );
  if (link === undefined) {
    return (
      <section className="courier-section" aria-labelledby="check-in-title">
        <h1 id="check-in-title" className="courier-title">
          {tx("扫码签到", "Check in by QR code")}
        </h1>
        <Empty
          description={tx(
            "这个地址不是服务站的签到码。请在活动页输入现场的签到码，或用活动页的扫码签到。",
            "This address is not one of the station's check-in codes. Type the code shown there on the activities page, or scan it from there.",
          )}
        />
        {toActivities}
      </section>
    );
  }
  return (
    <section className="courier-section" aria-labelledby="check-in-title">
      <h1 id="check-in-title" className="courier-title">
        {tx("扫码签到", "Check in by QR code")}
      </h1>
      {activity.isPending ? (
        <Skeleton.Paragraph lineCount={3} animated />
      ) : activity.isError ? (
        <NoticeBar color="error" content={activity.error.message} wrap />
      ) : checkIn.isSuccess ? (
        <Result
          status="success"
          title={tx("已签到", "Checked in")}
          description={activity.data.details.title}
        />
      ) : (
        <Card
          className="courier-card"
          title={<h2 className="courier-card-title">{activity.data.details.title}</h2>}
        >
          <p>
            {formatDateTime(activity.data.details.startsAt)} –{" "}
            {formatDateTime(activity.data.details.endsAt)}
          </p>
          <p className="courier-muted">{activity.data.details.place.description}</p>
          <p>{tx(`签到码 ${link.code}`, `Check-in code ${link.code}`)}</p>
          <Button
            block
            color="primary"
            style={{ marginTop: 12 }}
            disabled={checkIn.isPending}
            loading={checkIn.isPending}
            onClick={() => send(link.code)}
          >
            {tx("签到", "Check in")}
          </Button>
        </Card>
      )}
      {checkIn.error === null ? null : (
        <div role="alert" className="courier-refusal">
          <NoticeBar color="error" content={checkIn.error.message} wrap />
        </div>
      )}
      {toActivities}
    </section>
  );
};
