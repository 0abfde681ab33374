import { anonymousActor, courierFactsOf, PolicyBook } from "@courier-station/contracts";
import {
  addMillis,
  HOUR,
  Instant,
  instantFromMillis,
  jinshanPolicy,
  OpeningHours,
  type Station,
} from "@courier-station/core";
import { Effect, Layer } from "effect";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stationViewOf } from "./queries.js";
import {
  activeCourier,
  ask,
  auditor,
  community,
  communityRegistration,
  courierActor,
  expectRefusal,
  handler,
  operator,
  type RegistryStation,
  refusalOf,
  registration,
  send,
  sponsor,
  staff,
  staffElsewhere,
  startRegistry,
  stationOpening,
} from "./test-station.js";

/** Every string anywhere in a value. */
const strings = (value: unknown): string[] => {
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (typeof value === "object" && value !== null) return Object.values(value).flatMap(strings);
  return [];
};

/** Every key anywhere in a value. */
const keys = (value: unknown): string[] => {
  if (Array.isArray(value)) return value.flatMap(keys);
  if (typeof value === "object" && value !== null) {
    return Object.entries(value).flatMap(([key, entry]) => [key, ...keys(entry)]);
  }
  return [];
};

const pause = (millis: number) => new Promise((resolve) => setTimeout(resolve, millis));

/** Reads every page of a list, following `next`, and the page sizes. */
const everyPage = async <Item>(
  read: (after: string | undefined) => Promise<{ items: Item[]; next?: string | undefined }>,
) => {
  const items: Item[] = [];
  const sizes: number[] = [];
  let after: string | undefined;
  for (let page = 0; page < 50; page++) {
    const result = await read(after);
    items.push(...result.items);
    sizes.push(result.items.length);
    if (result.next === undefined) break;
    after = result.next;
  }
  return { items, sizes };
};

describe("a courier as each actor may see them", () => {
  let station: RegistryStation;
  beforeAll(async () => {
    station = await startRegistry();
    await activeCourier(station, "c-1", "13800138000", {
      partyMember: true,
      workArea: {
        description: "万达广场周边",
        location: { latitude: 30.7416, longitude: 121.3464, datum: "GCJ-02" },
      },
    });
  });
  afterAll(() => station.close());

  const personal = ["王小明", "13800138000", "138****8000"];

  it("shows staff and auditors everything, the personal data opened, without the number's key", async () => {
    for (const actor of [staff, auditor]) {
      const courier = await ask(station, "GetCourier", { actor, courierId: "c-1" });
      expect(courier.view).toBe("staff");
      if (courier.view !== "staff") continue;
      expect(courier.personal).toEqual({
        kind: "recorded",
        realName: "王小明",
        mobileNumber: "13800138000",
      });
      expect(courier.history.map((entry) => entry.by)).toEqual(["c-1", "staff-wang"]);
      expect(keys(courier)).not.toContain("mobileKey");
    }
  });

  it("shows the courier their own record, without staff ids", async () => {
    const own = await ask(station, "GetCourier", { actor: courierActor("c-1"), courierId: "c-1" });
    expect(own).toMatchObject({
      view: "own",
      status: "active",
      personal: { kind: "recorded", realName: "王小明" },
    });
    expect(strings(own)).not.toContain("staff-wang");
  });

  it("refuses a courier asking about another courier, whether or not they exist", async () => {
    for (const courierId of ["c-1", "c-nobody"]) {
      const refused = await refusalOf(
        ask(station, "GetCourier", { actor: courierActor("c-2"), courierId }),
      );
      expectRefusal(refused, "courier.not_yourself", 403);
    }
  });

  it("never shows a sponsor or a handler personal data, coordinates or the party flag", async () => {
    const shown = [
      await ask(station, "GetCourier", { actor: sponsor, courierId: "c-1" }),
      await ask(station, "GetCourier", { actor: handler, courierId: "c-1" }),
    ];
    expect(shown.map((view) => view.view)).toEqual(["sponsor", "public"]);
    expect(shown[0]).toMatchObject({ workArea: "万达广场周边", employment: "full-time" });
    for (const view of shown) {
      for (const text of strings(view)) {
        for (const secret of personal) expect(text).not.toContain(secret);
      }
      for (const key of keys(view)) {
        expect(["personal", "realName", "mobileNumber", "location", "partyMember"]).not.toContain(
          key,
        );
      }
    }
  });

  it("answers courier.not_found for an unknown courier, and refuses another community's staff", async () => {
    expectRefusal(
      await refusalOf(ask(station, "GetCourier", { actor: staff, courierId: "c-nobody" })),
      "courier.not_found",
      404,
    );
    expectRefusal(
      await refusalOf(ask(station, "GetCourier", { actor: staffElsewhere, courierId: "c-1" })),
      "access.forbidden",
      403,
    );
  });
});

describe("lists of couriers", () => {
  let station: RegistryStation;
  beforeAll(async () => {
    station = await startRegistry();
    // c-5 registers first and c-1 last, so the order by time is not the order by id.
    const couriers = [
      ["c-5", "13900000005", { platforms: ["meituan"], stationId: "wanda-1" }],
      ["c-4", "13900000004", { platforms: ["eleme"], stationId: "wanda-1" }],
      ["c-3", "13900000003", { platforms: ["meituan", "eleme"], stationId: "wanda-2" }],
      ["c-2", "13900000002", { platforms: ["sf"] }],
      ["c-1", "13900000001", { platforms: ["jd"], stationId: "wanda-2" }],
    ] as const;
    for (const [courierId, number, changes] of couriers) {
      await send(
        station,
        "RegisterCourier",
        courierActor(courierId),
        registration(courierId, number, changes),
      );
      // Distinct registration times, so "oldest first" has one answer.
      await pause(3);
    }
    for (const courierId of ["c-5", "c-3"]) {
      await send(station, "VerifyCourier", staff, { type: "VerifyCourier", data: { courierId } });
    }
    await send(station, "JoinVolunteerTeam", courierActor("c-3"), {
      type: "JoinVolunteerTeam",
      data: { courierId: "c-3" },
    });
  });
  afterAll(() => station.close());

  it("pages through every courier with cursors, newest first, none repeated or skipped", async () => {
    const { items, sizes } = await everyPage((after) =>
      ask(station, "ListCouriers", { actor: staff, limit: 2, ...(after ? { after } : {}) }),
    );
    expect(items.map((item) => item.courierId)).toEqual(["c-1", "c-2", "c-3", "c-4", "c-5"]);
    expect(sizes).toEqual([2, 2, 1]);
  });

  it("filters by status, platform, station and team membership", async () => {
    const ids = async (filter: Record<string, unknown>) =>
      (await ask(station, "ListCouriers", { actor: auditor, ...filter })).items.map(
        (item) => item.courierId,
      );
    expect(await ids({ status: "active" })).toEqual(["c-3", "c-5"]);
    expect(await ids({ platform: "eleme" })).toEqual(["c-3", "c-4"]);
    expect(await ids({ stationId: "wanda-2" })).toEqual(["c-1", "c-3"]);
    expect(await ids({ volunteerTeamMember: true })).toEqual(["c-3"]);
    expect(await ids({ status: "registered", platform: "meituan" })).toEqual([]);
  });

  it("shows staff the real name and the masked number, never the whole number", async () => {
    const page = await ask(station, "ListCouriers", { actor: staff, stationId: "wanda-1" });
    expect(page.items[0]).toMatchObject({
      courierId: "c-4",
      realName: "王小明",
      maskedMobileNumber: "139****0004",
    });
    expect(JSON.stringify(page)).not.toContain("13900000004");
  });

  it("lists the verification queue oldest first, a page at a time", async () => {
    const { items, sizes } = await everyPage((after) =>
      ask(station, "ListVerificationQueue", {
        actor: staff,
        limit: 1,
        ...(after ? { after } : {}),
      }),
    );
    expect(items.map((item) => item.courierId)).toEqual(["c-4", "c-2", "c-1"]);
    expect(sizes).toEqual([1, 1, 1]);
    const atStation = await ask(station, "ListVerificationQueue", {
      actor: staff,
      stationId: "wanda-2",
    });
    expect(atStation.items.map((item) => item.courierId)).toEqual(["c-1"]);
  });

  it("lets neither couriers nor sponsors list couriers", async () => {
    for (const actor of [courierActor("c-1"), sponsor]) {
      expectRefusal(
        await refusalOf(ask(station, "ListCouriers", { actor })),
        "access.forbidden",
        403,
      );
    }
  });

  it("refuses a cursor that is not one", async () => {
    const refused = await refusalOf(
      ask(station, "ListCouriers", { actor: staff, after: "not-a-cursor" }),
    );
    expect(refused.status).toBeGreaterThanOrEqual(400);
    expect(refused.status).toBeLessThan(500);
  });
});

describe("stations", () => {
  let station: RegistryStation;
  beforeAll(async () => {
    station = await startRegistry();
    await send(station, "OpenStation", staff, stationOpening("wanda-1"));
    await send(station, "OpenStation", staff, stationOpening("wanda-2"));
    await send(station, "OpenStation", staff, stationOpening("wanda-3"));
    await send(station, "CloseStationTemporarily", staff, {
      type: "CloseStationTemporarily",
      data: { stationId: "wanda-2", reason: "台风停业" },
    });
  });
  afterAll(() => station.close());

  it("lists every station with its amenities, hours and whether it is open now, a page at a time", async () => {
    const { items, sizes } = await everyPage((after) =>
      ask(station, "ListStations", {
        actor: courierActor("c-1"),
        limit: 2,
        ...(after ? { after } : {}),
      }),
    );
    expect(sizes).toEqual([2, 1]);
    expect(items.map((item) => [item.stationId, item.status, item.openNow])).toEqual([
      ["wanda-1", "open", true],
      ["wanda-2", "temporarily-closed", false],
      ["wanda-3", "open", true],
    ]);
    expect(items[0]?.amenities).toEqual({
      standard: ["charging", "drinking-water"],
      others: ["雨具借用"],
    });
    expect(items[1]?.closure?.reason).toBe("台风停业");
    const open = await ask(station, "ListStations", { actor: sponsor, status: "open" });
    expect(open.items.map((item) => item.stationId)).toEqual(["wanda-1", "wanda-3"]);
  });

  it("shows one station to anyone, and answers station.not_found for another", async () => {
    const shown = await ask(station, "GetStation", { actor: handler, stationId: "wanda-1" });
    expect(shown).toMatchObject({ stationId: "wanda-1", openNow: true, status: "open" });
    expect(keys(shown)).not.toContain("history");
    expectRefusal(
      await refusalOf(ask(station, "GetStation", { actor: staff, stationId: "nowhere" })),
      "station.not_found",
      404,
    );
  });

  it("shows the stations to the public without signing in, with nothing of the staff who run them", async () => {
    const shown = await ask(station, "GetStation", { actor: anonymousActor, stationId: "wanda-1" });
    expect(shown).toMatchObject({ stationId: "wanda-1", openNow: true, status: "open" });
    const text = JSON.stringify(shown);
    expect(text).not.toContain(staff.id);
    const page = await ask(station, "ListStations", { actor: anonymousActor });
    expect(page.items.map((item) => item.stationId)).toEqual(["wanda-1", "wanda-2", "wanda-3"]);
    expect(JSON.stringify(page)).not.toContain(staff.id);
    expectRefusal(
      await refusalOf(ask(station, "GetStation", { actor: anonymousActor, stationId: "nowhere" })),
      "station.not_found",
      404,
    );
  });

  it("says whether a station keeps weekly hours in the community's time zone", () => {
    const hours = OpeningHours.parse({
      kind: "weekly",
      days: {
        monday: [
          { from: "09:00", to: "12:00" },
          { from: "13:00", to: "21:00" },
        ],
      },
    });
    const weekly = { status: "open", openingHours: hours } as unknown as Station;
    const at = (text: string) => stationViewOf(weekly, Instant.parse(text), "Asia/Shanghai");
    expect(at("2026-11-30T10:00:00+08:00").openNow).toBe(true);
    expect(at("2026-11-30T12:30:00+08:00").openNow).toBe(false);
    // 10:00 in Shanghai is 02:00 in UTC: not open there.
    expect(stationViewOf(weekly, Instant.parse("2026-11-30T10:00:00+08:00"), "UTC").openNow).toBe(
      false,
    );
  });
});

describe("the community and the facts other services decide with", () => {
  let station: RegistryStation;
  const configured = jinshanPolicy();
  const effectiveFrom = instantFromMillis(Date.now() + HOUR);
  beforeAll(async () => {
    station = await startRegistry({ policy: configured });
    await send(station, "RegisterCommunity", operator, communityRegistration);
    await send(station, "PublishCommunityPolicy", staff, {
      type: "PublishCommunityPolicy",
      data: {
        communityId: community,
        policyVersion: "2027-01",
        effectiveFrom,
        document: "points:\n  welcome: 20\n",
      },
    });
    await activeCourier(station, "c-1", "13800138000", { stationId: "wanda-1" });
    await activeCourier(station, "c-2", "13900139000");
    await send(station, "WithdrawConsent", courierActor("c-2"), {
      type: "WithdrawConsent",
      data: { courierId: "c-2" },
    });
  });
  afterAll(() => station.close());

  it("shows the community with its versions and the one in force now", async () => {
    const shown = await ask(station, "GetCommunity", { actor: courierActor("c-1") });
    expect(shown).toMatchObject({
      communityId: community,
      policyVersionInForce: "2026-01",
      policyVersions: [{ policyVersion: "2026-01" }, { policyVersion: "2027-01", effectiveFrom }],
    });
  });

  it("gives courierFactsOf each known courier's facts, no personal data, unknown ones left out", async () => {
    const facts = await station.run(courierFactsOf(community, ["c-1", "c-2", "c-nobody"]));
    expect([...facts.keys()].sort()).toEqual(["c-1", "c-2"]);
    expect(facts.get("c-1")).toEqual({
      courierId: "c-1",
      status: "active",
      volunteerTeamMember: false,
      stationId: "wanda-1",
    });
    expect(facts.get("c-2")?.consentWithdrawnAt).toBeDefined();
    expect(JSON.stringify([...facts.values()])).not.toContain("王小明");
  });

  it("gives the policy book the configured policy now and the published version from its time on", async () => {
    const inForceAt = (at: Instant) =>
      station.run(
        Effect.gen(function* () {
          const book = yield* PolicyBook;
          return yield* book.inForceAt(community, at);
        }).pipe(
          Effect.provide(Layer.fresh(PolicyBook.fromRegistry({ configured: () => configured }))),
        ),
      );
    const now = await inForceAt(instantFromMillis(Date.now()));
    expect(now.policyVersion).toBe("2026-01");
    expect(now.policy).toEqual(configured);
    const then = await inForceAt(addMillis(effectiveFrom, 1));
    expect(then.policyVersion).toBe("2027-01");
    expect(then.policy.points.welcome).toBe(20);
  });

  it("finds a courier by the mobile number they registered with, in any writing of it, and no one for another number", async () => {
    expect(
      await ask(station, "FindCourierByMobileNumber", {
        actor: operator,
        mobileNumber: "13800138000",
      }),
    ).toEqual({ courierId: "c-1" });
    expect(
      await ask(station, "FindCourierByMobileNumber", {
        actor: operator,
        mobileNumber: "+86 138 0013 8000",
      }),
    ).toEqual({ courierId: "c-1" });
    expect(
      await ask(station, "FindCourierByMobileNumber", {
        actor: operator,
        mobileNumber: "13700137000",
      }),
    ).toEqual({ courierId: null });
    expectRefusal(
      await refusalOf(
        ask(station, "FindCourierByMobileNumber", { actor: staff, mobileNumber: "13800138000" }),
      ),
      "access.forbidden",
      403,
    );
  });

  it("answers courier facts to the system only, and the policy to everyone in the community", async () => {
    expectRefusal(
      await refusalOf(ask(station, "GetCourierFacts", { actor: staff, courierIds: ["c-1"] })),
      "access.forbidden",
      403,
    );
    const read = await ask(station, "GetCommunityPolicyVersions", { actor: courierActor("c-1") });
    expect(read.versions.map((version) => version.policyVersion)).toEqual(["2026-01", "2027-01"]);
    // The version in force now is the one the community was registered on, whose document
    // only the configuration holds: the answer carries it, so pages can show its categories.
    expect(read.versions[0]?.policy).toBeUndefined();
    expect(read.inForce).toEqual({ policyVersion: "2026-01", policy: configured });
    expect(
      (await ask(station, "GetCommunityPolicyVersions", { actor: sponsor })).versions,
    ).toHaveLength(2);
    expectRefusal(
      await refusalOf(ask(station, "GetCommunityPolicyVersions", { actor: staffElsewhere })),
      "access.forbidden",
      403,
    );
  });

  it("answers community.not_found before the community is registered", async () => {
    const empty = await startRegistry();
    try {
      expectRefusal(
        await refusalOf(ask(empty, "GetCommunity", { actor: staff })),
        "community.not_found",
        404,
      );
      const versions = await ask(empty, "GetCommunityPolicyVersions", {
        actor: operator,
      });
      expect(versions.versions).toEqual([]);
      expect(versions.inForce).toBeUndefined();
    } finally {
      await empty.close();
    }
  });
});
