import {
  ActivityCommand,
  type ActivityKind,
  type Actor,
  CommunityId,
  type CommunityPolicy,
  CourierCommand,
  CourierId,
  type Instant,
  instantFromMillis,
  jinshanPolicy,
  MINUTE,
  manualClock,
  ReportCommand,
  StationCommand as ServiceStationCommand,
  StationId,
  SuggestionCommand,
  sequentialIds,
} from "@courier-station/core";
import { courierAccountId, isCourierAccount } from "@courier-station/points";
import {
  CatalogueItemCommand,
  CatalogueRedemptionCommand,
  catalogueListings,
  catalogueOfferItemId,
  catalogueOfferPrice,
  jinshanCatalogue,
  pointsPriceOf,
  RecordWishHandOvers,
  SponsorCommand,
  WishCommand,
  wishHandOverCommands,
} from "@courier-station/wishes";
import { openStation, type Station, type StationAnswer, type StationOptions } from "./station.js";

/*
 * The Jinshan community (金山万达商圈党群服务站 and, from October, a second station on
 * Longsheng Road) from the day it opened, 1 August 2026, to the end of November: couriers
 * check in at a station and are verified, the stations run activities with sign-ups and
 * check-ins, couriers report problems in the streets and make suggestions, and points are
 * earned by the policy's rules into the ledger. November is the month shown, with its
 * stories: a long-standing volunteer takes a bicycle from the catalogue with the points
 * they earned since August, two couriers redeem small wishes with points, and at the
 * wish-lighting event (点亮微心愿) sponsors hand over the wishes they fulfilled — all but
 * one, whose courier could not come. The months are generated from a seed, so the same
 * seed plays the same months.
 */

/** The community of the example. */
export const jinshanCommunity = CommunityId.parse("jinshan-wanda");
/** The Wanda station (金山万达商圈党群服务站), open since 1 August 2026. */
export const wandaStation = StationId.parse("wanda");
/** The Longsheng Road courier station (龙胜路小哥驿站), open since 1 October 2026. */
export const longshengStation = StationId.parse("longsheng");
const SPONSORS = {
  cinema: { id: "wanda-cinema", name: "万达影城", shop: "万达广场 4 楼" },
  cafe: { id: "jinshan-cafe", name: "金山咖啡馆", shop: "龙胜路 88 号" },
} as const;
const RESIDENT = { id: "resident-zhang", name: "张阿姨" } as const;
const YEAR = 2026;
const UTC_OFFSET_HOURS = 8;
/** The months played, August to November 2026; the last is the month shown. */
const MONTHS = [8, 9, 10, 11] as const;
const NOVEMBER = 11;

/** How to play the months. */
export interface MonthOptions {
  /** The seed of the months' choices; the same seed plays the same months. */
  readonly seed?: number;
  /** How many couriers check in (at least 10): seven in ten at Wanda, the rest at Longsheng. */
  readonly couriers?: number;
  /**
   * Opens the station the months are played against; default `openStation`. A wrapper
   * sees every command the plan sends (`--through services` records them).
   */
  readonly openStation?: (options: StationOptions) => Station;
}

/** A courier of the plan: where and when they checked in, and who they are. */
export interface PlannedCourier {
  readonly courierId: string;
  readonly stationId: StationId;
  readonly checkedInAt: Instant;
  readonly verified: boolean;
  readonly partyMember: boolean;
  readonly platforms: ReadonlyArray<string>;
}

/** An activity of the plan and the couriers it confirmed (those whose attendance was accepted). */
export interface PlannedActivity {
  readonly activityId: string;
  readonly stationId: StationId;
  readonly kind: ActivityKind;
  readonly startsAt: Instant;
  readonly fate: "completed" | "cancelled";
  readonly attendees: ReadonlyArray<string>;
}

/** A report or a suggestion of the plan: by whom, when, and the station it belongs to. */
export interface PlannedSubmission {
  readonly id: string;
  readonly courierId: string;
  readonly stationId: StationId;
  /** Whether the courier named the station (else it is their own). */
  readonly named: boolean;
  readonly submittedAt: Instant;
}

/** The wish-lighting event (点亮微心愿) of November. */
export interface PlannedWishLighting {
  readonly activityId: string;
  readonly stationId: StationId;
  readonly startsAt: Instant;
  /** Wishes linked to the event. */
  readonly linked: ReadonlyArray<string>;
  /** Of those, handed over at it (their couriers came). */
  readonly handedOver: ReadonlyArray<string>;
  /** The sponsors of the wishes handed over. */
  readonly sponsors: ReadonlyArray<string>;
}

/** The bicycle taken from the catalogue with points. */
export interface PlannedBicycle {
  readonly courierId: string;
  readonly itemId: string;
  readonly points: number;
  /** The courier's available points before they redeemed it. */
  readonly availableBefore: number;
  /** Of those, earned before November (since they checked in in August). */
  readonly earnedBeforeNovember: number;
}

/** What the months meant to do, to hold the statistics against. */
export interface MonthPlan {
  readonly seed: number;
  readonly couriers: number;
  readonly stations: ReadonlyArray<{ readonly stationId: StationId; readonly openedAt: Instant }>;
  readonly plannedCouriers: ReadonlyArray<PlannedCourier>;
  readonly activities: ReadonlyArray<PlannedActivity>;
  readonly reports: ReadonlyArray<PlannedSubmission>;
  readonly suggestions: ReadonlyArray<PlannedSubmission>;
  /** Wishes redeemed with points and handed over. */
  readonly wishesByPoints: number;
  /** Wishes sponsors fulfilled (handed over at the wish-lighting event). */
  readonly wishesBySponsor: number;
  /** The points the redeemed wishes cost. */
  readonly pointsForWishes: number;
  readonly wishLighting: PlannedWishLighting;
  /** Absent when no courier had the points (a small station, a short run of luck). */
  readonly bicycle?: PlannedBicycle;
}

/** The months played: the community as it ended, and the plan. */
export interface PlayedMonth {
  readonly station: Station;
  readonly policy: CommunityPolicy;
  readonly plan: MonthPlan;
  /** When the first station opened: the start of the figures since opening. */
  readonly openedAt: Instant;
  /** The end of November (local midnight into 1 December), when statistics are taken. */
  readonly endsAt: Instant;
}

/** A seeded generator (mulberry32). */
const randomOf = (seed: number): (() => number) => {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
};

/** An instant of a local day of 2026 in Shanghai. */
const local = (month: number, day: number, hour: number, minute = 0): Instant =>
  instantFromMillis(
    Date.UTC(YEAR, month - 1, day, hour - UTC_OFFSET_HOURS, 0) + Math.round(minute * MINUTE),
  );

/** Small things couriers wish for, cheapest first, and what they are worth in fen. */
const pointsWishItems: ReadonlyArray<readonly [string, string, number]> = [
  ["毛巾套装", "daily-necessities", 600],
  ["电动车手机支架", "work-equipment", 1_200],
  ["保温杯", "daily-necessities", 1_900],
  ["充电宝", "work-equipment", 3_900],
];

/** What couriers wished for at the wish-lighting event, and who fulfils each. */
const lightingWishes: ReadonlyArray<
  readonly [title: string, category: string, fen: number, sponsorId: string]
> = [
  ["儿童自行车", "family-and-children", 28_000, SPONSORS.cinema.id],
  ["冬季棉衣", "daily-necessities", 25_000, SPONSORS.cafe.id],
  ["儿童书包和文具", "family-and-children", 15_000, RESIDENT.id],
  ["电动车挡风被", "work-equipment", 12_000, SPONSORS.cinema.id],
  ["保温饭盒", "daily-necessities", 8_000, SPONSORS.cafe.id],
  ["护膝和手套", "work-equipment", 6_000, RESIDENT.id],
];

const activityTitles: Readonly<Record<ActivityKind, string>> = {
  volunteering: "护河志愿行动",
  "learning-session": "交通安全学习会",
  "community-event": "小哥暖心茶话会",
  "merchant-event": "万达影城小哥观影日",
  "wish-lighting": "点亮微心愿",
};

const stationDetails = {
  wanda: {
    name: { "zh-CN": "金山万达商圈党群服务站", en: "Jinshan Wanda Party–Community Station" },
    address: { "zh-CN": "上海市金山区龙山路 555 号", en: "555 Longshan Road, Jinshan, Shanghai" },
    location: { latitude: 30.7416, longitude: 121.3464, datum: "GCJ-02" },
    room: "党群服务站活动室",
  },
  longsheng: {
    name: { "zh-CN": "龙胜路小哥驿站", en: "Longsheng Road Courier Station" },
    address: { "zh-CN": "上海市金山区龙胜路 201 号", en: "201 Longsheng Road, Jinshan, Shanghai" },
    location: { latitude: 30.7452, longitude: 121.3391, datum: "GCJ-02" },
    room: "龙胜路驿站休息室",
  },
} as const;

/**
 * Plays the community from its opening to the end of November through the pure packages
 * and returns it as it ended. Fast: some thousands of commands, a second or two.
 *
 * @example
 * const month = playJinshanMonth({ seed: 7, couriers: 70 });
 * monthStatistics(month).november.wishes.wishLighting.wishes; // 5
 */
export const playJinshanMonth = (options: MonthOptions = {}): PlayedMonth => {
  const seed = options.seed ?? 20_261_101;
  const courierCount = Math.max(10, Math.floor(options.couriers ?? 70));
  const random = randomOf(seed);
  const below = (limit: number): number => Math.floor(random() * limit);
  const chance = (probability: number): boolean => random() < probability;
  const shuffled = <Item>(items: ReadonlyArray<Item>): Item[] => {
    const copy = [...items];
    for (let index = copy.length - 1; index > 0; index--) {
      const other = below(index + 1);
      const item = copy[index] as Item;
      copy[index] = copy[other] as Item;
      copy[other] = item;
    }
    return copy;
  };
  const pick = <Item>(items: ReadonlyArray<Item>): Item => items[below(items.length)] as Item;

  const policy = jinshanPolicy();
  const clock = manualClock(local(8, 1, 0));
  const station = (options.openStation ?? openStation)({
    community: jinshanCommunity,
    policy,
    clock,
    ids: sequentialIds("evt"),
    sealSecret: "jinshan-example-personal-data-seal-secret",
    mobileKeySecret: "jinshan-example-mobile-key-secret",
  });
  const communities = [jinshanCommunity];
  const staff: Actor = { role: "staff", id: "staff-wang", communities };
  const courier = (courierId: string): Actor => ({ role: "courier", id: courierId, communities });
  const handler = (handlerId: string): Actor => ({ role: "handler", id: handlerId, communities });
  const sponsor = (sponsorId: string): Actor => ({ role: "sponsor", id: sponsorId, communities });
  const at = (month: number, day: number, hour: number, minute = 0): void =>
    clock.set(local(month, day, hour, minute));

  const toStation = (raw: unknown): StationAnswer =>
    station.send(staff, { aggregate: "station", command: ServiceStationCommand.parse(raw) });
  const toCourier = (actor: Actor, raw: unknown): StationAnswer =>
    station.send(actor, { aggregate: "courier", command: CourierCommand.parse(raw) });
  const toActivity = (actor: Actor, raw: unknown): StationAnswer =>
    station.send(actor, { aggregate: "activity", command: ActivityCommand.parse(raw) });
  const toReport = (actor: Actor, raw: unknown): StationAnswer =>
    station.send(actor, { aggregate: "report", command: ReportCommand.parse(raw) });
  const toSuggestion = (actor: Actor, raw: unknown): StationAnswer =>
    station.send(actor, { aggregate: "suggestion", command: SuggestionCommand.parse(raw) });
  const toWish = (actor: Actor, raw: unknown): StationAnswer =>
    station.send(actor, { aggregate: "wish", command: WishCommand.parse(raw) });
  const toSponsor = (raw: unknown): StationAnswer =>
    station.send(staff, { aggregate: "sponsor", command: SponsorCommand.parse(raw) });
  const toItem = (actor: Actor, raw: unknown): StationAnswer =>
    station.send(actor, { aggregate: "catalogueItem", command: CatalogueItemCommand.parse(raw) });
  const availableOf = (courierId: string): number =>
    station.ledger.availableOf(courierAccountId(CourierId.parse(courierId)));

  const plannedCouriers: PlannedCourier[] = [];
  const activities: PlannedActivity[] = [];
  const reports: PlannedSubmission[] = [];
  const suggestions: PlannedSubmission[] = [];
  const stationsOpened: Array<{ stationId: StationId; openedAt: Instant }> = [];

  // ── A station opens, with its catalogue (积分商品), and couriers check in there ───────
  const openAndCheckIn = (
    stationId: StationId,
    month: number,
    courierIds: ReadonlyArray<string>,
    firstIndex: number,
  ): void => {
    const details = stationDetails[stationId as keyof typeof stationDetails];
    at(month, 1, 8);
    toStation({
      type: "OpenStation",
      data: {
        stationId,
        name: details.name,
        address: details.address,
        location: details.location,
        openingHours: { kind: "around-the-clock" },
        amenities: { standard: ["charging", "drinking-water", "microwave", "rest-seats"] },
      },
    });
    stationsOpened.push({ stationId, openedAt: local(month, 1, 8) });
    for (const command of catalogueListings(jinshanCatalogue, policy.wishes, {
      stationId,
      donor: { kind: "community" },
    })) {
      toItem(staff, command);
    }
    const platforms = ["meituan", "eleme", "dingdong", "sf", "jd", "other"] as const;
    const registered = courierIds.map((courierId, offset) => {
      const index = firstIndex + offset;
      const checkedInAt = local(month, 1, 9, offset * 0.5);
      clock.set(checkedInAt);
      const partyMember = chance(0.25);
      const own = platforms[index % platforms.length] ?? "other";
      // Some ride for two platforms: they count under both.
      const courierPlatforms = index % 5 === 4 && own !== "meituan" ? [own, "meituan"] : [own];
      toCourier(courier(courierId), {
        type: "RegisterCourier",
        data: {
          courierId,
          nickname: `小哥${index + 1}`,
          realName: `骑手${index + 1}`,
          mobileNumber: `13${3 + (index % 7)}${String(10_000_000 + index * 7_919).padStart(8, "0")}`,
          platforms: courierPlatforms,
          employment: index % 3 === 0 ? "crowd-sourced" : "full-time",
          workArea: { description: stationId === wandaStation ? "万达广场周边" : "龙胜路沿线" },
          consentPolicyVersion: policy.general.consentPolicyVersion,
          partyMember,
          stationId,
        },
      });
      return { courierId, stationId, checkedInAt, partyMember, platforms: courierPlatforms };
    });
    const rejected = new Set(
      shuffled(courierIds.slice(1)).slice(0, courierIds.length > 20 ? 2 : 1),
    );
    registered.forEach((entry, offset) => {
      at(month, 1, 11, offset * 0.5);
      const verified = !rejected.has(entry.courierId);
      toCourier(staff, {
        type: verified ? "VerifyCourier" : "RejectCourier",
        data: verified
          ? { courierId: entry.courierId }
          : { courierId: entry.courierId, reason: "无法核实平台身份" },
      });
      plannedCouriers.push({ ...entry, verified });
      if (verified && chance(0.6)) {
        at(month, 1, 12, offset * 0.5);
        toCourier(courier(entry.courierId), {
          type: "JoinVolunteerTeam",
          data: { courierId: entry.courierId },
        });
      }
    });
  };

  const courierIds = Array.from(
    { length: courierCount },
    (_, index) => `c-${String(index + 1).padStart(3, "0")}`,
  );
  const atWanda = Math.ceil(courierCount * 0.7);
  const activeAt = (stationId: StationId): string[] =>
    plannedCouriers
      .filter((entry) => entry.stationId === stationId && entry.verified)
      .map((entry) => entry.courierId);
  const activeCouriers = (): string[] =>
    plannedCouriers.filter((entry) => entry.verified).map((entry) => entry.courierId);
  const stationOf = (courierId: string): StationId =>
    plannedCouriers.find((entry) => entry.courierId === courierId)?.stationId ?? wandaStation;

  at(8, 1, 7);
  toSponsor({
    type: "RegisterSponsor",
    data: {
      sponsorId: SPONSORS.cinema.id,
      kind: "merchant",
      displayName: SPONSORS.cinema.name,
      shop: { name: SPONSORS.cinema.name, location: SPONSORS.cinema.shop },
      thanksWall: true,
    },
  });
  openAndCheckIn(wandaStation, 8, courierIds.slice(0, atWanda), 0);

  // ── The months: activities (活动 / 微志愿), reports (民情前哨), suggestions (小哥有话说) ──
  const playActivity = (
    stationId: StationId,
    month: number,
    day: number,
    activityId: string,
    slot: readonly [number, number, number, number, number],
    cancel: boolean,
  ): void => {
    const [fromHour, fromMinute, toHour, toMinute, hours] = slot;
    const roll = random();
    const kind: ActivityKind =
      roll < 0.4
        ? "volunteering"
        : roll < 0.6
          ? "learning-session"
          : roll < 0.8
            ? "community-event"
            : "merchant-event";
    const capacity = 8 + below(8);
    const startsAt = local(month, day, fromHour, fromMinute);
    const endsAt = local(month, day, toHour, toMinute);
    at(month, Math.max(1, day - 3), 7, 30);
    toActivity(staff, {
      type: "PlanActivity",
      data: {
        activityId,
        details: {
          title: `${activityTitles[kind]} ${month} 月 ${day} 日`,
          kind,
          organiser:
            kind === "merchant-event"
              ? { kind: "merchant", merchantId: SPONSORS.cinema.id, name: SPONSORS.cinema.name }
              : { kind: "station", stationId },
          stationId,
          place: {
            description:
              kind === "volunteering"
                ? "山阳河 3 号桥"
                : stationDetails[stationId as keyof typeof stationDetails].room,
          },
          startsAt,
          endsAt,
          capacity,
          signUpRequired: true,
          volunteerHours: hours,
        },
      },
    });
    toActivity(staff, { type: "PublishActivity", data: { activityId } });
    const team = new Set(
      [...station.couriers.values()].flatMap((record) =>
        record.state.status !== "unregistered" && record.state.volunteerTeamMember
          ? [record.state.courierId as string]
          : [],
      ),
    );
    const eligible = activeAt(stationId).filter(
      (courierId) => kind !== "volunteering" || team.has(courierId),
    );
    const signedUp: string[] = [];
    // A courier whose sign-ups are paused mostly knows it, and seldom tries.
    const trying = eligible.filter(
      (courierId) =>
        station.courierFactsOf(courierId)?.signUpsPausedUntil === undefined || chance(0.1),
    );
    shuffled(trying)
      .slice(0, capacity + 1)
      .forEach((courierId, index) => {
        at(month, day, 9, index * 0.5 + (fromHour > 18 ? 30 : 0));
        const answer = toActivity(courier(courierId), {
          type: "SignUpForActivity",
          data: { activityId, courierId },
        });
        if (answer.ok) signedUp.push(courierId);
      });
    if (cancel) {
      at(month, day, 11);
      toActivity(staff, {
        type: "CancelActivity",
        data: { activityId, reason: "暴雨预警，活动取消" },
      });
      activities.push({ activityId, stationId, kind, startsAt, fate: "cancelled", attendees: [] });
      return;
    }
    const code = `J${activityId.replace(/[^0-9]/g, "").slice(-6)}`;
    clock.set(instantFromMillis(Date.parse(startsAt) - 20 * MINUTE));
    toActivity(staff, { type: "StartActivity", data: { activityId, checkInCode: code } });
    const attendees: string[] = [];
    const confirmByStaff: string[] = [];
    signedUp.forEach((courierId, index) => {
      const fate = random();
      if (fate < 0.8) {
        clock.set(instantFromMillis(Date.parse(startsAt) - 10 * MINUTE + index * MINUTE));
        const answer = toActivity(courier(courierId), {
          type: "CheckInToActivity",
          data: { activityId, courierId, code },
        });
        if (answer.ok) attendees.push(courierId);
      } else if (fate < 0.9) {
        confirmByStaff.push(courierId);
      }
    });
    clock.set(instantFromMillis(Date.parse(startsAt) + 40 * MINUTE));
    if (confirmByStaff.length > 0) {
      const answer = toActivity(staff, {
        type: "ConfirmAttendance",
        data: { activityId, courierIds: confirmByStaff },
      });
      if (answer.ok) attendees.push(...confirmByStaff);
    }
    const walkIns = shuffled(eligible.filter((courierId) => !signedUp.includes(courierId))).slice(
      0,
      below(3),
    );
    if (walkIns.length > 0) {
      const answer = toActivity(staff, {
        type: "RecordWalkIns",
        data: { activityId, courierIds: walkIns },
      });
      if (answer.ok) attendees.push(...walkIns);
    }
    clock.set(instantFromMillis(Date.parse(endsAt) + 30 * MINUTE));
    toActivity(staff, { type: "CompleteActivity", data: { activityId } });
    activities.push({ activityId, stationId, kind, startsAt, fate: "completed", attendees });
  };

  // What couriers write, by category and topic: taken in turn by number rather than drawn,
  // so the texts do not change the seeded draws (and with them every figure of a run).
  const reportDescriptions: Readonly<Record<string, ReadonlyArray<string>>> = {
    "river-patrol": ["河面有漂浮垃圾，桥下有共享单车倒在水边", "河边护栏断了一截，晚上看不清"],
    noise: ["凌晨装卸货声音很大，附近居民反映睡不好", "工地夜里还在施工，噪音很大"],
    environment: ["垃圾桶满了没人清，周边有异味", "小区门口堆了很多建筑垃圾"],
    "road-damage": ["路面有个大坑，下雨积水，电动车容易摔", "人行道地砖松动，好几块翘起来了"],
    "safety-hazard": ["路口红绿灯不亮，车辆抢行很危险", "楼道里有人给电动车飞线充电"],
  };
  const suggestionTexts: ReadonlyArray<string> = [
    "建议驿站增设充电柜和雨具借用点",
    "希望夏天中午驿站能提供绿豆汤",
    "建议在商圈多划几个电动车临时停放点",
    "能不能请平台讲讲超时罚款的申诉办法",
    "建议驿站晚上开到十点，方便夜班骑手",
  ];
  const inTurn = (texts: ReadonlyArray<string> | undefined, index: number, otherwise: string) =>
    texts === undefined || texts.length === 0
      ? otherwise
      : (texts[index % texts.length] ?? otherwise);

  const categoryOfReport = new Map<string, string>();
  const playReports = (month: number, count: number): void => {
    const categories = policy.reports.categories;
    const open = stationsOpened.map((entry) => entry.stationId);
    for (let index = 1; index <= count; index++) {
      const reportId = `r-${month}-${String(index).padStart(2, "0")}`;
      const day = 2 + below(24);
      const reporterId = pick(activeCouriers());
      const category = pick(categories);
      // Now and then a courier reports a problem by the other station, and says so.
      const named = open.length > 1 && chance(0.2);
      const stationId = named
        ? (open.find((candidate) => candidate !== stationOf(reporterId)) ?? wandaStation)
        : stationOf(reporterId);
      at(month, day, 7, index);
      const submitted = toReport(courier(reporterId), {
        type: "SubmitReport",
        data: {
          reportId,
          category: category.id,
          description: inTurn(
            reportDescriptions[category.id],
            month + index,
            `${category.name["zh-CN"]}：龙胜路附近有问题需要处理`,
          ),
          location: {
            point: {
              latitude: 30.74 + index * 0.001,
              longitude: 121.34 + index * 0.001,
              datum: "GCJ-02",
            },
            address: `龙胜路 ${index} 号附近`,
          },
          photos: [`${reportId}-a.jpg`],
          observedAt: local(month, day, 6, 30),
          ...(named ? { stationId } : {}),
        },
      });
      if (submitted.ok) {
        categoryOfReport.set(reportId, category.id);
        reports.push({
          id: reportId,
          courierId: reporterId,
          stationId,
          named,
          submittedAt: local(month, day, 7, index),
        });
      }
      at(month, day, 22, index);
      if (chance(0.15)) {
        toReport(staff, { type: "RejectReport", data: { reportId, note: "照片与描述不符" } });
        continue;
      }
      toReport(staff, { type: "AcceptReport", data: { reportId, note: "已核实，转处置部门" } });
      at(month, day + 1, 8, index);
      toReport(handler(category.handler), { type: "StartReportWork", data: { reportId } });
      if (month === NOVEMBER && day >= 24) continue; // still with its handler when the month ends
      at(month, day + 2, 8, index);
      toReport(handler(category.handler), {
        type: "ResolveReport",
        data: { reportId, note: "已处理完毕" },
      });
      at(month, day + 3, 8, index);
      toReport(courier(reporterId), {
        type: "AnswerResolutionCheck",
        data: { reportId, fixed: true },
      });
    }
  };

  const playSuggestions = (month: number, count: number): void => {
    const topics = policy.suggestions.topics.map((topic) => topic.id);
    for (let index = 1; index <= count; index++) {
      const suggestionId = `s-${month}-${String(index).padStart(2, "0")}`;
      const day = 2 + below(24);
      const active = activeCouriers();
      const authorId = pick(active);
      at(month, day, 8, index % 50);
      const submitted = toSuggestion(courier(authorId), {
        type: "SubmitSuggestion",
        data: {
          suggestionId,
          topic: pick(topics),
          text: inTurn(suggestionTexts, month + index, "建议驿站增设充电柜和雨具借用点"),
          showAuthor: chance(0.5),
        },
      });
      if (submitted.ok) {
        suggestions.push({
          id: suggestionId,
          courierId: authorId,
          stationId: stationOf(authorId),
          named: false,
          submittedAt: local(month, day, 8, index % 50),
        });
      }
      shuffled(active.filter((courierId) => courierId !== authorId))
        .slice(0, below(4))
        .forEach((courierId, position) => {
          at(month, day, 21, position);
          toSuggestion(courier(courierId), { type: "SecondSuggestion", data: { suggestionId } });
        });
      at(month, day + 2, 23, index % 50);
      const outcome = random();
      if (outcome < 0.2) {
        toSuggestion(staff, {
          type: "AdoptSuggestion",
          data: { suggestionId, plan: "下月在驿站增设两组充电柜" },
        });
      } else if (outcome < 0.55) {
        toSuggestion(staff, {
          type: "AnswerSuggestion",
          data: { suggestionId, answer: "驿站已有该服务，详见公告栏" },
        });
      } else if (outcome < 0.7) {
        toSuggestion(staff, {
          type: "DeclineSuggestion",
          data: { suggestionId, reason: "不属于社区职责范围，已转街道" },
        });
      } else if (outcome < 0.8) {
        toSuggestion(staff, { type: "AcknowledgeSuggestion", data: { suggestionId } });
      }
    }
  };

  const slots: ReadonlyArray<readonly [number, number, number, number, number]> = [
    [14, 30, 16, 30, 2],
    [20, 0, 21, 30, 1.5],
  ];
  for (const month of MONTHS) {
    if (month === 10) {
      at(10, 1, 7);
      openAndCheckIn(longshengStation, 10, courierIds.slice(atWanda), atWanda);
    }
    const monthKey = `${String(YEAR).slice(2)}${String(month).padStart(2, "0")}`;
    let wandaCount = 0;
    let longshengCount = 0;
    for (let day = 2; day <= 28; day++) {
      const today = chance(0.25) ? slots : [pick(slots)];
      for (const slot of today) {
        wandaCount += 1;
        playActivity(
          wandaStation,
          month,
          day,
          `a-wanda-${monthKey}-${String(wandaCount).padStart(2, "0")}`,
          slot,
          wandaCount === 12,
        );
      }
      if (stationsOpened.length > 1 && chance(0.4)) {
        longshengCount += 1;
        playActivity(
          longshengStation,
          month,
          day,
          `a-longsheng-${monthKey}-${String(longshengCount).padStart(2, "0")}`,
          slots[0] ?? [14, 30, 16, 30, 2],
          false,
        );
      }
    }
    playReports(month, month === NOVEMBER ? 20 : 10);
    playSuggestions(month, month === NOVEMBER ? 40 : 20);
  }

  // Two couriers saw a problem already reported in November: each corroborates it.
  const original = reports.find(
    (report) =>
      Date.parse(report.submittedAt) >= Date.parse(local(NOVEMBER, 1, 0)) &&
      station.reports.get(report.id)?.state.status === "closed",
  );
  if (original !== undefined) {
    const originalDay = new Date(Date.parse(original.submittedAt) + 8 * 3_600_000).getUTCDate();
    const corroborators = shuffled(
      activeCouriers().filter((courierId) => courierId !== original.courierId),
    ).slice(0, 2);
    corroborators.forEach((reporterId, index) => {
      const reportId = `r-dup-${index + 1}`;
      const submittedAt = local(NOVEMBER, originalDay + 1, 7, 30 + index);
      clock.set(submittedAt);
      const answer = toReport(courier(reporterId), {
        type: "SubmitReport",
        data: {
          reportId,
          category: categoryOfReport.get(original.id) ?? "other",
          description: "同一处问题，还没处理",
          location: {
            point: { latitude: 30.741, longitude: 121.341, datum: "GCJ-02" },
            address: "龙胜路 1 号附近",
          },
          observedAt: local(NOVEMBER, originalDay + 1, 7),
        },
      });
      if (answer.ok) {
        reports.push({
          id: reportId,
          courierId: reporterId,
          stationId: stationOf(reporterId),
          named: false,
          submittedAt,
        });
      }
      at(NOVEMBER, originalDay + 1, 22, 40 + index);
      toReport(staff, {
        type: "MarkReportDuplicate",
        data: { reportId, originalReportId: original.id, note: "同一地点同一问题" },
      });
    });
  }

  // ── 点亮微心愿: the wish-lighting event of 22 November at the Wanda station ────────────
  at(NOVEMBER, 2, 8);
  toSponsor({
    type: "RegisterSponsor",
    data: {
      sponsorId: SPONSORS.cafe.id,
      kind: "merchant",
      displayName: SPONSORS.cafe.name,
      shop: { name: SPONSORS.cafe.name, location: SPONSORS.cafe.shop },
      thanksWall: true,
    },
  });
  toSponsor({
    type: "RegisterSponsor",
    data: { sponsorId: RESIDENT.id, kind: "resident", displayName: RESIDENT.name },
  });
  const lightingId = "a-wish-lighting-261122";
  const lightingStartsAt = local(NOVEMBER, 22, 14, 30);
  at(NOVEMBER, 10, 9);
  toActivity(staff, {
    type: "PlanActivity",
    data: {
      activityId: lightingId,
      details: {
        title: "点亮微心愿 · 圆梦人现场交付",
        kind: "wish-lighting",
        organiser: { kind: "station", stationId: wandaStation },
        stationId: wandaStation,
        place: { description: stationDetails.wanda.room },
        startsAt: lightingStartsAt,
        endsAt: local(NOVEMBER, 22, 16, 30),
        signUpRequired: false,
        // Couriers come to receive their wishes: no volunteer hours and no points for it.
        volunteerHours: 0,
        pointsOverride: 0,
      },
    },
  });
  toActivity(staff, { type: "PublishActivity", data: { activityId: lightingId } });
  const wishers = shuffled(activeAt(wandaStation)).slice(0, lightingWishes.length);
  const linked: string[] = [];
  const sponsorOfWish = new Map<string, string>();
  wishers.forEach((courierId, index) => {
    const entry = lightingWishes[index];
    if (entry === undefined) return;
    const [title, category, fen, sponsorId] = entry;
    const wishId = `w-lighting-${index + 1}`;
    at(NOVEMBER, 3 + index, 20);
    toWish(courier(courierId), {
      type: "DraftWish",
      data: {
        wishId,
        stationId: wandaStation,
        title,
        description: "希望在点亮微心愿活动上收到",
        category,
        estimatedValueFen: fen,
        funding: { mode: "sponsor" },
      },
    });
    toWish(courier(courierId), { type: "SubmitWish", data: { wishId } });
    at(NOVEMBER, 9, 10, index);
    toWish(staff, { type: "ApproveWish", data: { wishId, publish: true } });
    at(NOVEMBER, 12 + (index % 4), 11);
    const claimed = toWish(sponsor(sponsorId), {
      type: "ClaimWish",
      data: { wishId, note: "活动当天送到驿站" },
    });
    at(NOVEMBER, 16, 10, index);
    const link = toWish(staff, {
      type: "LinkWishToActivity",
      data: { wishId, activityId: lightingId },
    });
    if (claimed.ok && link.ok) {
      linked.push(wishId);
      sponsorOfWish.set(wishId, sponsorId);
    }
  });
  clock.set(instantFromMillis(Date.parse(lightingStartsAt) - 20 * MINUTE));
  toActivity(staff, {
    type: "StartActivity",
    data: { activityId: lightingId, checkInCode: "DXY1122" },
  });
  // One courier is out on a delivery: their wish waits at the station, still claimed.
  const absent = linked.at(-1);
  const present = linked.filter((wishId) => wishId !== absent);
  present.forEach((wishId, index) => {
    const courierId = wishers[linked.indexOf(wishId)];
    if (courierId === undefined) return;
    clock.set(instantFromMillis(Date.parse(lightingStartsAt) - 10 * MINUTE + index * MINUTE));
    toActivity(courier(courierId), {
      type: "CheckInToActivity",
      data: { activityId: lightingId, courierId, code: "DXY1122" },
    });
  });
  clock.set(instantFromMillis(Date.parse(lightingStartsAt) + 60 * MINUTE));
  const handedOver: string[] = [];
  if (present.length > 0) {
    const record = RecordWishHandOvers.parse({
      type: "RecordWishHandOvers",
      data: { activityId: lightingId, wishIds: present, note: "点亮微心愿活动现场交付" },
    });
    for (const command of wishHandOverCommands(record)) {
      const answer = station.send(staff, { aggregate: "wish", command });
      if (answer.ok && answer.events.some((event) => event.type === "WishFulfilled")) {
        handedOver.push(command.data.wishId);
      }
    }
  }
  at(NOVEMBER, 22, 17);
  toActivity(staff, { type: "CompleteActivity", data: { activityId: lightingId } });
  activities.push({
    activityId: lightingId,
    stationId: wandaStation,
    kind: "wish-lighting",
    startsAt: lightingStartsAt,
    fate: "completed",
    attendees: present.flatMap((wishId) => {
      const courierId = wishers[linked.indexOf(wishId)];
      return courierId === undefined ? [] : [courierId];
    }),
  });
  handedOver.slice(0, 2).forEach((wishId, index) => {
    const courierId = wishers[linked.indexOf(wishId)];
    if (courierId === undefined) return;
    at(NOVEMBER, 23, 9, index);
    toWish(courier(courierId), {
      type: "ThankWishSponsor",
      data: { wishId, note: "谢谢圆梦人！", public: true },
    });
  });

  // ── A bicycle for points: the volunteer with the most points takes one from the catalogue ─
  at(NOVEMBER, 25, 9);
  const bicycleOffer = jinshanCatalogue.find((offer) => offer.key === "bicycle");
  const bicyclePrice =
    bicycleOffer === undefined ? 0 : catalogueOfferPrice(bicycleOffer, policy.wishes);
  const wishing = new Set(wishers);
  const richest = activeCouriers()
    .filter((courierId) => !wishing.has(courierId))
    .map((courierId) => ({ courierId, available: availableOf(courierId) }))
    .sort((a, b) => b.available - a.available || a.courierId.localeCompare(b.courierId));
  let bicycle: PlannedBicycle | undefined;
  const rider = richest[0];
  if (bicycleOffer !== undefined && rider !== undefined && rider.available >= bicyclePrice) {
    const itemId = catalogueOfferItemId(stationOf(rider.courierId), bicycleOffer.key);
    const earnedBeforeNovember = station.ledger
      .historyOf(courierAccountId(CourierId.parse(rider.courierId)))
      .filter(
        (transfer) =>
          isCourierAccount(transfer.creditAccount) &&
          transfer.kind === "single" &&
          Date.parse(transfer.at) < Date.parse(local(NOVEMBER, 1, 0)),
      )
      .reduce((sum, transfer) => sum + transfer.amount, 0);
    const redeemed = toItem(courier(rider.courierId), {
      type: "RedeemCatalogueItem",
      data: { itemId, redemptionId: "r-bicycle", expectedPoints: bicyclePrice },
    });
    at(NOVEMBER, 27, 17);
    const picked = station.send(staff, {
      aggregate: "catalogueRedemption",
      command: CatalogueRedemptionCommand.parse({
        type: "HandOverCatalogueRedemption",
        data: { redemptionId: "r-bicycle", note: "在驿站领取通勤自行车" },
      }),
    });
    if (redeemed.ok && picked.ok) {
      bicycle = {
        courierId: rider.courierId,
        itemId,
        points: bicyclePrice,
        availableBefore: rider.available,
        earnedBeforeNovember,
      };
    }
  }

  // ── Two more couriers redeem the dearest small wish they can afford with points ───────
  at(NOVEMBER, 26, 9);
  let wishesByPoints = 0;
  let pointsForWishes = 0;
  richest
    .filter((entry) => entry.courierId !== bicycle?.courierId)
    .slice(0, 2)
    .forEach(({ courierId }, index) => {
      const available = availableOf(courierId);
      const affordable = pointsWishItems.filter(
        ([, , fen]) => pointsPriceOf(fen, policy.wishes) <= available,
      );
      const item = affordable[affordable.length - 1];
      if (item === undefined) return;
      const [title, category, fen] = item;
      const wishId = `w-points-${index + 1}`;
      const price = pointsPriceOf(fen, policy.wishes);
      at(NOVEMBER, 26, 9, index * 5);
      toWish(courier(courierId), {
        type: "DraftWish",
        data: {
          wishId,
          stationId: stationOf(courierId),
          title,
          category,
          estimatedValueFen: fen,
          funding: { mode: "points" },
        },
      });
      toWish(courier(courierId), { type: "SubmitWish", data: { wishId } });
      at(NOVEMBER, 26, 14, index * 5);
      toWish(staff, { type: "ApproveWish", data: { wishId, publish: true } });
      at(NOVEMBER, 27, 9, index * 5);
      toWish(courier(courierId), { type: "RedeemWish", data: { wishId, expectedPoints: price } });
      at(NOVEMBER, 28, 17, index * 5);
      const fulfilled = toWish(staff, {
        type: "ConfirmWishFulfilled",
        data: { wishId, note: "已在驿站领取" },
      });
      if (fulfilled.ok) {
        wishesByPoints += 1;
        pointsForWishes += price;
      }
    });

  return {
    station,
    policy,
    plan: {
      seed,
      couriers: courierCount,
      stations: stationsOpened,
      plannedCouriers,
      activities,
      reports,
      suggestions,
      wishesByPoints,
      wishesBySponsor: handedOver.length,
      pointsForWishes,
      wishLighting: {
        activityId: lightingId,
        stationId: wandaStation,
        startsAt: lightingStartsAt,
        linked,
        handedOver,
        sponsors: [...new Set(handedOver.flatMap((wishId) => sponsorOfWish.get(wishId) ?? []))],
      },
      ...(bicycle === undefined ? {} : { bicycle }),
    },
    openedAt: stationsOpened[0]?.openedAt ?? local(8, 1, 8),
    endsAt: local(12, 1, 0),
  };
};
