import { describe, expect, it } from "vitest";
import type { Actor } from "../kernel/actors.js";
import { addMillis, DAY } from "../kernel/time.js";
import type { CourierCommand } from "./commands.js";
import { automaticErasureDueAt, isAutomaticErasureDue } from "./consent-withdrawal.js";
import { decideCourier } from "./decide.js";
import { evolveCourier } from "./evolve.js";
import { type Courier, type CourierState, isRegistered } from "./state.js";
import {
  acceptedEvents,
  COURIER_ID,
  command,
  contextOf,
  courierActor,
  expectRefused,
  given,
  NOW,
  POLICY,
  policyWith,
  registration,
  STAFF,
  SYSTEM,
  toActive,
} from "./testing/fixtures.js";
import { courierFacts } from "./views.js";

const withdraw = command({ type: "WithdrawConsent", data: { courierId: "c-1" } });
const consentAgain = command({
  type: "GiveConsent",
  data: { courierId: "c-1", policyVersion: "2026-01" },
});
const verify = command({ type: "VerifyCourier", data: { courierId: "c-1" } });
const join = command({ type: "JoinVolunteerTeam", data: { courierId: "c-1" } });
const erase = command({ type: "EraseCourierPersonalData", data: { courierId: "c-1" } });
const noShow = command({ type: "RecordNoShow", data: { courierId: "c-1", activityId: "a-1" } });

const THIRTY_DAYS = policyWith({ couriers: { erasureAfterConsentWithdrawnDays: 30 } });

const courierOf = (state: CourierState): Courier => {
  if (!isRegistered(state)) throw new Error("expected a registered courier");
  return state;
};

/** An active courier who withdrew their consent at NOW. */
const withdrawnActive = (): CourierState => given([...toActive, [courierActor(), withdraw]]);

const decideAt = (
  step: CourierCommand,
  state: CourierState,
  actor: Actor,
  options: Parameters<typeof contextOf>[1] = {},
) => decideCourier(step, state, contextOf(actor, options));

describe("WithdrawConsent: the courier stops being processed", () => {
  it("given an active courier, when they withdraw, then ConsentWithdrawn and the facts say so", () => {
    const events = acceptedEvents(decideAt(withdraw, given(toActive), courierActor()));
    expect(events).toEqual([
      {
        type: "ConsentWithdrawn",
        data: {
          courierId: COURIER_ID,
          policyVersion: "2026-01",
          withdrawnAt: NOW,
          recordedBy: "c-1",
        },
      },
    ]);
    const courier = courierOf(events.reduce(evolveCourier, given(toActive)));
    expect(courier.status).toBe("active");
    expect(courier).not.toHaveProperty("consent");
    expect(courier.consentWithdrawnAt).toBe(NOW);
    expect(courierFacts(courier, NOW)).toMatchObject({ status: "active", consentWithdrawnAt: NOW });
  });

  it("tells when erasure happens by itself when the policy erases automatically", () => {
    const events = acceptedEvents(
      decideAt(withdraw, given(toActive), STAFF, { policy: THIRTY_DAYS }),
    );
    expect(events[0]).toMatchObject({
      type: "ConsentWithdrawn",
      data: { withdrawnAt: NOW, recordedBy: "s-1", automaticErasureAt: addMillis(NOW, 30 * DAY) },
    });
  });

  it("refuses staff verifying a courier who withdrew, even where consent is not required", () => {
    const state = given([
      [courierActor(), registration()],
      [courierActor(), withdraw],
    ]);
    const lenient = policyWith({ couriers: { consentRequiredForVerification: false } });
    const error = expectRefused(
      decideAt(verify, state, STAFF, { policy: lenient }),
      "courier.consent_withdrawn",
    );
    expect(error.text["zh-CN"]).toContain("已撤回个人信息处理同意");
    expect(error.text.en).toContain("withdrawn their consent");
    expect(error.text.en).toContain("verify");
  });

  it("refuses joining the volunteer team after withdrawing, and accepts it after consenting again", () => {
    const error = expectRefused(
      decideAt(join, withdrawnActive(), courierActor()),
      "courier.consent_withdrawn",
    );
    expect(error.text["zh-CN"]).toContain("加入志愿服务队");
    expect(error.text.en).toContain("add to the volunteer team");
    const again = given([...toActive, [courierActor(), withdraw], [courierActor(), consentAgain]]);
    expect(courierOf(again)).not.toHaveProperty("consentWithdrawnAt");
    expect(courierFacts(again, NOW)).not.toHaveProperty("consentWithdrawnAt");
    expect(
      acceptedEvents(decideAt(join, again, courierActor())).map((event) => event.type),
    ).toEqual(["VolunteerTeamJoined"]);
  });

  it("counts no no-show for a courier who withdrew (their sign-ups are being cancelled)", () => {
    expect(acceptedEvents(decideAt(noShow, withdrawnActive(), SYSTEM))).toEqual([]);
    expect(acceptedEvents(decideAt(noShow, given(toActive), SYSTEM))).toHaveLength(1);
  });

  it("refuses to withdraw twice: there is no consent left", () => {
    expectRefused(
      decideAt(withdraw, withdrawnActive(), courierActor()),
      "courier.consent_not_given",
    );
  });
});

describe("automatic erasure after a withdrawn consent", () => {
  it("is due the policy's days after the withdrawal", () => {
    const state = withdrawnActive();
    const dueAt = addMillis(NOW, 30 * DAY);
    expect(automaticErasureDueAt(state, THIRTY_DAYS)).toBe(dueAt);
    expect(isAutomaticErasureDue(state, THIRTY_DAYS, addMillis(dueAt, -1))).toBe(false);
    expect(isAutomaticErasureDue(state, THIRTY_DAYS, dueAt)).toBe(true);
    const atOnce = policyWith({ couriers: { erasureAfterConsentWithdrawnDays: 0 } });
    expect(isAutomaticErasureDue(state, atOnce, NOW)).toBe(true);
  });

  it("is never due when the policy erases on request only, consent is in force, or it was given again", () => {
    const later = addMillis(NOW, 365 * DAY);
    expect(automaticErasureDueAt(withdrawnActive(), POLICY)).toBeUndefined();
    expect(isAutomaticErasureDue(withdrawnActive(), POLICY, later)).toBe(false);
    expect(automaticErasureDueAt(given(toActive), THIRTY_DAYS)).toBeUndefined();
    const again = given([...toActive, [courierActor(), withdraw], [courierActor(), consentAgain]]);
    expect(isAutomaticErasureDue(again, THIRTY_DAYS, later)).toBe(false);
    expect(automaticErasureDueAt({ status: "unregistered" }, THIRTY_DAYS)).toBeUndefined();
  });

  it("is not due again once the data is erased", () => {
    const erased = given([...toActive, [courierActor(), withdraw], [courierActor(), erase]]);
    expect(automaticErasureDueAt(erased, THIRTY_DAYS)).toBeUndefined();
  });

  it("given it is due, when the system erases, then the courier leaves and the data is erased", () => {
    const dueAt = addMillis(NOW, 30 * DAY);
    const events = acceptedEvents(
      decideAt(erase, withdrawnActive(), SYSTEM, { policy: THIRTY_DAYS, now: dueAt }),
    );
    expect(events.map((event) => event.type)).toEqual(["CourierLeft", "CourierPersonalDataErased"]);
    expect(events[1]?.data).toMatchObject({ erasedBy: "system:activities", erasedAt: dueAt });
  });

  it("refuses the system erasing before the grace period is over, saying when it will be", () => {
    const dueAt = addMillis(NOW, 30 * DAY);
    const error = expectRefused(
      decideAt(erase, withdrawnActive(), SYSTEM, {
        policy: THIRTY_DAYS,
        now: addMillis(dueAt, -DAY),
      }),
      "courier.erasure_not_due",
    );
    expect(error).toMatchObject({ courierId: "c-1", dueAt });
    expect(error.text["zh-CN"]).toContain(dueAt);
    expect(error.text.en).toContain(`before ${dueAt}`);
  });

  it("refuses the system erasing a courier to whom no automatic erasure applies", () => {
    for (const [state, policy] of [
      [withdrawnActive(), POLICY],
      [given(toActive), THIRTY_DAYS],
    ] as const) {
      const error = expectRefused(
        decideAt(erase, state, SYSTEM, { policy, now: addMillis(NOW, 365 * DAY) }),
        "courier.erasure_not_due",
      );
      expect(error.text["zh-CN"]).toContain("不适用自动删除");
      expect(error.text.en).toContain("not up for automatic erasure");
    }
  });

  it("lets the courier and staff erase on request at any time, withdrawn or not", () => {
    for (const actor of [courierActor(), STAFF]) {
      expect(
        acceptedEvents(decideAt(erase, withdrawnActive(), actor)).map((event) => event.type),
      ).toContain("CourierPersonalDataErased");
    }
  });
});
