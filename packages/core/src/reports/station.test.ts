import { describe, expect, it } from "vitest";
import { StationId } from "../kernel/ids.js";
import { decideReport } from "./decide.js";
import { ReportEvent } from "./events.js";
import { evolveReport } from "./evolve.js";
import { initialReportState, isSubmitted } from "./state.js";
import {
  activeCourier,
  contextOf,
  courierActor,
  eventsOf,
  submitReport,
} from "./testing/fixtures.js";

const courierOf = (stationId?: string) => ({
  ...activeCourier(),
  ...(stationId === undefined ? {} : { stationId: StationId.parse(stationId) }),
});

const submitted = (changes: Record<string, unknown>, stationOfCourier?: string) => {
  const [event] = eventsOf(
    decideReport(
      submitReport(changes),
      initialReportState(),
      contextOf(courierActor(), { courier: courierOf(stationOfCourier) }),
    ),
  );
  if (event?.type !== "ReportSubmitted") throw new Error("expected ReportSubmitted");
  return event;
};

describe("a report's station", () => {
  it("is the courier's own station when the report names none", () => {
    const event = submitted({}, "wanda");
    expect(event.data.stationId).toBe("wanda");
    const state = evolveReport(initialReportState(), event);
    expect(isSubmitted(state) && state.stationId).toBe("wanda");
  });

  it("is the station the courier chose, over their own", () => {
    expect(submitted({ stationId: "longsheng" }, "wanda").data.stationId).toBe("longsheng");
    expect(submitted({ stationId: "longsheng" }).data.stationId).toBe("longsheng");
  });

  it("is unknown for a courier of no known station, and in events from before stations were recorded", () => {
    const event = submitted({});
    expect(event.data).not.toHaveProperty("stationId");
    const stored = JSON.parse(JSON.stringify(submitted({}, "wanda")));
    delete stored.data.stationId;
    const state = evolveReport(initialReportState(), ReportEvent.parse(stored));
    expect(isSubmitted(state)).toBe(true);
    expect(isSubmitted(state) && state.stationId).toBeUndefined();
  });
});
