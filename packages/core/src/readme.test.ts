import { Either } from "effect";
import { describe, expect, it } from "vitest";
import {
  ActivityCommand,
  type Actor,
  activityDecider,
  authorize,
  CommandId,
  CommunityId,
  type CourierFacts,
  CourierFacts as CourierFactsSchema,
  CourierId,
  commandPermissions,
  courierDecider,
  courierPublicView,
  couriersConcernedBy,
  handleCommand,
  Instant,
  isWithinOpeningHours,
  jinshanPolicy,
  manualClock,
  mobileNumberKey,
  newAggregateRecord,
  OpeningHours,
  parseInput,
  parsePolicy,
  personalDataSeal,
  RegisterCourier,
  ReportCommand,
  reportDecider,
  reportPublicView,
  SuggestionCommand,
  sequentialIds,
  suggestionDecider,
  suggestionStaffView,
  systemClock,
  toErrorReport,
  toPoints,
  uuidV7Ids,
} from "./index.js";

/* The examples of README.md, run as they are written there (with what they print asserted). */

describe("the README's examples", () => {
  it("the kernel: ids, clocks, points, errors, the permission table, parseInput", () => {
    const courierId = CourierId.parse("c-1");
    const clock = manualClock("2026-11-28T10:00:00+08:00");
    expect(clock.now()).toBe("2026-11-28T02:00:00.000Z");
    expect(sequentialIds("evt").next()).toBe("evt-000001");

    expect(toPoints(30)).toEqual(Either.right(30));
    const refused = toPoints(1.5);
    if (Either.isRight(refused)) throw new Error("expected a refusal");
    const report = toErrorReport(refused.left);
    expect(report).toMatchObject({
      code: "points.invalid_amount",
      tag: "InvalidPoints",
      details: { received: "1.5" },
    });
    expect(report.message["zh-CN"]).toMatch(/^积分须为/);
    expect(report.message.en).toMatch(/^Points must be/);

    const jinshan = CommunityId.parse("jinshan-wanda");
    const staff = { role: "staff" as const, id: "s-1", communities: [jinshan] };
    expect(authorize(staff, jinshan, "VerifyCourier", commandPermissions)).toEqual(
      Either.right(undefined),
    );
    const elsewhere = authorize(
      staff,
      CommunityId.parse("shanyang-town"),
      "VerifyCourier",
      commandPermissions,
    );
    expect(Either.isLeft(elsewhere) && [elsewhere.left.code, elsewhere.left.reason]).toEqual([
      "access.forbidden",
      "community",
    ]);

    const input = parseInput(RegisterCourier, {
      type: "RegisterCourier",
      data: {
        courierId,
        nickname: "",
        realName: "王小明",
        mobileNumber: "12345",
        platforms: [],
        employment: "full-time",
      },
    });
    if (Either.isRight(input)) throw new Error("expected a refusal");
    expect(input.left.issues.map((issue) => issue.field)).toEqual([
      "data.nickname",
      "data.mobileNumber",
      "data.platforms",
    ]);
    for (const issue of input.left.issues) {
      expect(issue.message["zh-CN"].length).toBeGreaterThan(0);
      expect(issue.message.en.length).toBeGreaterThan(0);
    }
  });

  it("running a command: a courier registers", () => {
    const policy = jinshanPolicy();
    const community = CommunityId.parse("jinshan-wanda");
    const secret = "a deployment secret, at least 16 bytes, never in the store";
    const mobileIndex = new Map<string, CourierId>();
    const body = `{"type":"RegisterCourier","data":{"courierId":"c-1","nickname":"小王",
  "realName":"王小明","mobileNumber":"+86 138-0013-8000","platforms":["meituan"],
  "employment":"full-time","consentPolicyVersion":"2026-01"}}`;

    const parsed = parseInput(RegisterCourier, JSON.parse(body));
    if (Either.isLeft(parsed)) throw toErrorReport(parsed.left);
    const command = parsed.right;

    const record = newAggregateRecord(courierDecider, community, command.data.courierId);
    const outcome = handleCommand(
      courierDecider,
      record,
      {
        commandId: CommandId.parse("cmd-register-c-1"),
        community,
        actor: { role: "courier", id: command.data.courierId, communities: [community] },
        command,
      },
      {
        clock: systemClock,
        ids: uuidV7Ids(),
        facts: {
          policy,
          mobileKeyOf: (number) => mobileNumberKey(number, secret),
          registeredMobileKeys: (key) => mobileIndex.get(key),
          personalData: personalDataSeal(secret),
        },
      },
    );

    if (Either.isLeft(outcome) || outcome.right.kind !== "applied") {
      throw new Error("expected the registration to be applied");
    }
    expect(outcome.right.events.map((event) => event.type)).toEqual(["CourierRegistered"]);
    expect(courierPublicView(outcome.right.record.state)).toMatchObject({
      courierId: "c-1",
      nickname: "小王",
      status: "registered",
    });
    expect(JSON.stringify(outcome.right.events)).not.toContain("13800138000");
  });

  it("the community policy: parsePolicy", () => {
    const ours = parsePolicy(`
general:
  programmeName: { zh-CN: 山阳小哥驿站, en: Shanyang Courier Station }
points:
  welcome: 20
`);
    if (Either.isLeft(ours)) throw new Error(ours.left.text.en);
    expect(ours.right.points.welcome).toBe(20);
    expect(ours.right.general.programmeName.en).toBe("Shanyang Courier Station");
    expect(ours.right.reports).toEqual(jinshanPolicy().reports);

    const mistaken = parsePolicy(`
general:
  timeZone: Mars/Olympus_Mons
points:
  welcome: -5
`);
    if (Either.isRight(mistaken)) throw new Error("expected a refusal");
    expect(mistaken.left.problems.map((problem) => problem.field)).toEqual([
      "general.timeZone",
      "points.welcome",
    ]);
  });

  it("stations: opening hours past midnight", () => {
    expect(OpeningHours.parse({ kind: "around-the-clock" })).toEqual({
      kind: "around-the-clock",
    });
    const hours = OpeningHours.parse({
      kind: "weekly",
      days: {
        monday: [
          { from: "09:00", to: "12:00" },
          { from: "13:00", to: "21:00" },
        ],
        friday: [{ from: "22:00", to: "02:00" }],
      },
    });
    const at = (local: string) => Instant.parse(`${local}+08:00`);
    expect(isWithinOpeningHours(hours, at("2026-11-28T01:30:00"), "Asia/Shanghai")).toBe(true);
    expect(isWithinOpeningHours(hours, at("2026-11-28T03:00:00"), "Asia/Shanghai")).toBe(false);
    expect(isWithinOpeningHours(hours, at("2026-11-30T12:30:00"), "Asia/Shanghai")).toBe(false);
  });

  it("sentinel reports: a courier submits one", () => {
    const community = CommunityId.parse("jinshan-wanda");
    const policy = jinshanPolicy();
    const command = ReportCommand.parse({
      type: "SubmitReport",
      data: {
        reportId: "r-1",
        category: "river-patrol",
        description: "河面有大片漂浮垃圾",
        location: {
          point: { latitude: 30.7416, longitude: 121.3464, datum: "GCJ-02" },
          address: "龙胜路桥下",
        },
        photos: ["r-1-a.jpg"],
        observedAt: "2026-11-28T09:40:00+08:00",
      },
    });
    const courier = CourierFactsSchema.parse({
      courierId: "c-1",
      status: "active",
      volunteerTeamMember: false,
    });

    const outcome = handleCommand(
      reportDecider,
      newAggregateRecord(reportDecider, community, "r-1"),
      {
        commandId: CommandId.parse("cmd-1"),
        community,
        actor: { role: "courier", id: "c-1", communities: [community] },
        command,
      },
      {
        clock: manualClock("2026-11-28T10:00:00+08:00"),
        ids: uuidV7Ids(),
        facts: { policy, courier },
      },
    );
    if (Either.isLeft(outcome) || outcome.right.kind !== "applied") {
      throw new Error("expected the report to be applied");
    }
    expect(outcome.right.events.map((event) => event.type)).toEqual(["ReportSubmitted"]);
    expect(reportPublicView(outcome.right.record.state, policy.reports)).toBeUndefined();
  });

  it("activities: staff plan one", () => {
    const community = CommunityId.parse("jinshan-wanda");
    const policy = jinshanPolicy();
    const command = ActivityCommand.parse({
      type: "PlanActivity",
      data: {
        activityId: "river-cleanup-1205",
        details: {
          title: "护河志愿行动",
          kind: "volunteering",
          organiser: { kind: "station", stationId: "wanda" },
          stationId: "wanda",
          place: { description: "山阳河 3 号桥" },
          startsAt: "2026-12-05T14:00:00+08:00",
          endsAt: "2026-12-05T16:00:00+08:00",
          capacity: 20,
          signUpRequired: true,
          volunteerHours: 2,
        },
      },
    });
    const courierFactsById = new Map<string, CourierFacts>();
    const couriers = couriersConcernedBy(command).flatMap((id) => courierFactsById.get(id) ?? []);
    const outcome = handleCommand(
      activityDecider,
      newAggregateRecord(activityDecider, community, command.data.activityId),
      {
        commandId: CommandId.parse("cmd-1"),
        community,
        actor: { role: "staff", id: "staff-1", communities: [community] },
        command,
      },
      {
        clock: manualClock("2026-11-28T10:00:00+08:00"),
        ids: uuidV7Ids(),
        facts: { policy, couriers },
      },
    );
    if (Either.isLeft(outcome) || outcome.right.kind !== "applied") {
      throw new Error("expected the activity to be planned");
    }
    expect(outcome.right.events.map((event) => event.type)).toEqual(["ActivityPlanned"]);
  });

  it("suggestions: a decider driven by hand", () => {
    const community = CommunityId.parse("jinshan-wanda");
    const policy = jinshanPolicy();
    const now = Instant.parse("2026-11-28T10:00:00+08:00");
    const courier = (id: string): Actor => ({ role: "courier", id, communities: [community] });
    const staff: Actor = { role: "staff", id: "s-1", communities: [community] };
    const steps: ReadonlyArray<readonly [unknown, Actor]> = [
      [
        {
          type: "SubmitSuggestion",
          data: {
            suggestionId: "sg-1",
            topic: "station-services",
            text: "希望驿站增设电瓶车充电柜",
            showAuthor: true,
          },
        },
        courier("c-1"),
      ],
      [{ type: "SecondSuggestion", data: { suggestionId: "sg-1" } }, courier("c-2")],
      [
        {
          type: "AdoptSuggestion",
          data: { suggestionId: "sg-1", plan: "12 月底前增设两个充电柜" },
        },
        staff,
      ],
    ];

    let state = suggestionDecider.initialState();
    for (const [input, actor] of steps) {
      const facts =
        actor.role === "courier"
          ? {
              courier: CourierFactsSchema.parse({
                courierId: actor.id,
                status: "active",
                volunteerTeamMember: false,
              }),
            }
          : {};
      const decision = suggestionDecider.decide(SuggestionCommand.parse(input), state, {
        now,
        actor,
        community,
        policy,
        ...facts,
      });
      state = Either.getOrThrow(decision).reduce(suggestionDecider.evolve, state);
    }
    expect(suggestionStaffView(state, policy.suggestions, now)).toMatchObject({
      status: "adopted",
      secondCount: 1,
    });
  });
});
