import { describe, expect, it } from "vitest";
import { StationId } from "../kernel/ids.js";
import { decideSuggestion } from "./decide.js";
import { SuggestionEvent } from "./events.js";
import { evolveSuggestion } from "./evolve.js";
import { initialSuggestionState, isSuggestionSubmitted } from "./state.js";
import {
  activeCourier,
  contextOf,
  courierActor,
  eventsOf,
  submitSuggestion,
} from "./testing/fixtures.js";

const courierOf = (stationId?: string) => ({
  ...activeCourier(),
  ...(stationId === undefined ? {} : { stationId: StationId.parse(stationId) }),
});

const submitted = (changes: Record<string, unknown>, stationOfCourier?: string) => {
  const [event] = eventsOf(
    decideSuggestion(
      submitSuggestion(changes),
      initialSuggestionState(),
      contextOf(courierActor(), { courier: courierOf(stationOfCourier) }),
    ),
  );
  if (event?.type !== "SuggestionSubmitted") throw new Error("expected SuggestionSubmitted");
  return event;
};

describe("a suggestion's station", () => {
  it("is the courier's own station when the suggestion names none", () => {
    const event = submitted({}, "wanda");
    expect(event.data.stationId).toBe("wanda");
    const state = evolveSuggestion(initialSuggestionState(), event);
    expect(isSuggestionSubmitted(state) && state.stationId).toBe("wanda");
  });

  it("is the station the courier chose, over their own", () => {
    expect(submitted({ stationId: "longsheng" }, "wanda").data.stationId).toBe("longsheng");
    expect(submitted({ stationId: "longsheng" }).data.stationId).toBe("longsheng");
  });

  it("is unknown for a courier of no known station, and in events from before stations were recorded", () => {
    expect(submitted({}).data).not.toHaveProperty("stationId");
    const stored = JSON.parse(JSON.stringify(submitted({}, "wanda")));
    delete stored.data.stationId;
    const state = evolveSuggestion(initialSuggestionState(), SuggestionEvent.parse(stored));
    expect(isSuggestionSubmitted(state)).toBe(true);
    expect(isSuggestionSubmitted(state) && state.stationId).toBeUndefined();
  });
});
