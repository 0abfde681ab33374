import { Either } from "effect";
import { describe, expect, it } from "vitest";
import type { Actor } from "../kernel/actors.js";
import { CourierId } from "../kernel/ids.js";
import { addMillis, DAY, Instant } from "../kernel/time.js";
import { parseInput } from "../kernel/validation.js";
import { CourierCommand } from "./commands.js";
import { decideCourier } from "./decide.js";
import { CourierEvent } from "./events.js";
import { evolveCourier } from "./evolve.js";
import { MobileNumber } from "./mobile-number.js";
import { courierPseudonym, erasePersonalData } from "./personal-data.js";
import { personalDataSeal } from "./sealed-personal-data.js";
import { type Courier, type CourierState, initialCourierState, isRegistered } from "./state.js";
import {
  acceptedEvents,
  activeCourier,
  activityId,
  COMMUNITY,
  COURIER_ID,
  command,
  contextOf,
  courierActor,
  expectRefused,
  given,
  keyOf,
  NOW,
  OTHER_COMMUNITY,
  OWNER,
  policyWith,
  registration,
  SEAL,
  STAFF,
  SYSTEM,
  sealOf,
  toActive,
} from "./testing/fixtures.js";
import { courierFacts } from "./views.js";

const verify = command({ type: "VerifyCourier", data: { courierId: "c-1" } });
const suspend = command({ type: "SuspendCourier", data: { courierId: "c-1", reason: "多次投诉" } });
const leave = command({ type: "LeaveProgramme", data: { courierId: "c-1" } });
const join = command({ type: "JoinVolunteerTeam", data: { courierId: "c-1" } });
const erase = command({ type: "EraseCourierPersonalData", data: { courierId: "c-1" } });
const noShow = (activity = "a-1") =>
  command({ type: "RecordNoShow", data: { courierId: "c-1", activityId: activity } });

const NUMBER = MobileNumber.parse("13800138000");

const courierOf = (state: CourierState): Courier => {
  if (!isRegistered(state)) throw new Error("expected a registered courier");
  return state;
};

const apply = (state: CourierState, events: ReadonlyArray<CourierEvent>): CourierState =>
  events.reduce(evolveCourier, state);

const registered = (): CourierState => given([[courierActor(), registration()]]);
const suspended = (): CourierState => given([...toActive, [STAFF, suspend]]);
const left = (): CourierState => given([...toActive, [courierActor(), leave]]);

describe("RegisterCourier (小哥报到)", () => {
  it("registers a courier with personal data apart and the number's key", () => {
    const events = acceptedEvents(
      decideCourier(registration(), initialCourierState(), contextOf(courierActor())),
    );
    expect(events).toEqual([
      {
        type: "CourierRegistered",
        data: {
          courierId: COURIER_ID,
          community: COMMUNITY,
          nickname: "小王",
          platforms: ["meituan"],
          employment: "full-time",
          workArea: { description: "万达广场周边" },
          partyMember: false,
          personal: sealOf("王小明", "13800138000"),
          mobileKey: keyOf(NUMBER),
          consent: { policyVersion: "2026-01", givenAt: NOW },
          registeredBy: "c-1",
          registeredAt: NOW,
        },
      },
    ]);
    const { personal: _personal, ...outside } = (events[0]?.data ?? {}) as Record<string, unknown>;
    const text = JSON.stringify(outside);
    expect(text).not.toContain("13800138000");
    expect(text).not.toContain("王小明");
  });

  it.each([
    "+86 138-0013-8000",
    "0086 13800138000",
    "8613800138000",
    "(138) 0013 8000",
    "１３８００１３８０００",
  ])("normalises %s to the same number and key", (written) => {
    const events = acceptedEvents(
      decideCourier(
        registration({ mobileNumber: written }),
        initialCourierState(),
        contextOf(courierActor()),
      ),
    );
    const data = events[0]?.data as { personal: unknown; mobileKey: string };
    expect(data.personal).toEqual(sealOf("王小明", "13800138000"));
    expect(data.mobileKey).toBe(keyOf(NUMBER));
  });

  it.each([
    "12800138000",
    "1380013800",
    "138001380001",
    "23800138000",
    "+1 13800138000",
    "138a0138000",
  ])("refuses %s, which is not a mainland mobile number", (written) => {
    const result = parseInput(CourierCommand, {
      type: "RegisterCourier",
      data: {
        courierId: "c-1",
        nickname: "小王",
        realName: "王小明",
        mobileNumber: written,
        platforms: ["meituan"],
        employment: "full-time",
      },
    });
    if (Either.isRight(result)) throw new Error("expected a refusal");
    expect(result.left.code).toBe("input.invalid");
    const fields = result.left.issues.map((issue) => issue.field);
    expect(fields).toEqual(["data.mobileNumber"]);
    expect(result.left.issues[0]?.message["zh-CN"]).toContain("手机号码");
    expect(result.left.issues[0]?.message.en).toContain("mobile number");
  });

  it("keeps no raw number or real name in any event of a registration's whole life", () => {
    const steps: ReadonlyArray<readonly [Actor, CourierCommand]> = [
      [courierActor(), registration({ mobileNumber: "+86 138-0013-8000" })],
      [STAFF, verify],
      [courierActor(), join],
      [
        courierActor(),
        command({ type: "UpdateCourierProfile", data: { courierId: "c-1", nickname: "阿明" } }),
      ],
      [
        STAFF,
        command({
          type: "CorrectPersonalData",
          data: { courierId: "c-1", realName: "王晓明", mobileNumber: "139 0000 0000" },
        }),
      ],
      [STAFF, suspend],
      [courierActor(), leave],
    ];
    let state = initialCourierState();
    const events: CourierEvent[] = [];
    for (const [actor, step] of steps) {
      const decided = acceptedEvents(decideCourier(step, state, contextOf(actor)));
      events.push(...decided);
      state = apply(state, decided);
    }
    expect(events.map((event) => event.type)).toContain("PersonalDataCorrected");
    const text = JSON.stringify(events);
    for (const raw of ["13800138000", "138-0013-8000", "13900000000", "王小明", "王晓明"]) {
      expect(text).not.toContain(raw);
    }
    // The staff, with the deployment's seal, still read the corrected data.
    const courier = courierOf(state);
    expect(courier.personal.kind === "sealed" && SEAL.open(courier.personal, OWNER)).toEqual(
      Either.right({ kind: "recorded", realName: "王晓明", mobileNumber: "13900000000" }),
    );
  });

  it("refuses a number already registered in the community, however it is written", () => {
    const taken = new Map([[keyOf(NUMBER), CourierId.parse("c-0")]]);
    const error = expectRefused(
      decideCourier(
        registration({ mobileNumber: "+86 138 0013 8000" }),
        initialCourierState(),
        contextOf(courierActor(), { taken }),
      ),
      "courier.mobile_already_registered",
    );
    // Whoever types a number must not learn who holds it.
    expect(JSON.stringify(error)).not.toContain("c-0");
  });

  it("refuses a second registration of the same courier id", () => {
    expectRefused(
      decideCourier(registration(), registered(), contextOf(courierActor())),
      "courier.already_registered",
    );
  });

  it("refuses a courier registering someone else", () => {
    expectRefused(
      decideCourier(registration(), initialCourierState(), contextOf(courierActor("c-2"))),
      "courier.not_yourself",
    );
  });

  it("lets staff register a courier at the station desk", () => {
    const events = acceptedEvents(
      decideCourier(registration(), initialCourierState(), contextOf(STAFF)),
    );
    expect(events[0]?.data).toMatchObject({ registeredBy: "s-1" });
  });

  it("refuses self-registration when the policy has staff register couriers", () => {
    const policy = policyWith({ couriers: { selfRegistration: false } });
    expectRefused(
      decideCourier(registration(), initialCourierState(), contextOf(courierActor(), { policy })),
      "courier.self_registration_closed",
    );
    const events = acceptedEvents(
      decideCourier(registration(), initialCourierState(), contextOf(STAFF, { policy })),
    );
    expect(events.map((event) => event.type)).toEqual(["CourierRegistered"]);
  });

  it("refuses consent to a notice version that is not the community's", () => {
    expectRefused(
      decideCourier(
        registration({ consentPolicyVersion: "2025-01" }),
        initialCourierState(),
        contextOf(courierActor()),
      ),
      "courier.consent_version_mismatch",
    );
  });

  it("registers without consent, which is then still to be given", () => {
    const events = acceptedEvents(
      decideCourier(
        registration({ consentPolicyVersion: undefined }),
        initialCourierState(),
        contextOf(courierActor()),
      ),
    );
    expect(events[0]?.data).not.toHaveProperty("consent");
  });

  it("keeps the party-member check-in flag (党员报到)", () => {
    const state = given([[courierActor(), registration({ partyMember: true })]]);
    expect(courierOf(state).partyMember).toBe(true);
  });
});

describe("consent to data processing", () => {
  const withoutConsent = () =>
    given([[courierActor(), registration({ consentPolicyVersion: undefined })]]);
  const consent = (version = "2026-01") =>
    command({ type: "GiveConsent", data: { courierId: "c-1", policyVersion: version } });

  it("records consent to the current notice", () => {
    expect(
      acceptedEvents(decideCourier(consent(), withoutConsent(), contextOf(courierActor()))),
    ).toEqual([
      {
        type: "ConsentGiven",
        data: { courierId: COURIER_ID, policyVersion: "2026-01", givenAt: NOW, recordedBy: "c-1" },
      },
    ]);
  });

  it("refuses consent to another version of the notice", () => {
    expectRefused(
      decideCourier(consent("2025-12"), withoutConsent(), contextOf(courierActor())),
      "courier.consent_version_mismatch",
    );
  });

  it("changes nothing when the same consent is given again", () => {
    expect(
      acceptedEvents(decideCourier(consent(), registered(), contextOf(courierActor()))),
    ).toEqual([]);
  });

  it("refuses consent from a courier who left", () => {
    expectRefused(
      decideCourier(consent(), left(), contextOf(courierActor())),
      "courier.transition_not_allowed",
    );
  });

  it("withdraws consent in force, and refuses to withdraw none", () => {
    const withdraw = command({ type: "WithdrawConsent", data: { courierId: "c-1" } });
    const events = acceptedEvents(decideCourier(withdraw, registered(), contextOf(courierActor())));
    expect(events.map((event) => event.type)).toEqual(["ConsentWithdrawn"]);
    expect(courierOf(apply(registered(), events))).not.toHaveProperty("consent");
    expectRefused(
      decideCourier(withdraw, withoutConsent(), contextOf(courierActor())),
      "courier.consent_not_given",
    );
  });
});

describe("VerifyCourier", () => {
  it("verifies a registered courier who consented: CourierVerified with who and when", () => {
    const events = acceptedEvents(decideCourier(verify, registered(), contextOf(STAFF)));
    expect(events).toEqual([
      {
        type: "CourierVerified",
        data: {
          courierId: COURIER_ID,
          verifiedBy: "s-1",
          verifiedAt: NOW,
          consentPolicyVersion: "2026-01",
        },
      },
    ]);
    const courier = courierOf(apply(registered(), events));
    expect(courier.status).toBe("active");
    expect(courier.verifiedAt).toBe(NOW);
  });

  it("refuses to verify a courier who has not consented", () => {
    const state = given([[courierActor(), registration({ consentPolicyVersion: undefined })]]);
    expectRefused(decideCourier(verify, state, contextOf(STAFF)), "courier.consent_required");
  });

  it("refuses to verify a courier whose consent is to an older notice", () => {
    const policy = policyWith({ general: { consentPolicyVersion: "2026-06" } });
    expectRefused(
      decideCourier(verify, registered(), contextOf(STAFF, { policy })),
      "courier.consent_required",
    );
  });

  it("verifies without consent when the policy does not require it", () => {
    const policy = policyWith({ couriers: { consentRequiredForVerification: false } });
    const state = given([[courierActor(), registration({ consentPolicyVersion: undefined })]]);
    const events = acceptedEvents(decideCourier(verify, state, contextOf(STAFF, { policy })));
    expect(events[0]?.data).not.toHaveProperty("consentPolicyVersion");
  });

  it("refuses to verify a courier who is already active", () => {
    expectRefused(
      decideCourier(verify, activeCourier(), contextOf(STAFF)),
      "courier.transition_not_allowed",
    );
  });

  it("refuses to verify a courier who never registered", () => {
    expectRefused(
      decideCourier(verify, initialCourierState(), contextOf(STAFF)),
      "courier.not_found",
    );
  });

  it("refuses to act on a courier of another community", () => {
    const staffElsewhere = { ...STAFF, communities: [OTHER_COMMUNITY] };
    expectRefused(
      decideCourier(
        verify,
        registered(),
        contextOf(staffElsewhere, { community: OTHER_COMMUNITY }),
      ),
      "courier.other_community",
    );
  });
});

describe("rejection, suspension, reinstatement", () => {
  const reject = command({ type: "RejectCourier", data: { courierId: "c-1", reason: "非本商圈" } });
  const reinstate = command({
    type: "ReinstateCourier",
    data: { courierId: "c-1", reason: "已核实" },
  });

  it("rejects a registration with a reason", () => {
    const events = acceptedEvents(decideCourier(reject, registered(), contextOf(STAFF)));
    const courier = courierOf(apply(registered(), events));
    expect(courier.status).toBe("rejected");
    expect(courier.history.at(-1)).toEqual({
      status: "rejected",
      at: NOW,
      by: "s-1",
      reason: "非本商圈",
    });
  });

  it("refuses to reject an active courier", () => {
    expectRefused(
      decideCourier(reject, activeCourier(), contextOf(STAFF)),
      "courier.transition_not_allowed",
    );
  });

  it("refuses a rejection without a reason", () => {
    const result = parseInput(CourierCommand, {
      type: "RejectCourier",
      data: { courierId: "c-1", reason: "   " },
    });
    if (Either.isRight(result)) throw new Error("expected a refusal");
    expect(result.left.issues.map((issue) => issue.field)).toEqual(["data.reason"]);
  });

  it("suspends an active courier and reinstates them", () => {
    const state = suspended();
    expect(courierOf(state).status).toBe("suspended");
    const events = acceptedEvents(decideCourier(reinstate, state, contextOf(STAFF)));
    expect(courierOf(apply(state, events)).status).toBe("active");
  });

  it("refuses to suspend a courier who is only registered", () => {
    expectRefused(
      decideCourier(suspend, registered(), contextOf(STAFF)),
      "courier.transition_not_allowed",
    );
  });

  it("refuses to reinstate a courier who is not suspended", () => {
    expectRefused(
      decideCourier(reinstate, activeCourier(), contextOf(STAFF)),
      "courier.transition_not_allowed",
    );
  });
});

describe("LeaveProgramme", () => {
  it("leaves the volunteer team and then the programme", () => {
    const state = given([...toActive, [courierActor(), join]]);
    const events = acceptedEvents(decideCourier(leave, state, contextOf(courierActor())));
    expect(events.map((event) => event.type)).toEqual(["VolunteerTeamLeft", "CourierLeft"]);
    const courier = courierOf(apply(state, events));
    expect(courier.status).toBe("left");
    expect(courier.volunteerTeamMember).toBe(false);
  });

  it("refuses to leave twice", () => {
    expectRefused(
      decideCourier(leave, left(), contextOf(courierActor())),
      "courier.transition_not_allowed",
    );
  });

  it("refuses a courier taking another courier out", () => {
    expectRefused(
      decideCourier(leave, activeCourier(), contextOf(courierActor("c-2"))),
      "courier.not_yourself",
    );
  });
});

describe("UpdateCourierProfile", () => {
  const update = (changes: Record<string, unknown>) =>
    command({ type: "UpdateCourierProfile", data: { courierId: "c-1", ...changes } });

  it("records only the fields that change", () => {
    const events = acceptedEvents(
      decideCourier(
        update({ nickname: "小王", platforms: ["meituan", "eleme"], workArea: null }),
        activeCourier(),
        contextOf(courierActor()),
      ),
    );
    expect(events).toEqual([
      {
        type: "CourierProfileUpdated",
        data: {
          courierId: COURIER_ID,
          platforms: ["meituan", "eleme"],
          workArea: null,
          updatedBy: "c-1",
          updatedAt: NOW,
        },
      },
    ]);
    const courier = courierOf(apply(activeCourier(), events));
    expect(courier.platforms).toEqual(["meituan", "eleme"]);
    expect(courier).not.toHaveProperty("workArea");
  });

  it("changes nothing when nothing differs", () => {
    expect(
      acceptedEvents(
        decideCourier(update({ employment: "full-time" }), activeCourier(), contextOf(STAFF)),
      ),
    ).toEqual([]);
  });

  it("refuses an update with no field", () => {
    const result = parseInput(CourierCommand, {
      type: "UpdateCourierProfile",
      data: { courierId: "c-1" },
    });
    if (Either.isRight(result)) throw new Error("expected a refusal");
    expect(result.left.issues[0]?.message.en).toBe("change at least one field");
    expect(result.left.issues[0]?.message["zh-CN"]).toBe("至少修改一项资料");
  });

  it("refuses to update a courier who left", () => {
    expectRefused(
      decideCourier(update({ nickname: "老王" }), left(), contextOf(STAFF)),
      "courier.transition_not_allowed",
    );
  });
});

describe("CorrectPersonalData", () => {
  const correct = (changes: Record<string, unknown>) =>
    command({ type: "CorrectPersonalData", data: { courierId: "c-1", ...changes } });

  it("corrects the number and carries the new key", () => {
    const events = acceptedEvents(
      decideCourier(correct({ mobileNumber: "139 0000 0000" }), activeCourier(), contextOf(STAFF)),
    );
    expect(events).toEqual([
      {
        type: "PersonalDataCorrected",
        data: {
          courierId: COURIER_ID,
          personal: sealOf("王小明", "13900000000"),
          mobileKey: keyOf(MobileNumber.parse("13900000000")),
          correctedBy: "s-1",
          correctedAt: NOW,
        },
      },
    ]);
  });

  it("refuses a number another courier of the community holds", () => {
    const taken = new Map([[keyOf(MobileNumber.parse("13900000000")), CourierId.parse("c-9")]]);
    expectRefused(
      decideCourier(
        correct({ mobileNumber: "13900000000" }),
        activeCourier(),
        contextOf(courierActor(), { taken }),
      ),
      "courier.mobile_already_registered",
    );
  });

  it("corrects the real name alone; the courier's own key in the index is no clash", () => {
    const taken = new Map([[keyOf(NUMBER), COURIER_ID]]);
    const events = acceptedEvents(
      decideCourier(
        correct({ realName: "王晓明", mobileNumber: "13800138000" }),
        activeCourier(),
        contextOf(courierActor(), { taken }),
      ),
    );
    expect(events[0]?.data).toMatchObject({
      personal: sealOf("王晓明", "13800138000"),
      mobileKey: keyOf(NUMBER),
    });
  });

  it("refuses a correction when the sealed data does not open with the deployment's seal", () => {
    const personalData = personalDataSeal("a-secret-that-was-rotated-away");
    const error = expectRefused(
      decideCourier(
        correct({ realName: "王晓明" }),
        activeCourier(),
        contextOf(STAFF, { personalData }),
      ),
      "courier.personal_data_unreadable",
    );
    expect(error).toMatchObject({ reason: "not-authentic" });
  });

  it("refuses a correction of personal data copied from another courier's record", () => {
    const theirs = sealOf("李四", "13900000000", {
      community: COMMUNITY,
      courierId: CourierId.parse("c-2"),
    });
    const state = apply(activeCourier(), [
      {
        type: "PersonalDataCorrected",
        data: {
          courierId: COURIER_ID,
          personal: theirs,
          mobileKey: null,
          correctedBy: "x",
          correctedAt: NOW,
        },
      },
    ]);
    const error = expectRefused(
      decideCourier(correct({ realName: "王晓明" }), state, contextOf(STAFF)),
      "courier.personal_data_unreadable",
    );
    expect(error).toMatchObject({ courierId: "c-1", reason: "not-authentic" });
    expect(error.text["zh-CN"]).toContain("另一位小哥");
    expect(error.text.en).toContain("another courier");
  });

  it("changes nothing when the data is the same", () => {
    expect(
      acceptedEvents(
        decideCourier(correct({ realName: "王小明" }), activeCourier(), contextOf(STAFF)),
      ),
    ).toEqual([]);
  });

  it("refuses a correction with neither name nor number", () => {
    const result = parseInput(CourierCommand, {
      type: "CorrectPersonalData",
      data: { courierId: "c-1" },
    });
    expect(Either.isLeft(result)).toBe(true);
  });
});

describe("EraseCourierPersonalData", () => {
  it("takes an active courier out and replaces their personal data with a pseudonym", () => {
    const state = given([...toActive, [courierActor(), join]]);
    const events = acceptedEvents(decideCourier(erase, state, contextOf(courierActor())));
    expect(events.map((event) => event.type)).toEqual([
      "VolunteerTeamLeft",
      "CourierLeft",
      "CourierPersonalDataErased",
    ]);
    const pseudonym = courierPseudonym(COURIER_ID);
    const courier = courierOf(apply(state, events));
    expect(courier).toMatchObject({
      status: "left",
      nickname: pseudonym,
      personal: { kind: "erased", pseudonym },
      mobileKey: null,
      erasedAt: NOW,
      volunteerTeamMember: false,
    });
    expect(courier).not.toHaveProperty("workArea");
    const text = JSON.stringify(courier);
    expect(text).not.toContain("王小明");
    expect(text).not.toContain("13800138000");
    expect(text).not.toContain("万达广场周边");
  });

  it("keeps every reference valid: the id, the facts, and a scrubbed stream that replays to the same state", () => {
    const steps: ReadonlyArray<readonly [Actor, CourierCommand]> = [
      [courierActor(), registration()],
      [STAFF, verify],
      [courierActor(), join],
      [SYSTEM, noShow("a-7")],
      [courierActor(), erase],
    ];
    let state = initialCourierState();
    const stream: CourierEvent[] = [];
    for (const [actor, step] of steps) {
      const decided = acceptedEvents(decideCourier(step, state, contextOf(actor)));
      stream.push(...decided);
      state = apply(state, decided);
    }
    const courier = courierOf(state);
    // What points, activities and reports hold (the courier id) still names this courier.
    expect(courier.courierId).toBe(COURIER_ID);
    expect(courierFacts(courier)).toEqual({
      courierId: COURIER_ID,
      status: "left",
      volunteerTeamMember: false,
    });
    expect(courier.noShows.activityIds).toEqual(["a-7"]);
    // The store rewrites the past events; they still parse and replay to the same state.
    const pseudonym = courierPseudonym(COURIER_ID);
    const scrubbed = stream.map((event) => erasePersonalData(event, pseudonym));
    for (const event of scrubbed) expect(CourierEvent.parse(event)).toEqual(event);
    expect(scrubbed.reduce(evolveCourier, initialCourierState())).toEqual(state);
    expect(JSON.stringify(scrubbed)).not.toContain(sealOf().sealed);
  });

  it("erases a courier who already left without leaving again", () => {
    const events = acceptedEvents(decideCourier(erase, left(), contextOf(STAFF)));
    expect(events.map((event) => event.type)).toEqual(["CourierPersonalDataErased"]);
  });

  it("changes nothing when sent again, and refuses everything else afterwards", () => {
    const state = given([...toActive, [courierActor(), erase]]);
    expect(acceptedEvents(decideCourier(erase, state, contextOf(STAFF)))).toEqual([]);
    expect(acceptedEvents(decideCourier(noShow(), state, contextOf(SYSTEM)))).toEqual([]);
    for (const refused of [verify, leave, join, suspend]) {
      expectRefused(decideCourier(refused, state, contextOf(STAFF)), "courier.erased");
    }
  });

  it("refuses a courier erasing someone else", () => {
    expectRefused(
      decideCourier(erase, activeCourier(), contextOf(courierActor("c-2"))),
      "courier.not_yourself",
    );
  });
});

describe("the volunteer team (e哥志愿服务队)", () => {
  const leaveTeam = command({ type: "LeaveVolunteerTeam", data: { courierId: "c-1" } });

  it("lets an active courier join", () => {
    const events = acceptedEvents(decideCourier(join, activeCourier(), contextOf(courierActor())));
    expect(events).toEqual([
      {
        type: "VolunteerTeamJoined",
        data: { courierId: COURIER_ID, joinedBy: "c-1", joinedAt: NOW },
      },
    ]);
    expect(courierOf(apply(activeCourier(), events)).volunteerTeamMember).toBe(true);
  });

  it.each([
    ["registered", registered],
    ["suspended", suspended],
    ["left", left],
  ] as const)("refuses a %s courier", (_status, state) => {
    expectRefused(decideCourier(join, state(), contextOf(courierActor())), "courier.not_active");
  });

  it("refuses to join twice", () => {
    const state = given([...toActive, [courierActor(), join]]);
    expectRefused(
      decideCourier(join, state, contextOf(courierActor())),
      "courier.already_volunteer",
    );
  });

  it("lets a member leave, and refuses a courier who is not a member", () => {
    const state = given([...toActive, [courierActor(), join]]);
    const events = acceptedEvents(decideCourier(leaveTeam, state, contextOf(courierActor())));
    expect(courierOf(apply(state, events)).volunteerTeamMember).toBe(false);
    expectRefused(
      decideCourier(leaveTeam, activeCourier(), contextOf(courierActor())),
      "courier.not_volunteer",
    );
  });

  it("keeps a suspended member in the team", () => {
    const state = given([...toActive, [courierActor(), join], [STAFF, suspend]]);
    expect(courierOf(state).volunteerTeamMember).toBe(true);
  });
});

describe("RecordNoShow", () => {
  it("counts a no-show", () => {
    expect(acceptedEvents(decideCourier(noShow(), activeCourier(), contextOf(SYSTEM)))).toEqual([
      {
        type: "NoShowRecorded",
        data: { courierId: COURIER_ID, activityId: activityId(), noShowCount: 1, recordedAt: NOW },
      },
    ]);
  });

  it("pauses sign-ups at the policy's limit and restarts the count", () => {
    const state = given([...toActive, [SYSTEM, noShow("a-1")], [SYSTEM, noShow("a-2")]]);
    const events = acceptedEvents(decideCourier(noShow("a-3"), state, contextOf(SYSTEM)));
    const until = addMillis(NOW, 14 * DAY);
    expect(events).toEqual([
      {
        type: "NoShowRecorded",
        data: {
          courierId: COURIER_ID,
          activityId: activityId("a-3"),
          noShowCount: 3,
          recordedAt: NOW,
        },
      },
      { type: "SignUpsPaused", data: { courierId: COURIER_ID, until, noShows: 3, pausedAt: NOW } },
    ]);
    expect(courierOf(apply(state, events)).noShows).toEqual({
      count: 0,
      activityIds: ["a-1", "a-2", "a-3"],
      signUpsPausedUntil: until,
    });
  });

  it("follows the policy's limit and pause", () => {
    const policy = policyWith({ activities: { noShowLimit: 1, noShowPauseDays: 3 } });
    const events = acceptedEvents(
      decideCourier(noShow(), activeCourier(), contextOf(SYSTEM, { policy })),
    );
    expect(events[1]).toEqual({
      type: "SignUpsPaused",
      data: { courierId: COURIER_ID, until: addMillis(NOW, 3 * DAY), noShows: 1, pausedAt: NOW },
    });
  });

  it("counts an activity once", () => {
    const state = given([...toActive, [SYSTEM, noShow("a-1")]]);
    expect(acceptedEvents(decideCourier(noShow("a-1"), state, contextOf(SYSTEM)))).toEqual([]);
  });

  it("changes nothing for a courier who left", () => {
    expect(acceptedEvents(decideCourier(noShow(), left(), contextOf(SYSTEM)))).toEqual([]);
  });

  it("refuses a no-show of a courier who never registered", () => {
    expectRefused(
      decideCourier(noShow(), initialCourierState(), contextOf(SYSTEM)),
      "courier.not_found",
    );
  });
});

describe("evolve", () => {
  it("ignores events before registration", () => {
    const state = evolveCourier(initialCourierState(), {
      type: "VolunteerTeamJoined",
      data: { courierId: COURIER_ID, joinedBy: "c-1", joinedAt: Instant.parse(NOW) },
    });
    expect(state).toEqual(initialCourierState());
  });
});
