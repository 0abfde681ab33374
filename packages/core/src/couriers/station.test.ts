import { describe, expect, it } from "vitest";
import { decideCourier } from "./decide.js";
import { CourierEvent } from "./events.js";
import { evolveCourier } from "./evolve.js";
import { initialCourierState, isRegistered } from "./state.js";
import {
  acceptedEvents,
  COURIER_ID,
  command,
  contextOf,
  courierActor,
  given,
  NOW,
  registration,
  STAFF,
  toActive,
} from "./testing/fixtures.js";
import { courierFacts } from "./views.js";

/*
 * A courier's station (报到站点): the station they check in at, which their reports and
 * suggestions belong to when they name none, and by which the figures count them.
 */

describe("a courier's station", () => {
  it("is the station they check in at, kept in the event, the state and the facts", () => {
    const [registered] = acceptedEvents(
      decideCourier(
        registration({ stationId: "wanda" }),
        initialCourierState(),
        contextOf(courierActor()),
      ),
    );
    expect(registered?.type).toBe("CourierRegistered");
    expect(registered?.data).toMatchObject({ stationId: "wanda" });
    const state = given([[courierActor(), registration({ stationId: "wanda" })]]);
    expect(isRegistered(state) && state.stationId).toBe("wanda");
    expect(courierFacts(state, NOW)?.stationId).toBe("wanda");
  });

  it("changes with the profile, once, and a form saved twice changes nothing", () => {
    const state = given([
      [courierActor(), registration({ stationId: "wanda" })],
      ...toActive.slice(1),
    ]);
    const move = command({
      type: "UpdateCourierProfile",
      data: { courierId: "c-1", stationId: "longsheng" },
    });
    const events = acceptedEvents(decideCourier(move, state, contextOf(STAFF)));
    expect(events.map((event) => event.data)).toEqual([
      expect.objectContaining({ stationId: "longsheng" }),
    ]);
    const moved = events.reduce(evolveCourier, state);
    expect(courierFacts(moved, NOW)?.stationId).toBe("longsheng");
    expect(acceptedEvents(decideCourier(move, moved, contextOf(STAFF)))).toEqual([]);
  });

  it("is unknown for a courier registered without one, and in events written before stations were recorded", () => {
    const state = given(toActive);
    expect(isRegistered(state) && state.stationId).toBeUndefined();
    expect(courierFacts(state, NOW)).not.toHaveProperty("stationId");
    // An event as stored before the field existed still reads, as of no station.
    const [registered] = acceptedEvents(
      decideCourier(registration(), initialCourierState(), contextOf(courierActor())),
    );
    const stored = JSON.parse(JSON.stringify(registered));
    delete stored.data.stationId;
    const old = CourierEvent.parse(stored);
    const replayed = evolveCourier(initialCourierState(), old);
    expect(isRegistered(replayed) && replayed.courierId).toBe(COURIER_ID);
    expect(courierFacts(replayed, NOW)?.stationId).toBeUndefined();
  });
});
