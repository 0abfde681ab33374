import {
  ActivityCommand,
  type ActivityKind,
  type Actor,
  type CommandId,
  CommunityId,
  type CommunityPolicy,
  CourierCommand,
  DAY,
  type Instant,
  instantFromMillis,
  jinshanPolicy,
  MINUTE,
  ReportCommand,
  SuggestionCommand,
  systemActor,
} from "@courier-station/core";

/*
 * A month of the Jinshan station (金山万达商圈党群服务站), November 2026, as a plan: every
 * command staff, couriers, handlers and timers send, when, and what the rules should
 * answer. The plan is generated from a seed by a small model of the rules that is written
 * here, apart from core (capacity, team membership, no-shows pausing sign-ups), so the
 * scenario test can hold core's answers and statistics against it.
 */

/** The community of the scenario. */
export const stationMonthCommunity = "jinshan-wanda";
/** The station of the scenario. */
export const stationMonthStation = "wanda";

const YEAR = 2026;
const MONTH_INDEX = 10; // November, for Date.UTC
/** The station's local time is UTC+8 (Asia/Shanghai, no daylight saving). */
const UTC_OFFSET_HOURS = 8;
/** November has thirty days. */
export const stationMonthDays = 30;

/** An instant from a local day of November 2026 and a local time. */
export const localNovember = (day: number, hour: number, minute = 0): Instant =>
  instantFromMillis(Date.UTC(YEAR, MONTH_INDEX, day, hour - UTC_OFFSET_HOURS, 0) + minute * MINUTE);

/** The local day of November of an instant. */
const dayOf = (instant: Instant): number =>
  new Date(Date.parse(instant) + UTC_OFFSET_HOURS * 60 * MINUTE).getUTCDate();

/** Where the clock starts: 1 November, midnight, local time. */
export const stationMonthStartsAt = localNovember(1, 0);
/** When the month's statistics are taken: the last minute of 30 November, local time. */
export const stationMonthEndsAt = localNovember(stationMonthDays, 23, 59);

/** What the rules should answer to a step. */
export type StepExpectation =
  | { readonly kind: "accepted" }
  | { readonly kind: "refused"; readonly code: string }
  | { readonly kind: "duplicate" };

/** A command of one of the four aggregates the month plays. */
export type StationMonthCommand =
  | { readonly aggregate: "courier"; readonly command: CourierCommand }
  | { readonly aggregate: "activity"; readonly command: ActivityCommand }
  | { readonly aggregate: "report"; readonly command: ReportCommand }
  | { readonly aggregate: "suggestion"; readonly command: SuggestionCommand };

/** One command of the month: when, by whom, with which id, and what the rules should say. */
export type StationMonthStep = StationMonthCommand & {
  readonly at: Instant;
  readonly commandId: CommandId;
  readonly actor: Actor;
  readonly expect: StepExpectation;
  /** What the step is, for failure messages. */
  readonly label: string;
};

/** A courier of the plan and what becomes of their registration. */
export interface PlannedCourier {
  readonly courierId: string;
  readonly fate: "verified" | "rejected";
  readonly joinsTeam: boolean;
  /** Signs up and often does not come. */
  readonly unreliable: boolean;
}

/** How a courier came to be at an activity. */
export type PlannedAttendance = "check-in" | "staff-confirmation" | "walk-in";

/** An activity of the plan: its details and who ends up where. */
export interface PlannedActivity {
  readonly activityId: string;
  readonly day: number;
  readonly kind: ActivityKind;
  readonly startsAt: Instant;
  readonly endsAt: Instant;
  readonly volunteerHours: number;
  readonly capacity: number | undefined;
  readonly signUpRequired: boolean;
  readonly inPeakHours: boolean;
  readonly fate: "completed" | "cancelled";
  /** Couriers there at completion, with the hours staff credit each. */
  readonly attendees: ReadonlyArray<{
    readonly courierId: string;
    readonly attendance: PlannedAttendance;
    readonly hours: number;
  }>;
  /** Couriers who signed up and did not come (only of completed activities). */
  readonly noShows: ReadonlyArray<string>;
  /** Couriers who cancelled their own sign-up. */
  readonly cancelledSignUps: ReadonlyArray<string>;
}

/** The way a sentinel report goes through the month. */
export type ReportPath =
  | "closed-by-reporter"
  | "reopened-then-closed"
  | "closed-by-timer"
  | "rejected-invalid"
  | "duplicate-corroborated"
  | "duplicate-same-reporter"
  | "with-handler"
  | "accepted-last-day"
  | "awaiting-reporter"
  | "submitted-last-day";

/** A sentinel report of the plan. */
export interface PlannedReport {
  readonly reportId: string;
  readonly reporterId: string;
  readonly category: string;
  readonly path: ReportPath;
  readonly submittedAt: Instant;
  /** When staff accepted it, for the paths that accept it. */
  readonly acceptedAt: Instant | undefined;
  readonly originalReportId: string | undefined;
}

/** The way a suggestion goes through the month. */
export type SuggestionPath =
  | "adopted-and-completed"
  | "adopted-in-progress"
  | "drafted-then-adopted"
  | "answered"
  | "drafted-then-answered"
  | "declined"
  | "withdrawn"
  | "acknowledged-only"
  | "waiting";

/** A suggestion (小哥有话说) of the plan. */
export interface PlannedSuggestion {
  readonly suggestionId: string;
  readonly authorId: string;
  readonly topic: string;
  readonly path: SuggestionPath;
  readonly submittedAt: Instant;
  /** Couriers whose seconds (附议) are accepted. */
  readonly seconders: ReadonlyArray<string>;
}

/** A month of a station: the commands in time order and what they mean. */
export interface StationMonthPlan {
  readonly seed: number;
  readonly policy: CommunityPolicy;
  readonly steps: ReadonlyArray<StationMonthStep>;
  readonly couriers: ReadonlyArray<PlannedCourier>;
  readonly activities: ReadonlyArray<PlannedActivity>;
  readonly reports: ReadonlyArray<PlannedReport>;
  readonly suggestions: ReadonlyArray<PlannedSuggestion>;
  /** Sign-up pauses the no-show rule should impose: who, and from when. */
  readonly pauses: ReadonlyArray<{ readonly courierId: string; readonly at: Instant }>;
}

/** How to generate a month. */
export interface StationMonthOptions {
  readonly seed?: number;
  /** How many couriers register (at least 12). */
  readonly couriers?: number;
  readonly suggestions?: number;
}

/** A small seeded generator (mulberry32): the same seed gives the same month. */
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

interface Draw {
  readonly next: () => number;
  readonly below: (limit: number) => number;
  readonly chance: (probability: number) => boolean;
  readonly pick: <Item>(items: ReadonlyArray<Item>) => Item;
  readonly shuffled: <Item>(items: ReadonlyArray<Item>) => Item[];
}

const drawOf = (seed: number): Draw => {
  const next = randomOf(seed);
  const below = (limit: number): number => Math.floor(next() * limit);
  return {
    next,
    below,
    chance: (probability) => next() < probability,
    pick: (items) => {
      const item = items[below(items.length)];
      if (item === undefined) throw new Error("pick from an empty list");
      return item;
    },
    shuffled: (items) => {
      const copy = [...items];
      for (let index = copy.length - 1; index > 0; index--) {
        const other = below(index + 1);
        [copy[index], copy[other]] = [
          copy[other] as (typeof copy)[number],
          copy[index] as (typeof copy)[number],
        ];
      }
      return copy;
    },
  };
};

const pad = (value: number, width = 3): string => String(value).padStart(width, "0");

const slots = {
  afternoon: { from: [14, 30], to: [16, 30], hours: 2 },
  "afternoon-short": { from: [15, 0], to: [16, 30], hours: 1.5 },
  evening: { from: [20, 0], to: [21, 30], hours: 1.5 },
  // Inside the lunch peak (11:00–13:30): staff must override the rule with a reason.
  lunch: { from: [12, 0], to: [13, 0], hours: 1 },
} as const;
type Slot = keyof typeof slots;

const activityTitles: Readonly<Record<ActivityKind, string>> = {
  volunteering: "护河志愿行动",
  "learning-session": "交通安全学习会",
  "community-event": "小哥暖心茶话会",
  "merchant-event": "万达影城小哥观影日",
  "wish-lighting": "点亮微心愿",
};

/**
 * Plans a month of the station from a seed: registrations on 1 November, a few dozen
 * activities with sign-ups, check-ins, walk-ins and no-shows, sentinel reports and about a
 * hundred suggestions through their lifecycles, with refusals the rules must give along
 * the way.
 *
 * @example
 * const plan = planStationMonth({ seed: 7 });
 * plan.steps.length; // a few thousand commands, in time order
 */
export const planStationMonth = (options: StationMonthOptions = {}): StationMonthPlan => {
  const seed = options.seed ?? 20_261_101;
  const courierCount = Math.max(12, options.couriers ?? 70);
  const suggestionCount = Math.max(20, options.suggestions ?? 100);
  const policy = jinshanPolicy();
  const draw = drawOf(seed);
  const community = CommunityId.parse(stationMonthCommunity);
  const staff: Actor = { role: "staff", id: "staff-wang", communities: [community] };
  const courierActor = (courierId: string): Actor => ({
    role: "courier",
    id: courierId,
    communities: [community],
  });
  const handlerActor = (handlerId: string): Actor => ({
    role: "handler",
    id: handlerId,
    communities: [community],
  });
  const flowActor = systemActor("report-timer");

  const steps: Array<StationMonthStep & { readonly order: number }> = [];
  let commandCounter = 0;
  const nextCommandId = (): CommandId => {
    commandCounter += 1;
    return `cmd-${pad(commandCounter, 6)}` as CommandId;
  };
  const accepted: StepExpectation = { kind: "accepted" };
  const refused = (code: string): StepExpectation => ({ kind: "refused", code });

  const push = (
    at: Instant,
    actor: Actor,
    command: StationMonthCommand,
    expect: StepExpectation,
    label: string,
    commandId: CommandId = nextCommandId(),
  ): StationMonthStep => {
    const step = { ...command, at, actor, expect, label, commandId, order: steps.length };
    steps.push(step);
    return step;
  };
  const courierStep = (
    at: Instant,
    actor: Actor,
    raw: unknown,
    expect: StepExpectation,
    label: string,
  ) => push(at, actor, { aggregate: "courier", command: CourierCommand.parse(raw) }, expect, label);
  const activityStep = (
    at: Instant,
    actor: Actor,
    raw: unknown,
    expect: StepExpectation,
    label: string,
  ) =>
    push(at, actor, { aggregate: "activity", command: ActivityCommand.parse(raw) }, expect, label);
  const reportStep = (
    at: Instant,
    actor: Actor,
    raw: unknown,
    expect: StepExpectation,
    label: string,
  ) => push(at, actor, { aggregate: "report", command: ReportCommand.parse(raw) }, expect, label);
  const suggestionStep = (
    at: Instant,
    actor: Actor,
    raw: unknown,
    expect: StepExpectation,
    label: string,
  ) =>
    push(
      at,
      actor,
      { aggregate: "suggestion", command: SuggestionCommand.parse(raw) },
      expect,
      label,
    );

  // ── Couriers: everyone checks in (小哥报到) on the first morning ──────────────────────
  const courierIds = Array.from({ length: courierCount }, (_, index) => `c-${pad(index + 1)}`);
  const rejectedIds = new Set(draw.shuffled(courierIds.slice(1)).slice(0, 3));
  const verifiedIds = courierIds.filter((id) => !rejectedIds.has(id));
  const withoutConsent = draw.pick(verifiedIds.slice(1));
  const unreliableIds = new Set(draw.shuffled(verifiedIds).slice(0, 3));
  const teamIds = new Set(verifiedIds.filter(() => draw.chance(0.6)));
  const platforms = ["meituan", "eleme", "dingdong", "sf", "jd", "other"] as const;
  const couriers: PlannedCourier[] = courierIds.map((courierId) => ({
    courierId,
    fate: rejectedIds.has(courierId) ? "rejected" : "verified",
    joinsTeam: teamIds.has(courierId),
    unreliable: unreliableIds.has(courierId),
  }));
  const mobileOf = (index: number): string =>
    `13${3 + (index % 7)}${pad(10_000_000 + index * 7_919, 8)}`;
  courierIds.forEach((courierId, index) => {
    courierStep(
      localNovember(1, 8, index * 0.25),
      courierActor(courierId),
      {
        type: "RegisterCourier",
        data: {
          courierId,
          nickname: `小哥${index + 1}`,
          realName: `骑手${index + 1}`,
          mobileNumber: mobileOf(index),
          platforms: [
            platforms[index % platforms.length],
            ...(index % 4 === 0 ? ["eleme"] : []),
          ].filter((platform, position, all) => all.indexOf(platform) === position),
          employment: index % 3 === 0 ? "crowd-sourced" : "full-time",
          workArea: { description: "万达广场周边" },
          ...(courierId === withoutConsent
            ? {}
            : { consentPolicyVersion: policy.general.consentPolicyVersion }),
        },
      },
      accepted,
      `register ${courierId}`,
    );
  });
  // The same number again, typed the way people type it: one registration per number.
  const firstMobile = mobileOf(4);
  courierStep(
    localNovember(1, 8, 20),
    courierActor("c-again"),
    {
      type: "RegisterCourier",
      data: {
        courierId: "c-again",
        nickname: "又一个小哥",
        realName: "重复登记",
        mobileNumber: `+86 ${firstMobile.slice(0, 3)}-${firstMobile.slice(3, 7)}-${firstMobile.slice(7)}`,
        platforms: ["meituan"],
        employment: "full-time",
        consentPolicyVersion: policy.general.consentPolicyVersion,
      },
    },
    refused("courier.mobile_already_registered"),
    "a second registration of c-005's number",
  );
  courierStep(
    localNovember(1, 8, 25),
    courierActor(verifiedIds[0] as string),
    { type: "VerifyCourier", data: { courierId: verifiedIds[0] } },
    refused("access.forbidden"),
    "a courier verifies themselves",
  );
  courierIds.forEach((courierId, index) => {
    const at = localNovember(1, 8, 30 + index * 0.25);
    if (rejectedIds.has(courierId)) {
      courierStep(
        at,
        staff,
        { type: "RejectCourier", data: { courierId, reason: "无法核实平台身份" } },
        accepted,
        `reject ${courierId}`,
      );
    } else if (courierId === withoutConsent) {
      courierStep(
        at,
        staff,
        { type: "VerifyCourier", data: { courierId } },
        refused("courier.consent_required"),
        `verify ${courierId} before consent`,
      );
      // Right after the refusal, before the next courier's turn, whatever the station's size.
      courierStep(
        localNovember(1, 8, 30 + index * 0.25 + 0.05),
        courierActor(courierId),
        {
          type: "GiveConsent",
          data: { courierId, policyVersion: policy.general.consentPolicyVersion },
        },
        accepted,
        `${courierId} consents`,
      );
      courierStep(
        localNovember(1, 8, 30 + index * 0.25 + 0.1),
        staff,
        { type: "VerifyCourier", data: { courierId } },
        accepted,
        `verify ${courierId}`,
      );
    } else {
      courierStep(
        at,
        staff,
        { type: "VerifyCourier", data: { courierId } },
        accepted,
        `verify ${courierId}`,
      );
    }
  });
  courierStep(
    localNovember(1, 8, 55),
    staff,
    { type: "VerifyCourier", data: { courierId: verifiedIds[1] } },
    refused("courier.transition_not_allowed"),
    "verify a courier twice",
  );
  [...teamIds].forEach((courierId, index) => {
    courierStep(
      localNovember(1, 9, index * 0.25),
      courierActor(courierId),
      { type: "JoinVolunteerTeam", data: { courierId } },
      accepted,
      `${courierId} joins the team`,
    );
  });
  const firstMember = [...teamIds][0];
  if (firstMember !== undefined) {
    courierStep(
      localNovember(1, 9, 30),
      courierActor(firstMember),
      { type: "JoinVolunteerTeam", data: { courierId: firstMember } },
      refused("courier.already_volunteer"),
      "join the team twice",
    );
  }
  const aRejected = [...rejectedIds][0] as string;
  courierStep(
    localNovember(1, 9, 31),
    courierActor(aRejected),
    { type: "JoinVolunteerTeam", data: { courierId: aRejected } },
    refused("courier.not_active"),
    "a rejected courier joins the team",
  );

  // ── Activities (活动 / 微志愿), with the no-show rule modelled here ─────────────────────
  // No-shows are recorded in time order; a sign-up is generated after later no-shows of
  // its own day, so a pause is a time interval rather than a flag.
  const noShowCount = new Map<string, number>();
  const pauses: Array<{ courierId: string; at: Instant }> = [];
  const isPaused = (courierId: string, at: Instant): boolean =>
    pauses.some(
      (pause) =>
        pause.courierId === courierId &&
        Date.parse(pause.at) <= Date.parse(at) &&
        Date.parse(at) < Date.parse(pause.at) + policy.activities.noShowPauseDays * DAY,
    );
  const recordNoShow = (courierId: string, at: Instant): void => {
    const count = (noShowCount.get(courierId) ?? 0) + 1;
    if (count >= policy.activities.noShowLimit) {
      noShowCount.set(courierId, 0);
      pauses.push({ courierId, at });
    } else {
      noShowCount.set(courierId, count);
    }
  };

  const activities: PlannedActivity[] = [];
  let activityIndex = 0;
  const cancelledIndexes = new Set([5, 19]);
  for (let day = 2; day <= 29; day++) {
    const twoToday = draw.chance(0.25);
    const daySlots: Slot[] = twoToday
      ? draw.chance(0.3)
        ? ["lunch", "evening"]
        : ["afternoon", "evening"]
      : [
          draw.chance(0.12)
            ? "lunch"
            : draw.chance(0.5)
              ? "afternoon"
              : draw.chance(0.5)
                ? "afternoon-short"
                : "evening",
        ];
    daySlots.forEach((slot, slotIndex) => {
      activityIndex += 1;
      const index = activityIndex;
      const activityId = `a-${pad(index)}`;
      const { from, to, hours } = slots[slot];
      const startsAt = localNovember(day, from[0], from[1]);
      const endsAt = localNovember(day, to[0], to[1]);
      const roll = draw.next();
      const kind: ActivityKind =
        roll < 0.4
          ? "volunteering"
          : roll < 0.6
            ? "learning-session"
            : roll < 0.8
              ? "community-event"
              : "merchant-event";
      const signUpRequired = kind === "volunteering" || draw.chance(0.7);
      const capacity = signUpRequired ? 6 + draw.below(8) : undefined;
      const fate = cancelledIndexes.has(index) ? "cancelled" : "completed";
      const inPeakHours = slot === "lunch";
      const planDay = Math.max(1, day - 4);
      const details = {
        title: `${activityTitles[kind]} ${day} 日`,
        kind,
        organiser:
          kind === "merchant-event"
            ? { kind: "merchant", merchantId: "wanda-cinema", name: "万达影城" }
            : { kind: "station", stationId: stationMonthStation },
        stationId: stationMonthStation,
        place: { description: kind === "volunteering" ? "山阳河 3 号桥" : "党群服务站活动室" },
        startsAt,
        endsAt,
        ...(capacity === undefined ? {} : { capacity }),
        signUpRequired,
        volunteerHours: hours,
      };
      const planAt = localNovember(planDay, 7, 30 + index * 0.1);
      if (inPeakHours) {
        activityStep(
          planAt,
          staff,
          { type: "PlanActivity", data: { activityId, details } },
          refused("activity.in_peak_hours"),
          `plan ${activityId} at lunch without an override`,
        );
      }
      activityStep(
        planAt,
        staff,
        {
          type: "PlanActivity",
          data: {
            activityId,
            details,
            ...(inPeakHours
              ? { peakHoursOverride: { reason: "商户午间包场，小哥错峰轮换参加" } }
              : {}),
          },
        },
        accepted,
        `plan ${activityId}`,
      );
      activityStep(
        localNovember(planDay, 7, 45 + index * 0.1),
        staff,
        { type: "PublishActivity", data: { activityId } },
        accepted,
        `publish ${activityId}`,
      );

      const active = verifiedIds;
      const eligible = (courierId: string): boolean =>
        kind !== "volunteering" || teamIds.has(courierId);
      const signedUp: string[] = [];
      const places = new Set<string>();
      let minute = slotIndex * 25;
      const signUpAt = (): Instant => {
        minute += 0.5;
        return localNovember(day, 9, minute);
      };
      const signUp = (courierId: string, expect: StepExpectation, label: string) =>
        activityStep(
          signUpAt(),
          courierActor(courierId),
          { type: "SignUpForActivity", data: { activityId, courierId } },
          expect,
          label,
        );

      if (signUpRequired && capacity !== undefined) {
        if (kind === "volunteering") {
          const outsider = active.find((courierId) => !teamIds.has(courierId));
          if (outsider !== undefined)
            signUp(
              outsider,
              refused("activity.volunteer_team_only"),
              `${outsider} (not in the team) signs up for volunteering`,
            );
        }
        if (index % 7 === 3)
          signUp(
            aRejected,
            refused("activity.courier_not_active"),
            `${aRejected} (rejected) signs up`,
          );
        const wanted = capacity + (draw.chance(0.35) ? 2 : 0);
        let attempts = 0;
        for (const courierId of draw.shuffled(active.filter(eligible))) {
          if (attempts >= wanted) break;
          const at = signUpAt();
          if (isPaused(courierId, at)) {
            activityStep(
              at,
              courierActor(courierId),
              { type: "SignUpForActivity", data: { activityId, courierId } },
              refused("activity.sign_ups_paused"),
              `${courierId} (paused) signs up for ${activityId}`,
            );
            continue;
          }
          attempts += 1;
          if (places.size >= capacity) {
            activityStep(
              at,
              courierActor(courierId),
              { type: "SignUpForActivity", data: { activityId, courierId } },
              refused("activity.full"),
              `${courierId} signs up for full ${activityId}`,
            );
            continue;
          }
          const step = activityStep(
            at,
            courierActor(courierId),
            { type: "SignUpForActivity", data: { activityId, courierId } },
            accepted,
            `${courierId} signs up for ${activityId}`,
          );
          places.add(courierId);
          signedUp.push(courierId);
          if (signedUp.length === 1 && index % 6 === 2) {
            // The app sends the same sign-up again (a retry): one effect.
            push(
              signUpAt(),
              step.actor,
              { aggregate: "activity", command: step.command as ActivityCommand },
              { kind: "duplicate" },
              `${courierId}'s sign-up sent again`,
              step.commandId,
            );
          }
          if (signedUp.length === 1 && index % 6 === 4) {
            const other = active.find((candidate) => candidate !== courierId) as string;
            push(
              signUpAt(),
              staff,
              {
                aggregate: "activity",
                command: ActivityCommand.parse({
                  type: "SignUpForActivity",
                  data: { activityId, courierId: other },
                }),
              },
              refused("command.id_conflict"),
              `a sign-up's command id reused for ${other}`,
              step.commandId,
            );
          }
        }
        const first = signedUp[0];
        if (first !== undefined)
          signUp(first, refused("activity.already_participating"), `${first} signs up twice`);
      } else if (index % 3 === 0) {
        const someone = draw.pick(active);
        signUp(
          someone,
          refused("activity.sign_up_not_needed"),
          `${someone} signs up where no sign-up is needed`,
        );
      }

      // What becomes of each sign-up.
      const fates = new Map<string, "check-in" | "staff-confirmation" | "no-show" | "cancel">();
      for (const courierId of signedUp) {
        const r = draw.next();
        fates.set(
          courierId,
          unreliableIds.has(courierId)
            ? r < 0.85
              ? "no-show"
              : "check-in"
            : r < 0.72
              ? "check-in"
              : r < 0.82
                ? "staff-confirmation"
                : r < 0.92
                  ? "no-show"
                  : "cancel",
        );
      }
      const cancelledSignUps = signedUp.filter((courierId) => fates.get(courierId) === "cancel");
      cancelledSignUps.forEach((courierId, position) => {
        activityStep(
          localNovember(day, 10, 30 + slotIndex * 10 + position * 0.5),
          courierActor(courierId),
          { type: "CancelSignUp", data: { activityId, courierId } },
          accepted,
          `${courierId} cancels their sign-up`,
        );
      });

      if (fate === "cancelled") {
        activityStep(
          localNovember(day, 10, 50),
          staff,
          { type: "CancelActivity", data: { activityId, reason: "暴雨预警，活动取消" } },
          accepted,
          `cancel ${activityId}`,
        );
        const late = draw.pick(active);
        activityStep(
          localNovember(day, 10, 55),
          courierActor(late),
          { type: "SignUpForActivity", data: { activityId, courierId: late } },
          refused("activity.transition_not_allowed"),
          `${late} signs up for cancelled ${activityId}`,
        );
        activities.push({
          activityId,
          day,
          kind,
          startsAt,
          endsAt,
          volunteerHours: hours,
          capacity,
          signUpRequired,
          inPeakHours,
          fate,
          attendees: [],
          noShows: [],
          cancelledSignUps,
        });
        return;
      }

      const at = (offsetMinutes: number): Instant =>
        instantFromMillis(Date.parse(startsAt) + offsetMinutes * MINUTE);
      const afterEnd = (offsetMinutes: number): Instant =>
        instantFromMillis(Date.parse(endsAt) + offsetMinutes * MINUTE);
      const code = `A${pad(index)}K`;
      const rotatedCode = `B${pad(index)}Q`;
      if (index % 5 === 0) {
        activityStep(
          at(-60),
          staff,
          { type: "StartActivity", data: { activityId, checkInCode: code } },
          refused("activity.too_early_to_start"),
          `start ${activityId} an hour early`,
        );
      }
      activityStep(
        at(-20),
        staff,
        { type: "StartActivity", data: { activityId, checkInCode: code.toLowerCase() } },
        accepted,
        `start ${activityId}`,
      );

      const checkingIn = signUpRequired
        ? signedUp.filter((courierId) => fates.get(courierId) === "check-in")
        : draw.shuffled(active).slice(0, 4 + draw.below(7));
      const rotated = checkingIn.length >= 2 && draw.chance(0.3);
      const half = rotated ? Math.ceil(checkingIn.length / 2) : checkingIn.length;
      if (!rotated && checkingIn.length > 0 && draw.chance(0.3)) {
        const courierId = checkingIn[0] as string;
        activityStep(
          at(-12),
          courierActor(courierId),
          { type: "CheckInToActivity", data: { activityId, courierId, code: "ZZZZ" } },
          refused("activity.wrong_check_in_code"),
          `${courierId} types a wrong code`,
        );
      }
      checkingIn.slice(0, half).forEach((courierId, position) => {
        activityStep(
          at(-10 + position),
          courierActor(courierId),
          {
            type: "CheckInToActivity",
            data: { activityId, courierId, code: ` ${code.toLowerCase()} ` },
          },
          accepted,
          `${courierId} checks in to ${activityId}`,
        );
      });
      if (rotated) {
        activityStep(
          at(25),
          staff,
          { type: "RotateCheckInCode", data: { activityId, checkInCode: rotatedCode } },
          accepted,
          `rotate ${activityId}'s code`,
        );
        const straggler = checkingIn[half] as string;
        activityStep(
          at(28),
          courierActor(straggler),
          { type: "CheckInToActivity", data: { activityId, courierId: straggler, code } },
          refused("activity.wrong_check_in_code"),
          `${straggler} uses the old code after its grace`,
        );
        checkingIn.slice(half).forEach((courierId, position) => {
          activityStep(
            at(30 + position),
            courierActor(courierId),
            { type: "CheckInToActivity", data: { activityId, courierId, code: rotatedCode } },
            accepted,
            `${courierId} checks in to ${activityId} with the new code`,
          );
        });
      }
      const present = new Set(checkingIn);
      const walkIns = draw
        .shuffled(
          active.filter(
            (courierId) => eligible(courierId) && !places.has(courierId) && !present.has(courierId),
          ),
        )
        .slice(0, draw.below(3));
      if (walkIns.length > 0) {
        activityStep(
          at(45),
          staff,
          { type: "RecordWalkIns", data: { activityId, courierIds: walkIns } },
          accepted,
          `walk-ins at ${activityId}`,
        );
      }
      const confirmedByStaff = signedUp.filter(
        (courierId) => fates.get(courierId) === "staff-confirmation",
      );
      if (confirmedByStaff.length > 0) {
        activityStep(
          at(50),
          staff,
          { type: "ConfirmAttendance", data: { activityId, courierIds: confirmedByStaff } },
          accepted,
          `staff confirm attendance at ${activityId}`,
        );
      }
      const noShows = signedUp.filter((courierId) => fates.get(courierId) === "no-show");
      const markedEarly = noShows.length > 0 && draw.chance(0.3);
      if (markedEarly) {
        activityStep(
          at(55),
          staff,
          { type: "MarkNoShows", data: { activityId, courierIds: noShows } },
          accepted,
          `mark no-shows at ${activityId}`,
        );
        for (const courierId of noShows) recordNoShow(courierId, at(55));
      }
      checkingIn.forEach((courierId, position) => {
        if (position % 3 === 0) {
          activityStep(
            afterEnd(0),
            courierActor(courierId),
            { type: "CheckOutOfActivity", data: { activityId, courierId } },
            accepted,
            `${courierId} checks out`,
          );
        }
      });
      if (noShows.length > 0 && draw.chance(0.4)) {
        const courierId = noShows[0] as string;
        activityStep(
          afterEnd(40),
          courierActor(courierId),
          { type: "CheckInToActivity", data: { activityId, courierId, code } },
          refused("activity.outside_check_in_window"),
          `${courierId} tries to check in after the window`,
        );
      }
      const adjusted = index % 4 === 1 ? checkingIn[0] : undefined;
      const adjustedHours = Math.max(0.25, hours - 0.5);
      activityStep(
        afterEnd(60),
        staff,
        {
          type: "CompleteActivity",
          data: {
            activityId,
            ...(adjusted === undefined
              ? {}
              : { hoursAdjustments: [{ courierId: adjusted, hours: adjustedHours }] }),
          },
        },
        accepted,
        `complete ${activityId}`,
      );
      if (!markedEarly) for (const courierId of noShows) recordNoShow(courierId, afterEnd(60));
      activities.push({
        activityId,
        day,
        kind,
        startsAt,
        endsAt,
        volunteerHours: hours,
        capacity,
        signUpRequired,
        inPeakHours,
        fate,
        attendees: [
          ...checkingIn.map((courierId) => ({
            courierId,
            attendance: "check-in" as const,
            hours: courierId === adjusted ? adjustedHours : hours,
          })),
          ...confirmedByStaff.map((courierId) => ({
            courierId,
            attendance: "staff-confirmation" as const,
            hours,
          })),
          ...walkIns.map((courierId) => ({ courierId, attendance: "walk-in" as const, hours })),
        ],
        noShows,
        cancelledSignUps,
      });
    });
  }

  // ── Sentinel reports (民情前哨) ───────────────────────────────────────────────────────
  const categories = policy.reports.categories;
  const handlers = [...new Set(categories.map((category) => category.handler))];
  const reports: PlannedReport[] = [];
  const reportPaths: ReadonlyArray<readonly [ReportPath, number, number, number]> = [
    // path, how many, first base day, last base day
    ["rejected-invalid", 2, 2, 3],
    ["closed-by-reporter", 6, 2, 24],
    ["reopened-then-closed", 3, 2, 22],
    ["closed-by-timer", 3, 2, 18],
    ["duplicate-corroborated", 3, 5, 24],
    ["duplicate-same-reporter", 1, 5, 24],
    ["with-handler", 2, 5, 20],
    ["accepted-last-day", 1, 30, 30],
    ["awaiting-reporter", 2, 25, 26],
    ["submitted-last-day", 1, 30, 30],
  ];
  const point = (index: number) => ({
    latitude: 30.74 + (index % 10) * 0.003,
    longitude: 121.34 + Math.floor(index / 10) * 0.003,
    datum: index % 2 === 0 ? "GCJ-02" : "WGS-84",
  });
  let reportIndex = 0;
  const verifiedOriginals: PlannedReport[] = [];
  const submit = (
    reportId: string,
    reporterId: string,
    category: string,
    day: number,
    expect: StepExpectation,
  ) => {
    const submittedAt = localNovember(day, 7, reportIndex * 0.5);
    reportStep(
      submittedAt,
      courierActor(reporterId),
      {
        type: "SubmitReport",
        data: {
          reportId,
          category,
          description: "河面有大片漂浮垃圾，桥下有共享单车倒在水边",
          location: { point: point(reportIndex), address: `龙胜路 ${reportIndex + 1} 号附近` },
          photos: [`${reportId}-a.jpg`],
          observedAt: instantFromMillis(Date.parse(submittedAt) - 40 * MINUTE),
        },
      },
      expect,
      `${reporterId} submits ${reportId}`,
    );
    return submittedAt;
  };
  reportStep(
    localNovember(2, 6, 30),
    courierActor(aRejected),
    {
      type: "SubmitReport",
      data: {
        reportId: "r-refused",
        category: "noise",
        description: "夜间施工噪音",
        location: { point: point(0), address: "万达广场北门" },
        observedAt: localNovember(2, 6, 0),
      },
    },
    refused("report.reporter_not_active"),
    `${aRejected} (rejected) reports`,
  );
  const rejectedInvalid: string[] = [];
  for (const [path, count, firstDay, lastDay] of reportPaths) {
    for (let n = 0; n < count; n++) {
      reportIndex += 1;
      const reportId = `r-${pad(reportIndex)}`;
      const isDuplicate = path === "duplicate-corroborated" || path === "duplicate-same-reporter";
      const original = isDuplicate ? draw.pick(verifiedOriginals) : undefined;
      // A duplicate comes in a day or three after its original was accepted (22:50).
      const day =
        original?.acceptedAt === undefined
          ? firstDay + draw.below(lastDay - firstDay + 1)
          : dayOf(original.acceptedAt) + 1 + draw.below(3);
      const category = original?.category ?? draw.pick(categories).id;
      const reporterId =
        path === "duplicate-same-reporter"
          ? (original as PlannedReport).reporterId
          : draw.pick(
              verifiedIds.filter(
                (courierId) =>
                  courierId !== original?.reporterId &&
                  !reports.some(
                    (report) =>
                      original !== undefined &&
                      report.originalReportId === original.reportId &&
                      report.reporterId === courierId,
                  ),
              ),
            );
      const submittedAt = submit(reportId, reporterId, category, day, accepted);
      const categoryHandler = categories.find((candidate) => candidate.id === category)
        ?.handler as string;
      const handler = handlerActor(categoryHandler);
      const staffAt = (offsetDays: number, minute = 0) =>
        localNovember(day + offsetDays, 22, 50 + minute);
      const handlerAt = (offsetDays: number, hour: number, minute: number) =>
        localNovember(day + offsetDays, hour, minute);
      let acceptedAt: Instant | undefined;
      const acceptReport = (when: Instant) => {
        acceptedAt = when;
        reportStep(
          when,
          staff,
          { type: "AcceptReport", data: { reportId, note: "已核实，转处置部门" } },
          accepted,
          `accept ${reportId}`,
        );
      };
      /** The handler resolves the report at 07:40 on the given day after submission. */
      const resolveReport = (offsetDays: number, note = "已处理", again?: "again") =>
        reportStep(
          handlerAt(offsetDays, 7, 40),
          handler,
          { type: "ResolveReport", data: { reportId, note } },
          accepted,
          again === undefined ? `resolve ${reportId}` : `resolve ${reportId} again`,
        );
      switch (path) {
        case "rejected-invalid":
          reportStep(
            staffAt(0),
            staff,
            { type: "RejectReport", data: { reportId, note: "照片与描述不符" } },
            accepted,
            `reject ${reportId}`,
          );
          rejectedInvalid.push(reportId);
          break;
        case "duplicate-corroborated":
        case "duplicate-same-reporter": {
          const originalId = (original as PlannedReport).reportId;
          const notVerified = rejectedInvalid[0];
          if (n === 0 && path === "duplicate-corroborated" && notVerified !== undefined) {
            reportStep(
              staffAt(0, 1),
              staff,
              { type: "MarkReportDuplicate", data: { reportId, originalReportId: notVerified } },
              refused("report.original_not_verified"),
              `mark ${reportId} a duplicate of rejected ${notVerified}`,
            );
          }
          reportStep(
            staffAt(0, 2),
            staff,
            {
              type: "MarkReportDuplicate",
              data: { reportId, originalReportId: originalId, note: "同一地点同一问题" },
            },
            accepted,
            `mark ${reportId} a duplicate of ${originalId}`,
          );
          break;
        }
        case "closed-by-reporter": {
          acceptReport(staffAt(0));
          if (n === 0) {
            const stranger = handlers.find((candidate) => candidate !== categoryHandler) as string;
            reportStep(
              handlerAt(1, 7, 25),
              handlerActor(stranger),
              { type: "StartReportWork", data: { reportId } },
              refused("report.not_assigned_handler"),
              `${stranger} starts work on ${reportId}`,
            );
          }
          reportStep(
            handlerAt(1, 7, 30),
            handler,
            { type: "StartReportWork", data: { reportId, note: "已派人到场" } },
            accepted,
            `start work on ${reportId}`,
          );
          resolveReport(2, "已清理完毕");
          reportStep(
            handlerAt(3, 7, 50),
            courierActor(reporterId),
            { type: "AnswerResolutionCheck", data: { reportId, fixed: true } },
            accepted,
            `${reporterId} confirms ${reportId} is fixed`,
          );
          break;
        }
        case "reopened-then-closed":
          acceptReport(staffAt(0));
          resolveReport(2);
          reportStep(
            handlerAt(3, 7, 50),
            courierActor(reporterId),
            { type: "AnswerResolutionCheck", data: { reportId, fixed: false, note: "问题还在" } },
            accepted,
            `${reporterId} says ${reportId} is not fixed`,
          );
          reportStep(
            handlerAt(4, 7, 30),
            handler,
            { type: "StartReportWork", data: { reportId } },
            accepted,
            `start work again on ${reportId}`,
          );
          resolveReport(5, "已彻底处理", "again");
          reportStep(
            handlerAt(6, 7, 50),
            staff,
            { type: "ConfirmReportResolution", data: { reportId } },
            accepted,
            `staff close ${reportId}`,
          );
          break;
        case "closed-by-timer":
          acceptReport(staffAt(0));
          resolveReport(2);
          reportStep(
            handlerAt(2, 23, 0),
            flowActor,
            { type: "ConfirmReportResolution", data: { reportId } },
            refused("report.confirmation_pending"),
            `the timer closes ${reportId} too early`,
          );
          reportStep(
            handlerAt(9, 8, 0),
            flowActor,
            { type: "ConfirmReportResolution", data: { reportId } },
            accepted,
            `the timer closes ${reportId}`,
          );
          break;
        case "with-handler":
          acceptReport(staffAt(0));
          reportStep(
            handlerAt(1, 7, 30),
            handler,
            { type: "StartReportWork", data: { reportId } },
            accepted,
            `start work on ${reportId}`,
          );
          break;
        case "accepted-last-day":
          acceptReport(localNovember(day, 7, 45));
          break;
        case "awaiting-reporter":
          acceptReport(staffAt(0));
          resolveReport(2);
          break;
        case "submitted-last-day":
          break;
      }
      const planned: PlannedReport = {
        reportId,
        reporterId,
        category,
        path,
        submittedAt,
        acceptedAt,
        originalReportId: original?.reportId,
      };
      reports.push(planned);
      if (acceptedAt !== undefined && path !== "accepted-last-day") verifiedOriginals.push(planned);
    }
  }

  // ── Suggestions (小哥有话说) ──────────────────────────────────────────────────────────
  const topics = policy.suggestions.topics.map((topic) => topic.id);
  const suggestionPaths: ReadonlyArray<readonly [SuggestionPath, number, number]> = [
    // path, share of the suggestions (in hundredths), days the path needs after submission
    ["adopted-and-completed", 10, 8],
    ["adopted-in-progress", 8, 4],
    ["drafted-then-adopted", 4, 2],
    ["answered", 25, 3],
    ["drafted-then-answered", 5, 2],
    ["declined", 15, 3],
    ["withdrawn", 8, 1],
    ["acknowledged-only", 10, 1],
    ["waiting", 15, 0],
  ];
  const pathOfSuggestion: SuggestionPath[] = [];
  for (const [path, share] of suggestionPaths) {
    const count = Math.round((share * suggestionCount) / 100);
    for (let n = 0; n < count; n++) pathOfSuggestion.push(path);
  }
  while (pathOfSuggestion.length < suggestionCount) pathOfSuggestion.push("answered");
  pathOfSuggestion.length = suggestionCount;
  const suggestions: PlannedSuggestion[] = [];
  suggestionStep(
    localNovember(2, 6, 40),
    courierActor(aRejected),
    {
      type: "SubmitSuggestion",
      data: { suggestionId: "s-refused", topic: "station-services", text: "希望驿站延长开放时间" },
    },
    refused("suggestion.courier_not_active"),
    `${aRejected} (rejected) suggests`,
  );
  draw.shuffled(pathOfSuggestion).forEach((path, position) => {
    const index = position + 1;
    const suggestionId = `s-${pad(index)}`;
    const needs = suggestionPaths.find(([candidate]) => candidate === path)?.[2] ?? 0;
    const lastDay = path === "waiting" ? stationMonthDays : stationMonthDays - needs - 1;
    const day = 2 + draw.below(lastDay - 1);
    const authorId = draw.pick(verifiedIds);
    const topic = draw.pick(topics);
    const submittedAt = localNovember(day, 8, (index % 50) * 0.5);
    suggestionStep(
      submittedAt,
      courierActor(authorId),
      {
        type: "SubmitSuggestion",
        data: {
          suggestionId,
          topic,
          text: `建议 ${index}：驿站增设充电柜和雨具借用点`,
          showAuthor: index % 2 === 0,
        },
      },
      accepted,
      `${authorId} suggests ${suggestionId}`,
    );
    const seconders = draw
      .shuffled(verifiedIds.filter((courierId) => courierId !== authorId))
      .slice(0, draw.below(5));
    seconders.forEach((courierId, n) => {
      suggestionStep(
        localNovember(day, 21, (index % 20) * 2 + n * 0.25),
        courierActor(courierId),
        { type: "SecondSuggestion", data: { suggestionId } },
        accepted,
        `${courierId} seconds ${suggestionId}`,
      );
    });
    if (index % 17 === 0) {
      suggestionStep(
        localNovember(day, 21, 50),
        courierActor(authorId),
        { type: "SecondSuggestion", data: { suggestionId } },
        refused("suggestion.own_suggestion"),
        `${authorId} seconds their own ${suggestionId}`,
      );
    }
    const firstSeconder = seconders[0];
    if (index % 13 === 0 && firstSeconder !== undefined) {
      suggestionStep(
        localNovember(day, 21, 55),
        courierActor(firstSeconder),
        { type: "SecondSuggestion", data: { suggestionId } },
        refused("suggestion.already_seconded"),
        `${firstSeconder} seconds ${suggestionId} twice`,
      );
    }
    const staffAt = (offsetDays: number, minute = 0) =>
      localNovember(day + offsetDays, 23, (index % 20) + minute);
    const respond = (offsetDays: number, raw: Record<string, unknown>, label: string) =>
      suggestionStep(
        staffAt(offsetDays),
        staff,
        { ...raw, data: { suggestionId, ...(raw.data as object) } },
        accepted,
        `${label} ${suggestionId}`,
      );
    switch (path) {
      case "adopted-and-completed":
        respond(
          1,
          { type: "AcknowledgeSuggestion", data: { note: "已收到，转社区办公会" } },
          "acknowledge",
        );
        respond(
          3,
          { type: "AdoptSuggestion", data: { plan: "下月在驿站增设两组充电柜" } },
          "adopt",
        );
        respond(
          5,
          { type: "RecordSuggestionProgress", data: { note: "充电柜已采购" } },
          "record progress on",
        );
        respond(8, { type: "CompleteSuggestion", data: { note: "充电柜已安装启用" } }, "complete");
        break;
      case "adopted-in-progress":
        respond(2, { type: "AdoptSuggestion", data: { plan: "与商户协商雨具借用点" } }, "adopt");
        respond(
          4,
          { type: "RecordSuggestionProgress", data: { note: "已与三家商户达成意向" } },
          "record progress on",
        );
        break;
      case "drafted-then-adopted":
        respond(
          1,
          {
            type: "DraftSuggestionResponse",
            data: { response: { kind: "adopt", plan: "纳入明年驿站改造计划" } },
          },
          "draft an adoption of",
        );
        respond(2, { type: "PublishSuggestionResponse", data: {} }, "publish the adoption of");
        break;
      case "answered":
        respond(
          1 + draw.below(3),
          { type: "AnswerSuggestion", data: { answer: "驿站已有该服务，详见公告栏" } },
          "answer",
        );
        break;
      case "drafted-then-answered":
        respond(
          1,
          {
            type: "DraftSuggestionResponse",
            data: { response: { kind: "decline", reason: "暂不具备条件" } },
          },
          "draft a decline of",
        );
        suggestionStep(
          staffAt(1, 1),
          staff,
          { type: "DiscardSuggestionResponseDraft", data: { suggestionId } },
          accepted,
          `discard the draft of ${suggestionId}`,
        );
        suggestionStep(
          staffAt(1, 2),
          staff,
          { type: "PublishSuggestionResponse", data: { suggestionId } },
          refused("suggestion.no_draft"),
          `publish ${suggestionId} without a draft`,
        );
        respond(
          2,
          {
            type: "DraftSuggestionResponse",
            data: { response: { kind: "answer", answer: "已转交平台站点协调" } },
          },
          "draft an answer to",
        );
        suggestionStep(
          staffAt(2, 1),
          staff,
          { type: "PublishSuggestionResponse", data: { suggestionId } },
          accepted,
          `publish the answer to ${suggestionId}`,
        );
        break;
      case "declined":
        respond(
          1 + draw.below(3),
          { type: "DeclineSuggestion", data: { reason: "不属于社区职责范围，已转街道" } },
          "decline",
        );
        break;
      case "withdrawn": {
        const other = verifiedIds.find((courierId) => courierId !== authorId) as string;
        if (index % 3 === 0) {
          suggestionStep(
            localNovember(day + 1, 7, 10),
            courierActor(other),
            { type: "WithdrawSuggestion", data: { suggestionId } },
            refused("suggestion.not_author"),
            `${other} withdraws ${authorId}'s ${suggestionId}`,
          );
        }
        suggestionStep(
          localNovember(day + 1, 7, 20),
          courierActor(authorId),
          { type: "WithdrawSuggestion", data: { suggestionId, reason: "问题已自行解决" } },
          accepted,
          `${authorId} withdraws ${suggestionId}`,
        );
        break;
      }
      case "acknowledged-only":
        respond(1, { type: "AcknowledgeSuggestion", data: {} }, "acknowledge");
        break;
      case "waiting":
        break;
    }
    if (path === "declined" && index % 5 === 0) {
      const late = verifiedIds.find(
        (courierId) => courierId !== authorId && !seconders.includes(courierId),
      ) as string;
      suggestionStep(
        localNovember(day + 4, 7, 30),
        courierActor(late),
        { type: "SecondSuggestion", data: { suggestionId } },
        refused("suggestion.transition_not_allowed"),
        `${late} seconds declined ${suggestionId}`,
      );
    }
    suggestions.push({ suggestionId, authorId, topic, path, submittedAt, seconders });
  });

  const ordered = [...steps].sort(
    (a, b) => Date.parse(a.at) - Date.parse(b.at) || a.order - b.order,
  );
  return {
    seed,
    policy,
    steps: ordered.map(({ order: _order, ...step }) => step),
    couriers,
    activities,
    reports,
    suggestions,
    pauses,
  };
};
