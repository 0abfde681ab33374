import { useQuery } from "@tanstack/react-query";
import { Button, Card, Empty, Input, NoticeBar, Skeleton, Tag } from "antd-mobile";
import { useState } from "react";
import { unwrap } from "../api/client";
import { useLanguage } from "../i18n/language";
import { useCourier, useCourierAction } from "./courier-kit";
import { participationNames } from "./labels";
import { ScanCheckIn } from "./scan-check-in";

/** Activities not yet over, soonest first, with the delivery peak windows each overlaps. */
const useUpcomingActivities = () => {
  const { client, community } = useCourier();
  return useQuery({
    queryKey: ["activities", community],
    queryFn: () =>
      unwrap(
        client.GET("/v1/communities/{community}/activities", {
          params: { path: { community }, query: { limit: 50 } },
        }),
      ),
  });
};

/** The courier's own participations, by activity. */
const useMyParticipations = () => {
  const { client, own } = useCourier();
  return useQuery({
    queryKey: ["activities", own.community, own.courierId, "mine"],
    queryFn: () =>
      unwrap(
        client.GET("/v1/communities/{community}/couriers/{courierId}/activities", {
          params: { path: own, query: { limit: 100 } },
        }),
      ),
  });
};

/**
 * Check in with the code shown at the activity (on the station's screen or poster): typed,
 * or read from its QR code with the camera, which fills the code and sends the same command.
 */
/**
 * The courier's check-in to one activity by its code: the action (pending, refused,
 * done) and `send(code)`, which refreshes the activities and points once it is done.
 *
 * @example
 * const { checkIn, send } = useCheckIn("river-day");
 * send("4821");
 */
export const useCheckIn = (activityId: string) => {
  const { client, community, courierId } = useCourier();
  const checkIn = useCourierAction(["activities", "points"]);
  const send = (code: string) =>
    checkIn.mutate((key) =>
      client.POST("/v1/communities/{community}/activities/{activityId}/check-ins", {
        params: { path: { community, activityId }, header: { "Idempotency-Key": key } },
        body: { courierId, code },
      }),
    );
  return { checkIn, send };
};

const CheckIn = (props: { readonly activityId: string; readonly title: string }) => {
  const { tx } = useLanguage();
  const [code, setCode] = useState("");
  const { checkIn, send } = useCheckIn(props.activityId);
  return (
    <div className="courier-check-in">
      <Input
        aria-label={tx(`${props.title} 的签到码`, `Check-in code for ${props.title}`)}
        placeholder={tx("输入现场签到码", "Type the code shown there")}
        value={code}
        onChange={(value) => setCode(value.trim().toUpperCase())}
        autoComplete="off"
      />
      <Button
        color="primary"
        disabled={code === "" || checkIn.isPending}
        loading={checkIn.isPending}
        onClick={() => send(code)}
      >
        {tx("签到", "Check in")}
      </Button>
      <ScanCheckIn
        activityId={props.activityId}
        title={props.title}
        disabled={checkIn.isPending}
        onCode={(scanned) => {
          setCode(scanned);
          send(scanned);
        }}
      />
      {checkIn.error === null ? null : (
        <div role="alert" className="courier-refusal">
          <NoticeBar color="error" content={checkIn.error.message} wrap />
        </div>
      )}
    </div>
  );
};

/**
 * Activities near the courier: what, where, when, places left, and a warning when it
 * falls in the delivery peak hours; sign up, and check in with the code on the day.
 */
export const ActivitiesPage = () => {
  const { tx, formatDateTime } = useLanguage();
  const { client, community, courierId } = useCourier();
  const upcoming = useUpcomingActivities();
  const mine = useMyParticipations();
  const signUp = useCourierAction(["activities"]);
  const participationOf = (activityId: string) =>
    mine.data?.items.find((item) => item.activityId === activityId)?.participation;
  return (
    <section aria-labelledby="activities-title">
      <div className="courier-section">
        <h1 id="activities-title" className="courier-title">
          {tx("附近的活动", "Activities near me")}
        </h1>
        {signUp.error === null ? null : (
          <div role="alert" className="courier-refusal">
            <NoticeBar color="error" content={signUp.error.message} wrap />
          </div>
        )}
      </div>
      {upcoming.isPending ? (
        <Skeleton.Paragraph lineCount={4} animated />
      ) : upcoming.isError ? (
        <NoticeBar color="error" content={upcoming.error.message} wrap />
      ) : upcoming.data.items.length === 0 ? (
        <div className="courier-section">
          <Empty
            description={tx(
              "近期还没有活动。服务站发布后会出现在这里。",
              "No activities yet. They appear here when the station publishes them.",
            )}
          />
        </div>
      ) : (
        upcoming.data.items.map((activity) => {
          const participation = participationOf(activity.activityId);
          const signedUp =
            participation !== undefined &&
            participation.status !== "cancelled" &&
            participation.status !== "no-show";
          return (
            <Card
              key={activity.activityId}
              className="courier-card"
              title={<h2 className="courier-card-title">{activity.details.title}</h2>}
            >
              <p>
                {formatDateTime(activity.details.startsAt)} –{" "}
                {formatDateTime(activity.details.endsAt)}
              </p>
              <p className="courier-muted">{activity.details.place.description}</p>
              {activity.placesLeft === undefined ? null : activity.placesLeft > 0 ? (
                <p>{tx(`剩余名额 ${activity.placesLeft}`, `${activity.placesLeft} places left`)}</p>
              ) : (
                <p>{tx("名额已满", "No places left")}</p>
              )}
              {activity.peakWindows.length === 0 ? null : (
                <NoticeBar
                  color="alert"
                  wrap
                  content={tx(
                    `注意：活动时间与送餐高峰（${activity.peakWindows.map((window) => `${window.from}–${window.to}`).join("、")}）重叠，报名前想想会不会耽误接单。`,
                    `Note: this overlaps the delivery peak (${activity.peakWindows.map((window) => `${window.from}–${window.to}`).join(", ")}); think about your orders before signing up.`,
                  )}
                />
              )}
              {participation === undefined ? null : (
                <Tag color="#0958d9" style={{ marginTop: 8 }}>
                  {tx(
                    participationNames[participation.status][0],
                    participationNames[participation.status][1],
                  )}
                </Tag>
              )}
              {signedUp ? (
                participation.status === "signed-up" ? (
                  <CheckIn activityId={activity.activityId} title={activity.details.title} />
                ) : null
              ) : activity.details.signUpRequired ? (
                <Button
                  block
                  color="primary"
                  style={{ marginTop: 12 }}
                  // A page read before the last place went still offers it: the station
                  // then refuses, and the refusal says why.
                  disabled={signUp.isPending || activity.placesLeft === 0}
                  onClick={() =>
                    signUp.mutate((key) =>
                      client.POST("/v1/communities/{community}/activities/{activityId}/sign-ups", {
                        params: {
                          path: { community, activityId: activity.activityId },
                          header: { "Idempotency-Key": key },
                        },
                        body: { courierId },
                      }),
                    )
                  }
                >
                  {tx("报名", "Sign up")}
                </Button>
              ) : (
                <CheckIn activityId={activity.activityId} title={activity.details.title} />
              )}
            </Card>
          );
        })
      )}
    </section>
  );
};
