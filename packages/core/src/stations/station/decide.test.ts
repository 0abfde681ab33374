import { Either } from "effect";
import { describe, expect, it } from "vitest";
import { replay } from "../../kernel/decider.js";
import { addMillis, DAY, HOUR, Instant } from "../../kernel/time.js";
import { parseInput } from "../../kernel/validation.js";
import {
  acceptedEvents,
  COMMUNITY,
  contextOf,
  expectRefused,
  NOW,
  OTHER_COMMUNITY,
  openingData,
  STAFF,
} from "../testing/fixtures.js";
import { StationCommand } from "./commands.js";
import { decideStation } from "./decide.js";
import type { StationEvent } from "./events.js";
import { stationDecider } from "./index.js";
import { initialStationState, type StationState } from "./state.js";
import { isStationOpenAt, stationPublicView } from "./views.js";

const command = (input: unknown): StationCommand => StationCommand.parse(input);
const open = command({ type: "OpenStation", data: openingData() });
const close = (changes: Record<string, unknown> = {}) =>
  command({
    type: "CloseStationTemporarily",
    data: { stationId: "wanda-1", reason: "台风停业", ...changes },
  });
const reopen = command({ type: "ReopenStation", data: { stationId: "wanda-1" } });
const retire = command({
  type: "RetireStation",
  data: { stationId: "wanda-1", reason: "场地到期" },
});
const update = (changes: Record<string, unknown>) =>
  command({ type: "UpdateStationDetails", data: { stationId: "wanda-1", ...changes } });

const run = (commands: ReadonlyArray<StationCommand>): StationState => {
  const events: StationEvent[] = [];
  let state = initialStationState();
  for (const next of commands) {
    const produced = acceptedEvents(decideStation(next, state, contextOf(STAFF)));
    events.push(...produced);
    state = replay(stationDecider, events);
  }
  return state;
};

const station = (state: StationState) => {
  if (state.status === "unopened") throw new Error("expected a station");
  return state;
};

describe("OpenStation", () => {
  it("opens a station of the staff's community with its details", () => {
    const events = acceptedEvents(decideStation(open, initialStationState(), contextOf(STAFF)));
    expect(events).toEqual([
      {
        type: "StationOpened",
        data: { ...open.data, community: COMMUNITY, openedBy: "s-1", openedAt: NOW },
      },
    ]);
    expect(station(run([open]))).toMatchObject({ status: "open", community: COMMUNITY });
  });

  it("refuses to open the same station twice", () => {
    expectRefused(decideStation(open, run([open]), contextOf(STAFF)), "station.already_opened");
  });

  it("refuses an unknown amenity, a bad location and bad hours, each by its path", () => {
    const result = parseInput(StationCommand, {
      type: "OpenStation",
      data: openingData({
        location: { latitude: 91, longitude: 121.3 },
        amenities: { standard: ["sauna"] },
        openingHours: { kind: "weekly", days: { monday: [{ from: "09:00", to: "09:00" }] } },
      }),
    });
    if (Either.isRight(result)) throw new Error("expected a refusal");
    const fields = result.left.issues.map((issue) => issue.field);
    expect(fields).toEqual(
      expect.arrayContaining([
        "data.location.latitude",
        "data.amenities.standard.0",
        "data.openingHours.days.monday.0",
      ]),
    );
  });

  it("keeps every standard amenity and free-form others (雨具借用, 打气筒)", () => {
    const amenities = {
      standard: ["charging", "drinking-water", "microwave", "rest-seats", "toilets", "first-aid"],
      others: ["雨具借用", "打气筒"],
    };
    const state = run([command({ type: "OpenStation", data: openingData({ amenities }) })]);
    expect(station(state).amenities).toEqual(amenities);
  });

  it("refuses repeated amenities and an empty or overlong other, in both languages", () => {
    const result = parseInput(StationCommand, {
      type: "OpenStation",
      data: openingData({
        amenities: { standard: ["toilets", "toilets"], others: ["雨具借用", "", "x".repeat(41)] },
      }),
    });
    if (Either.isRight(result)) throw new Error("expected a refusal");
    expect(result.left.issues.map((issue) => issue.field).sort()).toEqual([
      "data.amenities.others.1",
      "data.amenities.others.2",
      "data.amenities.standard",
    ]);
    const repeated = result.left.issues.find((issue) => issue.field === "data.amenities.standard");
    expect(repeated?.message).toEqual({
      "zh-CN": "设施不能重复",
      en: "amenities must not repeat",
    });
  });

  it("opens around the clock with no amenities given", () => {
    const state = run([
      command({
        type: "OpenStation",
        data: openingData({ openingHours: { kind: "around-the-clock" }, amenities: undefined }),
      }),
    ]);
    expect(station(state).amenities).toEqual({ standard: [], others: [] });
  });
});

describe("UpdateStationDetails", () => {
  it("records only what changes", () => {
    const events = acceptedEvents(
      decideStation(
        update({ name: openingData().name, contactPhone: "021-5794 0000" }),
        run([open]),
        contextOf(STAFF),
      ),
    );
    expect(events).toEqual([
      {
        type: "StationDetailsUpdated",
        data: {
          stationId: "wanda-1",
          contactPhone: "021-5794 0000",
          updatedBy: "s-1",
          updatedAt: NOW,
        },
      },
    ]);
  });

  it("removes the contact phone with null", () => {
    const state = run([
      open,
      update({ contactPhone: "021-5794 0000" }),
      update({ contactPhone: null }),
    ]);
    expect(station(state)).not.toHaveProperty("contactPhone");
  });

  it("changes nothing when nothing differs, even with keys in another order", () => {
    const reordered = {
      others: ["雨具借用"],
      standard: ["charging", "drinking-water", "microwave"],
    };
    expect(
      acceptedEvents(
        decideStation(update({ amenities: reordered }), run([open]), contextOf(STAFF)),
      ),
    ).toEqual([]);
  });

  it("updates a temporarily closed station", () => {
    const state = run([open, close(), update({ amenities: { standard: ["toilets"] } })]);
    expect(station(state).amenities.standard).toEqual(["toilets"]);
  });

  it("refuses to update a retired station", () => {
    expectRefused(
      decideStation(
        update({ contactPhone: "021-5794 0000" }),
        run([open, retire]),
        contextOf(STAFF),
      ),
      "station.transition_not_allowed",
    );
  });

  it("refuses a bad contact number", () => {
    expect(
      StationCommand.safeParse({
        type: "UpdateStationDetails",
        data: { stationId: "wanda-1", contactPhone: "call me" },
      }).success,
    ).toBe(false);
  });
});

describe("temporary closure", () => {
  it("closes an open station with a notice and an expected reopening", () => {
    const reopening = addMillis(NOW, 3 * DAY);
    const state = run([open, close({ expectedReopeningAt: reopening })]);
    expect(station(state)).toMatchObject({
      status: "temporarily-closed",
      closure: { reason: "台风停业", since: NOW, expectedReopeningAt: reopening },
    });
    expect(isStationOpenAt(station(state), NOW, "Asia/Shanghai")).toBe(false);
  });

  it("refuses an expected reopening in the past", () => {
    expectRefused(
      decideStation(
        close({ expectedReopeningAt: addMillis(NOW, -HOUR) }),
        run([open]),
        contextOf(STAFF),
      ),
      "station.reopening_not_in_future",
    );
  });

  it("refuses to close a closed station", () => {
    expectRefused(
      decideStation(close(), run([open, close()]), contextOf(STAFF)),
      "station.transition_not_allowed",
    );
  });

  it("reopens a closed station, and refuses to reopen an open one", () => {
    const state = run([open, close(), reopen]);
    expect(station(state).status).toBe("open");
    expect(station(state)).not.toHaveProperty("closure");
    expectRefused(decideStation(reopen, state, contextOf(STAFF)), "station.transition_not_allowed");
  });
});

describe("RetireStation", () => {
  it("retires an open or closed station for good", () => {
    expect(station(run([open, retire])).status).toBe("retired");
    expect(station(run([open, close(), retire])).retiredAt).toBe(NOW);
  });

  it("refuses every step afterwards", () => {
    const state = run([open, retire]);
    for (const next of [retire, reopen, close(), update({ contactPhone: "021-5794 0000" })]) {
      expectRefused(decideStation(next, state, contextOf(STAFF)), "station.transition_not_allowed");
    }
  });
});

describe("refusals before and across communities", () => {
  it("refuses to act on a station that never opened", () => {
    expectRefused(
      decideStation(reopen, initialStationState(), contextOf(STAFF)),
      "station.not_found",
    );
  });

  it("refuses to act on a station of another community", () => {
    const elsewhere = { ...STAFF, communities: [OTHER_COMMUNITY] };
    expectRefused(
      decideStation(retire, run([open]), contextOf(elsewhere, { community: OTHER_COMMUNITY })),
      "station.other_community",
    );
  });
});

describe("stationPublicView", () => {
  it("says whether the station is open now, in the community's time zone", () => {
    const state = run([open]);
    // Saturday 2026-11-28: open 10:00–16:00 in Shanghai.
    expect(
      stationPublicView(state, Instant.parse("2026-11-28T10:30:00+08:00"), "Asia/Shanghai")
        ?.openNow,
    ).toBe(true);
    expect(
      stationPublicView(state, Instant.parse("2026-11-28T09:30:00+08:00"), "Asia/Shanghai")
        ?.openNow,
    ).toBe(false);
  });

  it("shows the closure notice and leaves out staff and history", () => {
    const view = stationPublicView(run([open, close()]), NOW, "Asia/Shanghai");
    expect(view?.closure?.reason).toBe("台风停业");
    expect(view).not.toHaveProperty("history");
    expect(JSON.stringify(view)).not.toContain("s-1");
  });

  it("is undefined before the station opens", () => {
    expect(stationPublicView(initialStationState(), NOW, "Asia/Shanghai")).toBeUndefined();
  });
});
