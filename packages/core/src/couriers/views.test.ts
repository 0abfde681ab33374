import { describe, expect, it } from "vitest";
import { CourierId } from "../kernel/ids.js";
import { addMillis, DAY } from "../kernel/time.js";
import { CourierFacts } from "./facts.js";
import { personalDataSeal } from "./sealed-personal-data.js";
import { initialCourierState, isRegistered } from "./state.js";
import {
  activeCourier,
  command,
  courierActor,
  given,
  NOW,
  registration,
  SEAL,
  STAFF,
  SYSTEM,
  toActive,
} from "./testing/fixtures.js";
import {
  courierFacts,
  courierOwnView,
  courierPublicView,
  courierSponsorView,
  courierStaffView,
} from "./views.js";

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

const state = given([
  [
    courierActor(),
    registration({
      partyMember: true,
      workArea: {
        description: "万达广场周边",
        location: { latitude: 30.7416, longitude: 121.3464, datum: "GCJ-02" },
      },
    }),
  ],
  [STAFF, command({ type: "VerifyCourier", data: { courierId: "c-1" } })],
]);

const personalStrings = ["王小明", "13800138000", "138****8000", "0013"];

describe("courier views", () => {
  it.each([
    ["public", courierPublicView],
    ["sponsor", courierSponsorView],
  ] as const)("the %s view holds no personal data in any string", (_name, view) => {
    const shown = view(state);
    expect(shown).toBeDefined();
    for (const text of strings(shown)) {
      for (const personal of personalStrings) expect(text).not.toContain(personal);
    }
    for (const key of keys(shown)) {
      expect([
        "personal",
        "mobileKey",
        "realName",
        "mobileNumber",
        "location",
        "partyMember",
      ]).not.toContain(key);
    }
  });

  it("the public view shows the nickname, platforms and team membership", () => {
    expect(courierPublicView(state)).toEqual({
      courierId: "c-1",
      nickname: "小王",
      status: "active",
      platforms: ["meituan"],
      volunteerTeamMember: false,
      verifiedAt: NOW,
    });
  });

  it("the sponsor view adds employment and the work area's description", () => {
    expect(courierSponsorView(state)).toMatchObject({
      employment: "full-time",
      workArea: "万达广场周边",
    });
  });

  it("the staff view shows everything, the personal data opened", () => {
    const staff = courierStaffView(state, SEAL);
    expect(staff?.personal).toEqual({
      kind: "recorded",
      realName: "王小明",
      mobileNumber: "13800138000",
    });
    expect(staff?.partyMember).toBe(true);
    expect(staff?.workArea?.location).toBeDefined();
  });

  it("the staff view leaves the personal data sealed under a seal of another secret", () => {
    const staff = courierStaffView(state, personalDataSeal("another-secret-0123456789"));
    expect(staff?.personal.kind).toBe("sealed");
    for (const text of strings(staff?.personal)) {
      for (const personal of personalStrings) expect(text).not.toContain(personal);
    }
  });

  it("the staff view leaves sealed personal data copied from another courier sealed", () => {
    if (!isRegistered(state)) throw new Error("expected a registered courier");
    const copied = { ...state, courierId: CourierId.parse("c-2") };
    expect(courierStaffView(copied, SEAL)?.personal).toEqual(state.personal);
  });

  it("the staff view of an erased courier shows the pseudonym", () => {
    const erased = given([
      ...toActive,
      [STAFF, command({ type: "EraseCourierPersonalData", data: { courierId: "c-1" } })],
    ]);
    expect(courierStaffView(erased, SEAL)?.personal.kind).toBe("erased");
  });

  it("there are no views before registration", () => {
    expect(courierPublicView(initialCourierState())).toBeUndefined();
    expect(courierSponsorView(initialCourierState())).toBeUndefined();
    expect(courierStaffView(initialCourierState(), SEAL)).toBeUndefined();
  });
});

describe("the courier's own view", () => {
  it("shows the courier their personal data opened, without the number's key or the staff's ids", () => {
    const own = courierOwnView(state, SEAL, NOW);
    expect(own?.personal).toEqual({
      kind: "recorded",
      realName: "王小明",
      mobileNumber: "13800138000",
    });
    expect(own).toMatchObject({ courierId: "c-1", status: "active", partyMember: true });
    expect(keys(own)).not.toContain("mobileKey");
    expect(keys(own)).not.toContain("by");
    expect(strings(own)).not.toContain(STAFF.id);
    expect(own?.history.map((entry) => entry.status)).toEqual(["registered", "active"]);
  });

  it("tells the courier why staff suspended them", () => {
    const suspended = given([
      ...toActive,
      [STAFF, command({ type: "SuspendCourier", data: { courierId: "c-1", reason: "多次爽约" } })],
    ]);
    expect(courierOwnView(suspended, SEAL)?.history.at(-1)).toEqual({
      status: "suspended",
      at: NOW,
      reason: "多次爽约",
    });
  });

  it("shows a sign-up pause while it lasts", () => {
    const noShow = (activity: string) =>
      command({ type: "RecordNoShow", data: { courierId: "c-1", activityId: activity } });
    const paused = given([
      ...toActive,
      [SYSTEM, noShow("a-1")],
      [SYSTEM, noShow("a-2")],
      [SYSTEM, noShow("a-3")],
    ]);
    const until = addMillis(NOW, 14 * DAY);
    expect(courierOwnView(paused, SEAL, NOW)).toMatchObject({
      noShowCount: 0,
      signUpsPausedUntil: until,
    });
    expect(courierOwnView(paused, SEAL, addMillis(NOW, 15 * DAY))).not.toHaveProperty(
      "signUpsPausedUntil",
    );
  });

  it("shows the pseudonym after erasure, and nothing before registration", () => {
    const erased = given([
      ...toActive,
      [STAFF, command({ type: "EraseCourierPersonalData", data: { courierId: "c-1" } })],
    ]);
    expect(courierOwnView(erased, SEAL)?.personal.kind).toBe("erased");
    expect(courierOwnView(initialCourierState(), SEAL)).toBeUndefined();
  });
});

describe("courierFacts", () => {
  it("gives the facts of facts.ts, with no personal data", () => {
    const facts = courierFacts(activeCourier());
    expect(facts).toEqual({ courierId: "c-1", status: "active", volunteerTeamMember: false });
    expect(CourierFacts.parse(facts)).toEqual(facts);
  });

  it("tells when sign-ups are paused, and leaves out a pause that ended", () => {
    const noShow = (activity: string) =>
      command({ type: "RecordNoShow", data: { courierId: "c-1", activityId: activity } });
    const paused = given([
      ...toActive,
      [SYSTEM, noShow("a-1")],
      [SYSTEM, noShow("a-2")],
      [SYSTEM, noShow("a-3")],
    ]);
    const until = addMillis(NOW, 14 * DAY);
    expect(courierFacts(paused)?.signUpsPausedUntil).toBe(until);
    expect(courierFacts(paused, addMillis(NOW, DAY))?.signUpsPausedUntil).toBe(until);
    expect(courierFacts(paused, addMillis(NOW, 15 * DAY))).not.toHaveProperty("signUpsPausedUntil");
  });

  it("is undefined before registration", () => {
    expect(courierFacts(initialCourierState())).toBeUndefined();
  });
});
