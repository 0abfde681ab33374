import { canonicalJson } from "../../kernel/canonical-json.js";
import { accept, type Decision, type DecisionContext, refuse } from "../../kernel/decider.js";
import { isAfter } from "../../kernel/time.js";
import type { StationCommand } from "./commands.js";
import {
  ReopeningNotInFuture,
  StationAlreadyOpened,
  type StationError,
  StationInAnotherCommunity,
  StationNotFound,
  StationTransitionNotAllowed,
} from "./errors.js";
import type { StationDetailsUpdated, StationEvent } from "./events.js";
import { isStationOpened, type Station, type StationState } from "./state.js";

type StationDecision = Decision<StationEvent, StationError>;

const same = (a: unknown, b: unknown): boolean => canonicalJson(a) === canonicalJson(b);

type DetailChanges = Omit<StationDetailsUpdated["data"], "stationId" | "updatedBy" | "updatedAt">;

const changedDetails = (
  station: Station,
  data: Extract<StationCommand, { type: "UpdateStationDetails" }>["data"],
): DetailChanges => {
  const changes: { -readonly [Key in keyof DetailChanges]: DetailChanges[Key] } = {};
  if (data.name !== undefined && !same(data.name, station.name)) changes.name = data.name;
  if (data.address !== undefined && !same(data.address, station.address)) {
    changes.address = data.address;
  }
  if (data.location !== undefined && !same(data.location, station.location)) {
    changes.location = data.location;
  }
  if (data.openingHours !== undefined && !same(data.openingHours, station.openingHours)) {
    changes.openingHours = data.openingHours;
  }
  if (data.amenities !== undefined && !same(data.amenities, station.amenities)) {
    changes.amenities = data.amenities;
  }
  if (data.contactPhone !== undefined && data.contactPhone !== (station.contactPhone ?? null)) {
    changes.contactPhone = data.contactPhone;
  }
  return changes;
};

/**
 * Every rule of stations (服务站 / 驿站): opened once in their community; details change
 * while not retired; a station closes temporarily only when open, with a notice and an
 * expected reopening in the future, and reopens only when closed; a retired station is
 * final. Staff of the community act (`authorize` checks the community).
 *
 * @example
 * decideStation({ type: "ReopenStation", data: { stationId } }, state, context);
 */
export const decideStation = (
  command: StationCommand,
  state: StationState,
  context: DecisionContext,
): StationDecision => {
  const { stationId } = command.data;
  const by = context.actor.id;
  const now = context.now;
  if (command.type === "OpenStation") {
    if (isStationOpened(state)) return refuse(new StationAlreadyOpened({ stationId }));
    const { contactPhone, ...data } = command.data;
    return accept({
      type: "StationOpened",
      data: {
        ...data,
        community: context.community,
        ...(contactPhone === undefined ? {} : { contactPhone }),
        openedBy: by,
        openedAt: now,
      },
    });
  }
  if (!isStationOpened(state)) return refuse(new StationNotFound({ stationId }));
  if (state.community !== context.community) {
    return refuse(new StationInAnotherCommunity({ stationId, community: context.community }));
  }
  const notAllowed = (step: "close" | "reopen" | "update" | "retire") =>
    refuse(new StationTransitionNotAllowed({ stationId, status: state.status, step }));
  switch (command.type) {
    case "UpdateStationDetails": {
      if (state.status === "retired") return notAllowed("update");
      const changes = changedDetails(state, command.data);
      // Nothing differs: a no-op, so a form saved twice is fine.
      if (Object.keys(changes).length === 0) return accept();
      return accept({
        type: "StationDetailsUpdated",
        data: { stationId, ...changes, updatedBy: by, updatedAt: now },
      });
    }
    case "CloseStationTemporarily": {
      if (state.status !== "open") return notAllowed("close");
      const { reason, expectedReopeningAt } = command.data;
      if (expectedReopeningAt !== undefined && !isAfter(expectedReopeningAt, now)) {
        return refuse(new ReopeningNotInFuture({ expectedReopeningAt }));
      }
      return accept({
        type: "StationClosedTemporarily",
        data: {
          stationId,
          reason,
          ...(expectedReopeningAt === undefined ? {} : { expectedReopeningAt }),
          closedBy: by,
          closedAt: now,
        },
      });
    }
    case "ReopenStation":
      if (state.status !== "temporarily-closed") return notAllowed("reopen");
      return accept({
        type: "StationReopened",
        data: { stationId, reopenedBy: by, reopenedAt: now },
      });
    case "RetireStation":
      if (state.status === "retired") return notAllowed("retire");
      return accept({
        type: "StationRetired",
        data: { stationId, reason: command.data.reason, retiredBy: by, retiredAt: now },
      });
  }
};
