import {
  activitiesContract,
  type CommandReply,
  call,
  insightsContract,
  notificationsContract,
  pointsContract,
  registryContract,
  reportsContract,
  wishesContract,
} from "@courier-station/contracts";
import {
  type Actor,
  type CourierId,
  HOUR,
  instantFromMillis,
  systemActor,
} from "@courier-station/core";
import type { Bus, RemoteError, RequestFailure } from "@courier-station/kit";
import type { Effect } from "effect";
import { expect } from "vitest";
import { community, policy } from "./runtime.js";

/*
 * The whole cycle of the programme (服务小哥、小哥反哺), played through the services'
 * contracts over whatever bus the station runs on: the same steps and the same checks on
 * NATS with MongoDB's wire protocol and on the embedded store with the in-process bus,
 * and with a process killed in the middle. It uses the real time: every service, in this
 * process or another, decides at the same clock.
 */

/** What the cycle needs of a station: a way to run calls on its bus. */
export interface CycleStation {
  readonly run: <A>(effect: Effect.Effect<A, RemoteError | RequestFailure, Bus>) => Promise<A>;
}

/** Staff of the community. */
export const staff: Actor = { role: "staff", id: "staff-wang", communities: [community] };
/** The river chief office, the handler of river reports in the Jinshan policy. */
export const waterHandler: Actor = {
  role: "handler",
  id: "water-affairs",
  communities: [community],
};
/** The deployment's operator tooling. */
export const operator: Actor = systemActor("operator");
/** A courier of the community acting for themselves. */
export const courier = (courierId: string): Actor => ({
  role: "courier",
  id: courierId,
  communities: [community],
});

/** The couriers of the cycle: Li volunteers, reports and suggests; Zhou corroborates; Chen leaves. */
export const li = "c-li";
export const zhou = "c-zhou";
export const chen = "c-chen";

const personalData: Readonly<Record<string, { realName: string; mobileNumber: string }>> = {
  [li]: { realName: "李明亮", mobileNumber: "13800138101" },
  [zhou]: { realName: "周晓东", mobileNumber: "13800138102" },
  [chen]: { realName: "陈建国", mobileNumber: "13800138103" },
};

const reportPoints =
  policy.points.reportVerified.byCategory["river-patrol"] ?? policy.points.reportVerified.default;

/** What Li's wish is worth: ¥20 in fen, and so its price in points by the policy's rate. */
const wishValueFen = 2_000;
export const wishPrice = (wishValueFen / 100) * policy.wishes.pointsPerYuan;

/** What Li earns along the cycle, before spending any. */
const earnedByLi =
  policy.points.welcome +
  policy.points.participation.flat +
  reportPoints +
  policy.points.suggestionAdopted;

/** What each courier must hold at the end, by the policy's own numbers. */
export const expectedBalances: Readonly<Record<string, number>> = {
  [li]: earnedByLi - wishPrice,
  [zhou]:
    policy.points.welcome +
    Math.floor((reportPoints * policy.reports.corroboratorSharePercent) / 100),
  [chen]: policy.points.welcome,
};

let commandCount = 0;

type Contract =
  | typeof registryContract
  | typeof activitiesContract
  | typeof reportsContract
  | typeof pointsContract
  | typeof wishesContract
  | typeof insightsContract
  | typeof notificationsContract;

/** Sends a command through a service's contract, with a fresh command id unless given. */
export const send = (
  station: CycleStation,
  contract: Contract,
  actor: Actor,
  command: { readonly type: string; readonly data: object },
  commandId = `e2e-${process.pid}-${++commandCount}`,
): Promise<CommandReply> =>
  station.run(
    call(contract as typeof registryContract, command.type as "VerifyCourier", community, {
      commandId,
      community,
      actor,
      command,
      // The cycle builds commands loosely; each service parses them with its schema.
    } as never) as unknown as Effect.Effect<CommandReply, RemoteError | RequestFailure, Bus>,
  );

const pause = (millis: number) => new Promise((resolve) => setTimeout(resolve, millis));

/**
 * Polls until a probe's value passes a check, or fails with the last value after the
 * deadline: flows run in the background, so the cycle waits for their effects rather
 * than for a time. A probe that fails (a service restarting) is asked again.
 */
export const eventually = async <A>(
  what: string,
  probe: () => Promise<A>,
  holds: (value: A) => boolean,
  deadlineMs = 30_000,
): Promise<A> => {
  const deadline = Date.now() + deadlineMs;
  let last: { value: A } | { error: unknown } | undefined;
  for (;;) {
    try {
      const value = await probe();
      if (holds(value)) return value;
      last = { value };
    } catch (error) {
      last = { error };
    }
    if (Date.now() > deadline) {
      const shown =
        last !== undefined && "value" in last
          ? JSON.stringify(last.value)
          : String((last as { error: unknown }).error);
      return expect.fail(`timed out waiting until ${what}; last: ${shown.slice(0, 6_000)}`);
    }
    await pause(100);
  }
};

/** A courier's points balance, as staff read it. */
export const balanceOf = (station: CycleStation, courierId: string) =>
  station.run(
    call(pointsContract, "GetPointsBalance", community, {
      actor: staff,
      courierId: courierId as CourierId,
    }),
  );

/** The community's ledger totals. */
export const ledgerOf = (station: CycleStation) =>
  station.run(call(pointsContract, "GetLedgerTotals", community, { actor: staff }));

/** The open holds of the community. */
export const openHoldsOf = (station: CycleStation) =>
  station.run(call(pointsContract, "ListOpenHolds", community, { actor: staff, limit: 100 }));

/** Waits until a courier holds exactly a number of points. */
export const expectBalance = async (
  station: CycleStation,
  courierId: string,
  points: number,
  deadlineMs = 30_000,
) => {
  const balance = await eventually(
    `${courierId} holds ${points} points`,
    () => balanceOf(station, courierId),
    (view) => view.balance === points,
    deadlineMs,
  );
  expect(balance.held).toBe(0);
};

/** How the cycle is played. */
export interface CycleOptions {
  /**
   * Whether each step waits for the points it earns. Off when the points service is
   * down in the middle of the cycle: the points are then checked once, at the end.
   */
  readonly pointsAlongTheWay: boolean;
  /** Called after each step by its name, to kill and restart processes in between. */
  readonly after?: (step: CycleStep) => Promise<void>;
  /**
   * How long the points may take to settle at the end; longer when a consumer's
   * delivery died with a killed process and comes again only after its ack wait (30 s).
   */
  readonly settleWithinMs?: number;
}

/** The steps of the cycle, in order. */
export const cycleSteps = [
  "station-opened",
  "couriers-verified",
  "volunteer-team-joined",
  "activity-completed",
  "report-closed",
  "suggestions-answered",
  "wish-redeemed",
  "wishes-fulfilled",
  "courier-erased",
] as const;
/** A step of the cycle. */
export type CycleStep = (typeof cycleSteps)[number];

const registry = (station: CycleStation, actor: Actor, type: string, data: object) =>
  send(station, registryContract, actor, { type, data });
const activities = (station: CycleStation, actor: Actor, type: string, data: object) =>
  send(station, activitiesContract, actor, { type, data });
const reports = (station: CycleStation, actor: Actor, type: string, data: object) =>
  send(station, reportsContract, actor, { type, data });
const wishes = (station: CycleStation, actor: Actor, type: string, data: object) =>
  send(station, wishesContract, actor, { type, data });

const openStation = async (station: CycleStation) => {
  await registry(station, operator, "RegisterCommunity", {
    communityId: community,
    name: { "zh-CN": "金山万达商圈", en: "Jinshan Wanda business district" },
    district: { "zh-CN": "上海市金山区", en: "Jinshan District, Shanghai" },
    policyVersion: "2026-01",
  });
  await registry(station, staff, "OpenStation", {
    stationId: "wanda-1",
    name: { "zh-CN": "万达驿站", en: "Wanda station" },
    address: { "zh-CN": "上海市金山区龙山路 555 号", en: "555 Longshan Road, Jinshan" },
    location: { latitude: 30.7416, longitude: 121.3464, datum: "GCJ-02" },
    openingHours: { kind: "around-the-clock" },
    amenities: { standard: ["charging", "drinking-water"], others: ["雨具借用"] },
  });
  const opened = await station.run(
    call(registryContract, "GetStation", community, {
      actor: courier("visitor"),
      stationId: "wanda-1" as never,
    }),
  );
  expect(opened).toMatchObject({ stationId: "wanda-1" });
};

const verifyCouriers = async (station: CycleStation, options: CycleOptions) => {
  for (const courierId of [li, zhou, chen]) {
    await registry(station, courier(courierId), "RegisterCourier", {
      courierId,
      nickname: `小${courierId.slice(2)}`,
      ...personalData[courierId],
      platforms: ["meituan"],
      employment: "full-time",
      stationId: "wanda-1",
      // Registering with the notice's version is the courier's consent.
      consentPolicyVersion: "2026-01",
    });
    await registry(station, staff, "VerifyCourier", { courierId });
    const view = await station.run(
      call(registryContract, "GetCourier", community, {
        actor: staff,
        courierId: courierId as CourierId,
      }),
    );
    expect(view).toMatchObject({ view: "staff", status: "active" });
  }
  if (options.pointsAlongTheWay) {
    for (const courierId of [li, zhou, chen]) {
      await expectBalance(station, courierId, policy.points.welcome);
    }
  }
};

const joinTeam = async (station: CycleStation) => {
  await registry(station, courier(li), "JoinVolunteerTeam", { courierId: li });
  const view = await station.run(
    call(registryContract, "GetCourier", community, {
      actor: courier(li),
      courierId: li as CourierId,
    }),
  );
  expect(view).toMatchObject({ volunteerTeamMember: true });
};

const playActivity = async (station: CycleStation, options: CycleOptions) => {
  const now = Date.now();
  const activityId = "act-river-cleanup";
  await activities(station, staff, "PlanActivity", {
    activityId,
    details: {
      title: "护河志愿行动",
      kind: "volunteering",
      organiser: { kind: "station", stationId: "wanda-1" },
      stationId: "wanda-1",
      place: { description: "山阳河 3 号桥" },
      // Starting now, so check-in is open at once and the figures since the station
      // opened count it (an activity counts at its start); the tests run at any hour.
      startsAt: instantFromMillis(now),
      endsAt: instantFromMillis(now + HOUR),
      capacity: 5,
      signUpRequired: true,
      volunteerHours: 1,
    },
    peakHoursOverride: { reason: "端到端测试随时运行" },
  });
  await activities(station, staff, "PublishActivity", { activityId });
  await activities(station, courier(li), "SignUpForActivity", { activityId, courierId: li });
  await activities(station, staff, "StartActivity", { activityId });
  const shown = await station.run(
    call(activitiesContract, "GetActivity", community, {
      actor: staff,
      activityId: activityId as never,
    }),
  );
  if (shown.view !== "staff" || shown.checkInCodes === undefined) {
    return expect.fail(`the staff view shows no check-in code: ${JSON.stringify(shown)}`);
  }
  await activities(station, courier(li), "CheckInToActivity", {
    activityId,
    courierId: li,
    code: shown.checkInCodes.current,
  });
  await activities(station, staff, "CompleteActivity", { activityId });
  const completed = await station.run(
    call(activitiesContract, "GetActivity", community, {
      actor: staff,
      activityId: activityId as never,
    }),
  );
  expect(completed).toMatchObject({ view: "staff", status: "completed" });
  if (completed.view === "staff") {
    expect(completed.roster).toEqual([
      expect.objectContaining({ courierId: li, status: "confirmed" }),
    ]);
  }
  if (options.pointsAlongTheWay) {
    await expectBalance(station, li, policy.points.welcome + policy.points.participation.flat);
  }
};

const bridge = { latitude: 30.7416, longitude: 121.3464, datum: "GCJ-02" } as const;

const playReport = async (station: CycleStation, options: CycleOptions) => {
  const observedAt = instantFromMillis(Date.now() - HOUR);
  await reports(station, courier(li), "SubmitReport", {
    reportId: "r-river",
    category: "river-patrol",
    description: "河面有大片漂浮垃圾",
    location: { point: bridge, address: "龙胜路桥下" },
    photos: ["r-river-a.jpg"],
    observedAt,
  });
  // Accepted: verified and routed to the category's handler.
  await reports(station, staff, "AcceptReport", { reportId: "r-river" });
  const routed = await station.run(
    call(reportsContract, "GetReport", community, { actor: staff, reportId: "r-river" as never }),
  );
  expect(routed).toMatchObject({ view: "staff", status: "accepted", handlerId: "water-affairs" });

  await reports(station, courier(zhou), "SubmitReport", {
    reportId: "r-river-again",
    category: "river-patrol",
    description: "桥下河面垃圾很多",
    location: {
      point: { ...bridge, latitude: bridge.latitude + 20 / 111_195 },
      address: "龙胜路桥北",
    },
    photos: [],
    observedAt,
  });
  await reports(station, staff, "MarkReportDuplicate", {
    reportId: "r-river-again",
    originalReportId: "r-river",
  });
  await reports(station, waterHandler, "StartReportWork", { reportId: "r-river" });
  await reports(station, waterHandler, "ResolveReport", {
    reportId: "r-river",
    note: "已打捞清理",
  });
  await reports(station, courier(li), "AnswerResolutionCheck", {
    reportId: "r-river",
    fixed: true,
  });
  const closed = await station.run(
    call(reportsContract, "GetReport", community, { actor: staff, reportId: "r-river" as never }),
  );
  expect(closed).toMatchObject({
    view: "staff",
    status: "closed",
    closure: { confirmation: "reporter" },
  });
  const duplicate = await station.run(
    call(reportsContract, "GetReport", community, {
      actor: staff,
      reportId: "r-river-again" as never,
    }),
  );
  expect(duplicate).toMatchObject({
    view: "staff",
    status: "rejected",
    rejection: { reason: "duplicate", originalReportId: "r-river", corroborated: true },
  });
  if (options.pointsAlongTheWay) {
    await expectBalance(
      station,
      li,
      policy.points.welcome + policy.points.participation.flat + reportPoints,
    );
    await expectBalance(station, zhou, expectedBalances[zhou] as number);
  }
};

const playSuggestions = async (station: CycleStation, options: CycleOptions) => {
  await reports(station, courier(li), "SubmitSuggestion", {
    suggestionId: "sg-hours",
    topic: "station-services",
    text: "希望驿站晚上开到十点",
  });
  await reports(station, courier(zhou), "SecondSuggestion", { suggestionId: "sg-hours" });
  await reports(station, staff, "AcknowledgeSuggestion", {
    suggestionId: "sg-hours",
    note: "已收到，正在研究",
  });
  await reports(station, staff, "AdoptSuggestion", {
    suggestionId: "sg-hours",
    plan: "12 月底前延长开放时间",
  });
  await reports(station, courier(zhou), "SubmitSuggestion", {
    suggestionId: "sg-water",
    topic: "station-services",
    text: "饮水机能不能换成冷热两用的",
  });
  await reports(station, staff, "AnswerSuggestion", {
    suggestionId: "sg-water",
    answer: "已转交物业，下月更换",
  });
  const adopted = await station.run(
    call(reportsContract, "GetSuggestion", community, {
      actor: staff,
      suggestionId: "sg-hours" as never,
    }),
  );
  expect(adopted).toMatchObject({ view: "staff", status: "adopted", secondCount: 1 });
  const answered = await station.run(
    call(reportsContract, "GetSuggestion", community, {
      actor: staff,
      suggestionId: "sg-water" as never,
    }),
  );
  expect(answered).toMatchObject({ view: "staff", status: "answered" });
  if (options.pointsAlongTheWay) {
    await expectBalance(station, li, earnedByLi);
  }
};

const wishOf = (station: CycleStation, wishId: string) =>
  station.run(
    call(wishesContract, "GetWish", community, { actor: staff, wishId: wishId as never }),
  );

const playWishes = async (station: CycleStation, options: CycleOptions) => {
  // Li redeems a wish with the points earned so far: they must be in the ledger first.
  await expectBalance(station, li, earnedByLi, options.settleWithinMs);
  await wishes(station, courier(li), "DraftWish", {
    wishId: "w-earphones",
    stationId: "wanda-1",
    title: "蓝牙耳机",
    description: "跑单时接电话用，想要一副蓝牙耳机",
    category: "work-equipment",
    estimatedValueFen: wishValueFen,
    funding: { mode: "points" },
  });
  await wishes(station, courier(li), "SubmitWish", { wishId: "w-earphones" });
  await wishes(station, staff, "ApproveWish", { wishId: "w-earphones" });
  await wishes(station, courier(li), "RedeemWish", {
    wishId: "w-earphones",
    expectedPoints: wishPrice,
  });
  await options.after?.("wish-redeemed");
  // The points flow holds the price and tells the wish so.
  await eventually(
    "the wish's points are held",
    () => wishOf(station, "w-earphones"),
    (view) => "redemption" in view && view.redemption?.confirmedAt !== undefined,
    options.settleWithinMs,
  );
  const held = await balanceOf(station, li);
  expect(held).toMatchObject({ balance: earnedByLi, held: wishPrice });
  await wishes(station, staff, "ConfirmWishFulfilled", {
    wishId: "w-earphones",
    note: "已在驿站领取",
  });
  expect(await wishOf(station, "w-earphones")).toMatchObject({ status: "fulfilled" });
  // Fulfilled: the hold is posted, the points spent.
  await expectBalance(station, li, earnedByLi - wishPrice, options.settleWithinMs);

  // Zhou's wish is claimed by a merchant sponsor (圆梦人) and handed over.
  await wishes(station, staff, "RegisterSponsor", {
    sponsorId: "wanda-coffee",
    kind: "merchant",
    displayName: "万达咖啡",
    shop: { name: "万达咖啡", location: "万达广场 1F-102" },
    contact: { name: "李店长", phone: "13900139000" },
    thanksWall: true,
  });
  await wishes(station, courier(zhou), "DraftWish", {
    wishId: "w-helmet",
    stationId: "wanda-1",
    title: "安全头盔",
    description: "电动车头盔旧了，想换一个新的",
    category: "work-equipment",
    estimatedValueFen: 9_000,
    funding: { mode: "sponsor" },
  });
  await wishes(station, courier(zhou), "SubmitWish", { wishId: "w-helmet" });
  await wishes(station, staff, "ApproveWish", { wishId: "w-helmet" });
  const sponsor: Actor = { role: "sponsor", id: "wanda-coffee", communities: [community] };
  await wishes(station, sponsor, "ClaimWish", { wishId: "w-helmet", note: "周末送到驿站" });
  expect(await wishOf(station, "w-helmet")).toMatchObject({ status: "claimed" });
  await wishes(station, staff, "ConfirmWishFulfilled", { wishId: "w-helmet" });
  expect(await wishOf(station, "w-helmet")).toMatchObject({ status: "fulfilled" });
};

const eraseCourier = async (station: CycleStation) => {
  await registry(station, courier(chen), "LeaveProgramme", { courierId: chen });
  await registry(station, courier(chen), "EraseCourierPersonalData", { courierId: chen });
  const view = await station.run(
    call(registryContract, "GetCourier", community, {
      actor: staff,
      courierId: chen as CourierId,
    }),
  );
  expect(view).toMatchObject({ view: "staff", personal: { kind: "erased" } });
  const shown = JSON.stringify(view);
  expect(shown).not.toContain(personalData[chen]?.realName);
  expect(shown).not.toContain(personalData[chen]?.mobileNumber);
};

/**
 * The points at the end: each courier holds what the policy says their part earned —
 * not a point lost or earned twice — no hold is left open, and the ledger sums to zero.
 */
export const expectPointsSettled = async (station: CycleStation, deadlineMs = 30_000) => {
  for (const [courierId, points] of Object.entries(expectedBalances)) {
    await expectBalance(station, courierId, points, deadlineMs);
  }
  const holds = await openHoldsOf(station);
  expect(holds.items).toEqual([]);
  // The totals are a read model kept by a consumer: they catch up a moment later.
  const owed = Object.values(expectedBalances).reduce((total, points) => total + points, 0);
  const ledger = await eventually(
    `the ledger's courier accounts hold ${owed} points`,
    () => ledgerOf(station),
    (totals) => totals.couriers.balance === owed,
    deadlineMs,
  );
  expect(ledger.sum).toEqual({ balance: 0, pending: 0 });
  expect(ledger.courierAccounts).toBe(Object.keys(expectedBalances).length);
};

/** Whether a value has every field of an expected shape (vitest's `toMatchObject`). */
const hasShape = (value: unknown, shape: object): boolean => {
  try {
    expect(value).toMatchObject(shape);
    return true;
  } catch {
    return false;
  }
};

/** The figures the whole cycle leaves, as a district reports them (统计), since opening. */
const expectedFigures = () => ({
  programme: {
    couriers: { checkedIn: 3, verified: 3, volunteerTeam: 1 },
    activities: {
      held: 1,
      cancelled: 0,
      participations: 1,
      participants: 1,
      volunteerHours: 1,
      noShows: 0,
    },
    reports: {
      total: 2,
      reporters: 2,
      verified: 1,
      duplicates: 1,
      corroborations: 1,
      reopened: 0,
      byStatus: expect.objectContaining({ closed: 1, rejected: 1 }),
    },
    suggestions: {
      total: 2,
      authors: 2,
      adopted: 1,
      seconds: 1,
      adoptionRate: 0.5,
      byStatus: expect.objectContaining({ adopted: 1, answered: 1 }),
    },
  },
  wishes: { submitted: 2, fulfilled: 2, byPoints: 1, bySponsor: 1, pointsSpent: wishPrice },
  points: {
    earned: earnedByLi + (expectedBalances[zhou] as number) + (expectedBalances[chen] as number),
    spent: wishPrice,
    closingOutstanding: Object.values(expectedBalances).reduce(
      (total, points) => total + points,
      0,
    ),
    heldAtClose: 0,
  },
});

/**
 * The statistics show all of it: the insights service's figures of the community since
 * the station opened count every step of the cycle, once (the projection catches up with
 * the event log a moment after the last step).
 */
export const expectFigures = async (station: CycleStation, deadlineMs = 30_000) => {
  const expected = expectedFigures();
  const figures = await eventually(
    "the insights figures show the whole cycle",
    () =>
      station.run(
        call(insightsContract, "GetFigures", community, {
          actor: staff,
          period: { kind: "sinceOpening" },
        }),
      ),
    (view) => hasShape(view, expected),
    deadlineMs,
  );
  expect(figures).toMatchObject(expected);
};

/** The notices each person must have found in their inbox by the end, by kind. */
const expectedNotices: ReadonlyArray<readonly [Actor, ReadonlyArray<string>]> = [
  [courier(li), ["courier-verified", "report-fixed-question", "suggestion-adopted"]],
  [courier(zhou), ["courier-verified", "suggestion-answered", "wish-claimed"]],
  [waterHandler, ["report-routed"]],
];

/**
 * Each person was told what happened to them, once: the notifications service's inbox of
 * each holds the notices the cycle's events call for, none of them twice.
 */
export const expectNotices = async (station: CycleStation, deadlineMs = 30_000) => {
  for (const [actor, kinds] of expectedNotices) {
    const inbox = await eventually(
      `${actor.id}'s inbox holds ${kinds.join(", ")}`,
      () =>
        station.run(call(notificationsContract, "ListMyNotices", community, { actor, limit: 100 })),
      (page) => kinds.every((kind) => page.items.some((notice) => notice.kind === kind)),
      deadlineMs,
    );
    const told = inbox.items.map(
      (notice) => `${notice.kind} ${notice.about.aggregate}:${notice.about.id}`,
    );
    expect(new Set(told).size, told.join("; ")).toBe(told.length);
  }
};

/**
 * Plays the whole cycle on a station: a station opens; couriers register with consent
 * and are verified; one joins the volunteer team, signs up for an activity, checks in
 * with the code the station shows and is confirmed when it completes; a sentinel report
 * is routed, a duplicate corroborates it, it is resolved and its reporter confirms the
 * fix; a suggestion is seconded, acknowledged and adopted, another answered; a wish is
 * redeemed with points (held, then posted at the hand-over) and another claimed by a
 * merchant sponsor and handed over; a courier leaves and is erased; and then the points
 * add up to the policy's numbers with no hold open and the ledger at zero, and the
 * statistics show all of it, and each person was told once what happened to them.
 */
export const playCycle = async (station: CycleStation, options: CycleOptions): Promise<void> => {
  const after = options.after ?? (async () => undefined);
  await openStation(station);
  await after("station-opened");
  await verifyCouriers(station, options);
  await after("couriers-verified");
  await joinTeam(station);
  await after("volunteer-team-joined");
  await playActivity(station, options);
  await after("activity-completed");
  await playReport(station, options);
  await after("report-closed");
  await playSuggestions(station, options);
  await after("suggestions-answered");
  await playWishes(station, options);
  await after("wishes-fulfilled");
  await eraseCourier(station);
  await after("courier-erased");
  await expectPointsSettled(station, options.settleWithinMs);
  await expectFigures(station, options.settleWithinMs);
  await expectNotices(station, options.settleWithinMs);
};
