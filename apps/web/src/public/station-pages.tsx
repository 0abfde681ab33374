import { useQuery } from "@tanstack/react-query";
import { ConfigProvider, NoticeBar, Skeleton } from "antd-mobile";
import enUS from "antd-mobile/es/locales/en-US";
import zhCN from "antd-mobile/es/locales/zh-CN";
import { Link, Outlet, useParams } from "react-router";
import { ProblemError, unwrap } from "../api/client";
import type { paths } from "../api/schema";
import { LanguageSwitch } from "../app/language-switch";
import { useSession } from "../auth/session";
import { type Language, useLanguage } from "../i18n/language";
import { amenityName, localized } from "../staff/labels";
import "./public.css";

type StationList =
  paths["/v1/public/communities/{community}/stations"]["get"]["responses"]["200"]["content"]["application/json"];
type Station = StationList["items"][number];
type Figures =
  paths["/v1/public/communities/{community}/figures"]["get"]["responses"]["200"]["content"]["application/json"];
type Tx = (zh: string, en: string) => string;

const days = [
  ["monday", "周一", "Mon"],
  ["tuesday", "周二", "Tue"],
  ["wednesday", "周三", "Wed"],
  ["thursday", "周四", "Thu"],
  ["friday", "周五", "Fri"],
  ["saturday", "周六", "Sat"],
  ["sunday", "周日", "Sun"],
] as const;

/** The current calendar year in the community's time zone (Shanghai). */
const currentYear = (): number =>
  Number(
    new Intl.DateTimeFormat("en", { year: "numeric", timeZone: "Asia/Shanghai" }).format(
      new Date(),
    ),
  );

const useCommunity = (): string => useParams().community ?? "";

/** The stations of a community, read without signing in. */
const usePublicStations = (community: string) => {
  const { client } = useSession();
  return useQuery({
    queryKey: ["public-stations", community],
    queryFn: () =>
      unwrap(
        client.GET("/v1/public/communities/{community}/stations", {
          params: { path: { community }, query: { limit: 200 } },
        }),
      ),
  });
};

/** One station, read without signing in. */
const usePublicStation = (community: string, stationId: string) => {
  const { client } = useSession();
  return useQuery({
    queryKey: ["public-station", community, stationId],
    queryFn: () =>
      unwrap(
        client.GET("/v1/public/communities/{community}/stations/{stationId}", {
          params: { path: { community, stationId } },
        }),
      ),
  });
};

/** The year's figures of the community, or of one station. */
const usePublicFigures = (community: string, stationId?: string) => {
  const { client } = useSession();
  const year = currentYear();
  return useQuery({
    queryKey: ["public-figures", community, stationId, year],
    queryFn: () =>
      unwrap(
        client.GET("/v1/public/communities/{community}/figures", {
          params: {
            path: { community },
            query: stationId === undefined ? { year } : { year, stationId },
          },
        }),
      ),
  });
};

const failureText = (error: unknown, tx: Tx): string =>
  error instanceof ProblemError
    ? error.message
    : tx("网络不好，没能打开，请稍后再试。", "The network failed; try again in a moment.");

/** Whether the station is open, in words and not by colour alone. */
const OpenBadge = (props: { readonly station: Station; readonly tx: Tx }) => {
  const { station, tx } = props;
  const [tone, text] =
    station.status === "retired"
      ? ["closed", tx("已撤站", "No longer open")]
      : station.status === "temporarily-closed"
        ? ["paused", tx("暂停开放", "Temporarily closed")]
        : station.openNow
          ? ["open", tx("● 开放中", "● Open now")]
          : ["closed", tx("○ 休息中", "○ Closed now")];
  return <span className={`public-badge public-badge-${tone}`}>{text}</span>;
};

/** The opening hours as a person reads them: 24 hours, or each day's windows. */
const OpeningHours = (props: { readonly station: Station; readonly tx: Tx }) => {
  const { station, tx } = props;
  const hours = station.openingHours;
  if (hours.kind === "around-the-clock") {
    return <p className="public-hours-all">{tx("24 小时开放", "Open 24 hours")}</p>;
  }
  return (
    <dl className="public-hours">
      {days.map(([day, zh, en]) => {
        const windows = hours.days[day] ?? [];
        return (
          <div key={day} className="public-hours-day">
            <dt>{tx(zh, en)}</dt>
            <dd>
              {windows.length === 0
                ? tx("休息", "Closed")
                : windows.map((window) => `${window.from}–${window.to}`).join(", ")}
            </dd>
          </div>
        );
      })}
    </dl>
  );
};

const Amenities = (props: {
  readonly station: Station;
  readonly language: Language;
  readonly tx: Tx;
}) => {
  const names = [
    ...(props.station.amenities.standard ?? []).map((amenity) =>
      amenityName(amenity, props.language),
    ),
    ...(props.station.amenities.others ?? []),
  ];
  if (names.length === 0) {
    return (
      <p>
        {props.tx("暂未登记设施，欢迎来站询问。", "No amenities listed yet; ask at the station.")}
      </p>
    );
  }
  return (
    <ul className="public-amenities">
      {names.map((name) => (
        <li key={name}>{name}</li>
      ))}
    </ul>
  );
};

/** The year's figures as numbers a district officer reports, each with its label. */
const YearFigures = (props: {
  readonly community: string;
  readonly stationId?: string;
  readonly title: string;
}) => {
  const { tx, formatNumber } = useLanguage();
  const figures = usePublicFigures(props.community, props.stationId);
  const rows = (data: Figures): ReadonlyArray<readonly [string, number]> => [
    [tx("报到小哥", "Couriers registered"), data.couriersRegistered],
    [tx("举办活动", "Activities held"), data.activitiesHeld],
    [tx("参与人次", "Participations"), data.participations],
    [tx("志愿服务时长（小时）", "Volunteer hours"), Math.round(data.volunteerHours * 10) / 10],
    ...(data.pointsEarned === undefined
      ? []
      : [[tx("获得积分", "Points earned"), data.pointsEarned] as const]),
    [tx("点亮微心愿", "Wishes fulfilled"), data.wishesFulfilled],
    [tx("民情前哨已解决", "Reports resolved"), data.reportsResolved],
    [tx("建议被采纳", "Suggestions adopted"), data.suggestionsAdopted],
  ];
  return (
    <section className="courier-section" aria-labelledby="public-figures-title">
      <h2 id="public-figures-title">{props.title}</h2>
      {figures.isPending ? (
        <Skeleton.Paragraph lineCount={4} animated />
      ) : figures.isError ? (
        <div role="alert">
          <NoticeBar color="error" content={failureText(figures.error, tx)} wrap />
        </div>
      ) : (
        <>
          <dl className="public-figures">
            {rows(figures.data).map(([label, value]) => (
              <div key={label} className="public-figure">
                <dt>{label}</dt>
                <dd>{formatNumber(value)}</dd>
              </div>
            ))}
          </dl>
          <p className="courier-muted">
            {tx(
              `${figures.data.year} 年 1 月 1 日起累计，只统计数量，不含任何个人信息。`,
              `Since 1 January ${figures.data.year}; counts only, nothing about any person.`,
            )}
          </p>
        </>
      )}
    </section>
  );
};

/**
 * The public pages' frame: antd-mobile in the page's language, one phone column, the
 * language switch at the top; no sign-in.
 */
export const PublicArea = () => {
  const { language } = useLanguage();
  return (
    <ConfigProvider locale={language === "zh-CN" ? zhCN : enUS}>
      <div className="courier-frame">
        <main className="courier-page public-page">
          <Outlet />
        </main>
      </div>
    </ConfigProvider>
  );
};

/** `/stations/:community`: the community's stations, each open or closed now, and the year's figures. */
export const PublicStationListPage = () => {
  const { tx, language } = useLanguage();
  const community = useCommunity();
  const stations = usePublicStations(community);
  return (
    <>
      <section className="courier-section" aria-labelledby="public-title">
        <div className="courier-heading">
          <h1 id="public-title">{tx("小哥e站 · 找服务站", "Courier Station · Find a station")}</h1>
          <LanguageSwitch />
        </div>
        <p className="courier-lead">
          {tx(
            "外卖、快递小哥可以在服务站歇脚、喝水、充电，参加活动。",
            "Couriers and delivery riders can rest, drink water, charge and join activities at a station.",
          )}
        </p>
        {stations.isPending ? (
          <Skeleton.Paragraph lineCount={5} animated />
        ) : stations.isError ? (
          <div role="alert">
            <NoticeBar color="error" content={failureText(stations.error, tx)} wrap />
          </div>
        ) : stations.data.items.length === 0 ? (
          <p>{tx("这个社区还没有开放的服务站。", "This community has no station open yet.")}</p>
        ) : (
          <ul className="public-stations">
            {stations.data.items.map((station) => (
              <li key={station.stationId}>
                <Link
                  className="public-station-link"
                  to={`/stations/${encodeURIComponent(community)}/${encodeURIComponent(station.stationId)}`}
                >
                  <span className="public-station-name">{localized(station.name, language)}</span>
                  <OpenBadge station={station} tx={tx} />
                  <span className="public-station-address">
                    {localized(station.address, language)}
                  </span>
                </Link>
              </li>
            ))}
          </ul>
        )}
      </section>
      {/* A community that does not exist has no figures either: said once, above. */}
      {stations.isError &&
      stations.error instanceof ProblemError &&
      stations.error.status === 404 ? null : (
        <YearFigures
          community={community}
          title={tx(`${currentYear()} 年数据`, `${currentYear()} in figures`)}
        />
      )}
      <SignInLink community={community} tx={tx} />
    </>
  );
};

const SignInLink = (props: { readonly community: string; readonly tx: Tx }) => (
  <p className="public-sign-in">
    <Link to={`/?community=${encodeURIComponent(props.community)}`}>
      {props.tx("我是小哥，去登录", "I am a courier: sign in")}
    </Link>
  </p>
);

/** `/stations/:community/:station`: one station's page and its year's figures. */
export const PublicStationPage = () => {
  const { tx, language, formatDateTime } = useLanguage();
  const community = useCommunity();
  const stationId = useParams().station ?? "";
  const station = usePublicStation(community, stationId);
  const back = (
    <Link className="public-back" to={`/stations/${encodeURIComponent(community)}`}>
      {tx("‹ 全部服务站", "‹ All stations")}
    </Link>
  );
  if (station.isPending) {
    return (
      <section className="courier-section">
        {back}
        <Skeleton.Title animated />
        <Skeleton.Paragraph lineCount={6} animated />
      </section>
    );
  }
  if (station.isError) {
    const missing = station.error instanceof ProblemError && station.error.status === 404;
    return (
      <section className="courier-section" aria-labelledby="public-title">
        <div className="courier-heading">
          <h1 id="public-title">
            {missing ? tx("没有找到这个服务站", "Station not found") : tx("出错了", "Error")}
          </h1>
          <LanguageSwitch />
        </div>
        <div role="alert">
          <NoticeBar color="error" content={failureText(station.error, tx)} wrap />
        </div>
        {back}
      </section>
    );
  }
  const shown = station.data;
  return (
    <>
      <section className="courier-section" aria-labelledby="public-title">
        <div className="courier-heading">
          {back}
          <LanguageSwitch />
        </div>
        <h1 id="public-title" className="public-station-title">
          {localized(shown.name, language)}
        </h1>
        <OpenBadge station={shown} tx={tx} />
        {shown.closure === undefined ? null : (
          <p className="public-closure">
            {tx("暂停开放：", "Closed: ")}
            {shown.closure.reason}
            {shown.closure.expectedReopeningAt === undefined
              ? ""
              : tx(
                  `，预计 ${formatDateTime(shown.closure.expectedReopeningAt, false)} 恢复`,
                  `; expected to reopen ${formatDateTime(shown.closure.expectedReopeningAt, false)}`,
                )}
          </p>
        )}
        <h2>{tx("地址", "Address")}</h2>
        <p>{localized(shown.address, language)}</p>
        {shown.contactPhone === undefined ? null : (
          <p>
            {tx("电话：", "Phone: ")}
            <a href={`tel:${shown.contactPhone}`}>{shown.contactPhone}</a>
          </p>
        )}
        <h2>{tx("开放时间", "Opening hours")}</h2>
        <OpeningHours station={shown} tx={tx} />
        <h2>{tx("服务设施", "Amenities")}</h2>
        <Amenities station={shown} language={language} tx={tx} />
      </section>
      <YearFigures
        community={community}
        stationId={shown.stationId}
        title={tx(`本站 ${currentYear()} 年数据`, `This station in ${currentYear()}`)}
      />
      <SignInLink community={community} tx={tx} />
    </>
  );
};
