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
  SuggestionCommand,
  sequentialIds,
} from "@courier-station/core";
import { courierAccountId } from "@courier-station/points";
import { pointsPriceOf, SponsorCommand, WishCommand } from "@courier-station/wishes";
import { openStation, type Station, type StationAnswer } from "./station.js";

/*
 * A month of the Jinshan station (金山万达商圈党群服务站), November 2026: couriers check in
 * and are verified, the station runs activities with sign-ups and check-ins, couriers
 * report problems in the streets and make suggestions, points are earned by the policy's
 * rules into the ledger, and micro-wishes (微心愿) come true — two redeemed with points
 * (held, then posted at the hand-over) and one by a sponsor (圆梦人). The month is
 * generated from a seed, so the same seed plays the same month.
 */

/** The community of the example. */
export const jinshanCommunity = CommunityId.parse("jinshan-wanda");
const STATION_ID = "wanda";
const SPONSOR_ID = "wanda-cinema";
const YEAR = 2026;
const NOVEMBER = 10; // for Date.UTC
const UTC_OFFSET_HOURS = 8;

/** How to play the month. */
export interface MonthOptions {
  /** The seed of the month's choices; the same seed plays the same month. */
  readonly seed?: number;
  /** How many couriers check in (at least 10). */
  readonly couriers?: number;
}

/** What the month meant to do, to hold the statistics against. */
export interface MonthPlan {
  readonly seed: number;
  readonly couriers: number;
  /** Wishes redeemed with points and handed over. */
  readonly wishesByPoints: number;
  /** Wishes a sponsor fulfilled. */
  readonly wishesBySponsor: number;
  /** The points the redeemed wishes cost. */
  readonly pointsForWishes: number;
}

/** A month played: the station as it ended, and the plan. */
export interface PlayedMonth {
  readonly station: Station;
  readonly policy: CommunityPolicy;
  readonly plan: MonthPlan;
  /** The end of the month, when statistics are taken. */
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

const local = (day: number, hour: number, minute = 0): Instant =>
  instantFromMillis(Date.UTC(YEAR, NOVEMBER, day, hour - UTC_OFFSET_HOURS, 0) + minute * MINUTE);

/** Small things couriers wish for, cheapest first, and what they are worth in fen. */
const pointsWishItems: ReadonlyArray<readonly [string, string, number]> = [
  ["毛巾套装", "daily-necessities", 600],
  ["电动车手机支架", "work-equipment", 1_200],
  ["保温杯", "daily-necessities", 1_900],
  ["充电宝", "work-equipment", 3_900],
];

const activityTitles: Readonly<Record<ActivityKind, string>> = {
  volunteering: "护河志愿行动",
  "learning-session": "交通安全学习会",
  "community-event": "小哥暖心茶话会",
  "merchant-event": "万达影城小哥观影日",
  "wish-lighting": "点亮微心愿",
};

/**
 * Plays a month of the station through the pure packages and returns the station as it
 * ended. Fast: a few thousand commands, well under a second.
 *
 * @example
 * const month = playJinshanMonth({ seed: 7, couriers: 70 });
 * monthStatistics(month).wishes.fulfilled; // 3
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
  const clock = manualClock(local(1, 0));
  const station = openStation({
    community: jinshanCommunity,
    policy,
    clock,
    ids: sequentialIds("evt"),
    secret: "jinshan-example-deployment-secret",
  });
  const communities = [jinshanCommunity];
  const staff: Actor = { role: "staff", id: "staff-wang", communities };
  const courier = (courierId: string): Actor => ({ role: "courier", id: courierId, communities });
  const handler = (handlerId: string): Actor => ({ role: "handler", id: handlerId, communities });
  const sponsor: Actor = { role: "sponsor", id: SPONSOR_ID, communities };
  const at = (day: number, hour: number, minute = 0): void => clock.set(local(day, hour, minute));

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

  // ── 1 November: the sponsor signs up, couriers check in (小哥报到) ─────────────────
  at(1, 8);
  station.send(staff, {
    aggregate: "sponsor",
    command: SponsorCommand.parse({
      type: "RegisterSponsor",
      data: {
        sponsorId: SPONSOR_ID,
        kind: "merchant",
        displayName: "万达影城",
        shop: { name: "万达影城", location: "万达广场 4 楼" },
        thanksWall: true,
      },
    }),
  });
  const courierIds = Array.from(
    { length: courierCount },
    (_, index) => `c-${String(index + 1).padStart(3, "0")}`,
  );
  const platforms = ["meituan", "eleme", "dingdong", "sf", "jd", "other"] as const;
  courierIds.forEach((courierId, index) => {
    at(1, 8, 5 + index * 0.2);
    toCourier(courier(courierId), {
      type: "RegisterCourier",
      data: {
        courierId,
        nickname: `小哥${index + 1}`,
        realName: `骑手${index + 1}`,
        mobileNumber: `13${3 + (index % 7)}${String(10_000_000 + index * 7_919).padStart(8, "0")}`,
        platforms: [platforms[index % platforms.length]],
        employment: index % 3 === 0 ? "crowd-sourced" : "full-time",
        workArea: { description: "万达广场周边" },
        consentPolicyVersion: policy.general.consentPolicyVersion,
      },
    });
  });
  const rejected = new Set(shuffled(courierIds.slice(1)).slice(0, 2));
  courierIds.forEach((courierId, index) => {
    at(1, 9, index * 0.2);
    if (rejected.has(courierId)) {
      toCourier(staff, { type: "RejectCourier", data: { courierId, reason: "无法核实平台身份" } });
    } else {
      toCourier(staff, { type: "VerifyCourier", data: { courierId } });
    }
  });
  const active = courierIds.filter((courierId) => !rejected.has(courierId));
  const team = new Set(active.filter(() => chance(0.6)));
  [...team].forEach((courierId, index) => {
    at(1, 10, index * 0.2);
    toCourier(courier(courierId), { type: "JoinVolunteerTeam", data: { courierId } });
  });

  // ── Activities (活动 / 微志愿) ────────────────────────────────────────────────────────
  let activityCount = 0;
  for (let day = 2; day <= 28; day++) {
    const slots: ReadonlyArray<readonly [number, number, number, number, number]> = chance(0.25)
      ? [
          [14, 30, 16, 30, 2],
          [20, 0, 21, 30, 1.5],
        ]
      : [chance(0.5) ? [14, 30, 16, 30, 2] : [20, 0, 21, 30, 1.5]];
    for (const [fromHour, fromMinute, toHour, toMinute, hours] of slots) {
      activityCount += 1;
      const activityId = `a-${String(activityCount).padStart(3, "0")}`;
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
      const startsAt = local(day, fromHour, fromMinute);
      const endsAt = local(day, toHour, toMinute);
      at(Math.max(1, day - 3), 7, 30);
      toActivity(staff, {
        type: "PlanActivity",
        data: {
          activityId,
          details: {
            title: `${activityTitles[kind]} ${day} 日`,
            kind,
            organiser:
              kind === "merchant-event"
                ? { kind: "merchant", merchantId: SPONSOR_ID, name: "万达影城" }
                : { kind: "station", stationId: STATION_ID },
            stationId: STATION_ID,
            place: { description: kind === "volunteering" ? "山阳河 3 号桥" : "党群服务站活动室" },
            startsAt,
            endsAt,
            capacity,
            signUpRequired: true,
            volunteerHours: hours,
          },
        },
      });
      toActivity(staff, { type: "PublishActivity", data: { activityId } });
      const eligible = active.filter((courierId) => kind !== "volunteering" || team.has(courierId));
      const signedUp: string[] = [];
      shuffled(eligible)
        .slice(0, capacity + 1)
        .forEach((courierId, index) => {
          at(day, 9, index * 0.5 + (fromHour > 18 ? 30 : 0));
          const answer = toActivity(courier(courierId), {
            type: "SignUpForActivity",
            data: { activityId, courierId },
          });
          if (answer.ok) signedUp.push(courierId);
        });
      if (activityCount === 12) {
        at(day, 11);
        toActivity(staff, {
          type: "CancelActivity",
          data: { activityId, reason: "暴雨预警，活动取消" },
        });
        continue;
      }
      const code = `J${String(activityCount).padStart(3, "0")}S`;
      clock.set(instantFromMillis(Date.parse(startsAt) - 20 * MINUTE));
      toActivity(staff, { type: "StartActivity", data: { activityId, checkInCode: code } });
      const confirmByStaff: string[] = [];
      signedUp.forEach((courierId, index) => {
        const fate = random();
        if (fate < 0.8) {
          clock.set(instantFromMillis(Date.parse(startsAt) - 10 * MINUTE + index * MINUTE));
          toActivity(courier(courierId), {
            type: "CheckInToActivity",
            data: { activityId, courierId, code },
          });
        } else if (fate < 0.9) {
          confirmByStaff.push(courierId);
        }
      });
      clock.set(instantFromMillis(Date.parse(startsAt) + 40 * MINUTE));
      if (confirmByStaff.length > 0) {
        toActivity(staff, {
          type: "ConfirmAttendance",
          data: { activityId, courierIds: confirmByStaff },
        });
      }
      const walkIns = shuffled(eligible.filter((courierId) => !signedUp.includes(courierId))).slice(
        0,
        below(3),
      );
      if (walkIns.length > 0)
        toActivity(staff, { type: "RecordWalkIns", data: { activityId, courierIds: walkIns } });
      clock.set(instantFromMillis(Date.parse(endsAt) + 30 * MINUTE));
      toActivity(staff, { type: "CompleteActivity", data: { activityId } });
    }
  }

  // ── Sentinel reports (民情前哨) ─────────────────────────────────────────────────────
  const categories = policy.reports.categories;
  const accepted: Array<{ reportId: string; reporterId: string; category: string; day: number }> =
    [];
  for (let index = 1; index <= 20; index++) {
    const reportId = `r-${String(index).padStart(3, "0")}`;
    const day = 2 + below(24);
    const reporterId = pick(active);
    const category = pick(categories);
    at(day, 7, index);
    toReport(courier(reporterId), {
      type: "SubmitReport",
      data: {
        reportId,
        category: category.id,
        description: "河面有漂浮垃圾，桥下有共享单车倒在水边",
        location: {
          point: {
            latitude: 30.74 + index * 0.001,
            longitude: 121.34 + index * 0.001,
            datum: "GCJ-02",
          },
          address: `龙胜路 ${index} 号附近`,
        },
        photos: [`${reportId}-a.jpg`],
        observedAt: local(day, 6, 30),
      },
    });
    at(day, 22, index);
    if (chance(0.15)) {
      toReport(staff, { type: "RejectReport", data: { reportId, note: "照片与描述不符" } });
      continue;
    }
    toReport(staff, { type: "AcceptReport", data: { reportId, note: "已核实，转处置部门" } });
    accepted.push({ reportId, reporterId, category: category.id, day });
    at(day + 1, 8, index);
    toReport(handler(category.handler), { type: "StartReportWork", data: { reportId } });
    if (day >= 24) continue; // still with its handler when the month ends
    at(day + 2, 8, index);
    toReport(handler(category.handler), {
      type: "ResolveReport",
      data: { reportId, note: "已处理完毕" },
    });
    at(day + 3, 8, index);
    toReport(courier(reporterId), {
      type: "AnswerResolutionCheck",
      data: { reportId, fixed: true },
    });
  }
  // Two couriers saw a problem already reported: each corroborates it (50% of the points).
  const original = accepted[0];
  if (original !== undefined) {
    const corroborators = shuffled(
      active.filter((courierId) => courierId !== original.reporterId),
    ).slice(0, 2);
    corroborators.forEach((reporterId, index) => {
      const reportId = `r-dup-${index + 1}`;
      at(original.day + 1, 7, 30 + index);
      toReport(courier(reporterId), {
        type: "SubmitReport",
        data: {
          reportId,
          category: original.category,
          description: "同一处问题，还没处理",
          location: {
            point: { latitude: 30.741, longitude: 121.341, datum: "GCJ-02" },
            address: "龙胜路 1 号附近",
          },
          observedAt: local(original.day + 1, 7),
        },
      });
      at(original.day + 1, 22, 40 + index);
      toReport(staff, {
        type: "MarkReportDuplicate",
        data: { reportId, originalReportId: original.reportId, note: "同一地点同一问题" },
      });
    });
  }

  // ── Suggestions (小哥有话说) ─────────────────────────────────────────────────────────
  const topics = policy.suggestions.topics.map((topic) => topic.id);
  for (let index = 1; index <= 60; index++) {
    const suggestionId = `s-${String(index).padStart(3, "0")}`;
    const day = 2 + below(24);
    const authorId = pick(active);
    at(day, 8, index % 50);
    toSuggestion(courier(authorId), {
      type: "SubmitSuggestion",
      data: {
        suggestionId,
        topic: pick(topics),
        text: "建议驿站增设充电柜和雨具借用点",
        showAuthor: chance(0.5),
      },
    });
    shuffled(active.filter((courierId) => courierId !== authorId))
      .slice(0, below(4))
      .forEach((courierId, position) => {
        at(day, 21, position);
        toSuggestion(courier(courierId), { type: "SecondSuggestion", data: { suggestionId } });
      });
    at(day + 2, 23, index % 50);
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

  // ── Micro-wishes (微心愿) ──────────────────────────────────────────────────────────
  // A sponsor (圆梦人) fulfils a child's bicycle.
  const sponsoredCourier = pick(active);
  at(18, 9);
  toWish(courier(sponsoredCourier), {
    type: "DraftWish",
    data: {
      wishId: "w-bicycle",
      stationId: STATION_ID,
      title: "儿童自行车",
      description: "孩子上学路远，想要一辆自行车",
      category: "family-and-children",
      estimatedValueFen: 28_000,
      funding: { mode: "sponsor" },
    },
  });
  toWish(courier(sponsoredCourier), { type: "SubmitWish", data: { wishId: "w-bicycle" } });
  at(18, 15);
  toWish(staff, { type: "ApproveWish", data: { wishId: "w-bicycle", publish: true } });
  at(20, 10);
  toWish(sponsor, {
    type: "ClaimWish",
    data: { wishId: "w-bicycle", note: "影城员工周末送到驿站" },
  });
  at(23, 16);
  toWish(staff, { type: "ConfirmWishFulfilled", data: { wishId: "w-bicycle" } });
  at(24, 9);
  toWish(courier(sponsoredCourier), {
    type: "ThankWishSponsor",
    data: { wishId: "w-bicycle", note: "谢谢万达影城！", public: true },
  });

  // The two couriers with the most points redeem the dearest thing they can afford.
  at(26, 9);
  const richest = active
    .filter((courierId) => courierId !== sponsoredCourier)
    .map((courierId) => ({
      courierId,
      available: station.ledger.availableOf(courierAccountId(CourierId.parse(courierId))),
    }))
    .sort((a, b) => b.available - a.available || a.courierId.localeCompare(b.courierId))
    .slice(0, 2);
  let wishesByPoints = 0;
  let pointsForWishes = 0;
  richest.forEach(({ courierId, available }, index) => {
    const affordable = pointsWishItems.filter(
      ([, , fen]) => pointsPriceOf(fen, policy.wishes) <= available,
    );
    const item = affordable[affordable.length - 1];
    if (item === undefined) return;
    const [title, category, fen] = item;
    const wishId = `w-points-${index + 1}`;
    const price = pointsPriceOf(fen, policy.wishes);
    wishesByPoints += 1;
    pointsForWishes += price;
    at(26, 9, index * 5);
    toWish(courier(courierId), {
      type: "DraftWish",
      data: {
        wishId,
        stationId: STATION_ID,
        title,
        category,
        estimatedValueFen: fen,
        funding: { mode: "points" },
      },
    });
    toWish(courier(courierId), { type: "SubmitWish", data: { wishId } });
    at(26, 14, index * 5);
    toWish(staff, { type: "ApproveWish", data: { wishId, publish: true } });
    at(27, 9, index * 5);
    toWish(courier(courierId), { type: "RedeemWish", data: { wishId, expectedPoints: price } });
    at(28, 17, index * 5);
    toWish(staff, { type: "ConfirmWishFulfilled", data: { wishId, note: "已在驿站领取" } });
  });

  return {
    station,
    policy,
    plan: {
      seed,
      couriers: courierCount,
      wishesByPoints,
      wishesBySponsor: 1,
      pointsForWishes,
    },
    endsAt: local(30, 23, 59),
  };
};
