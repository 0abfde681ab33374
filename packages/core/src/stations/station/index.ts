import { stationPermissions } from "../../access/permissions.js";
import type { Decider, DecisionContext } from "../../kernel/decider.js";
import type { StationCommand } from "./commands.js";
import { decideStation } from "./decide.js";
import type { StationError } from "./errors.js";
import type { StationEvent } from "./events.js";
import { evolveStation } from "./evolve.js";
import { initialStationState, type StationState } from "./state.js";

/**
 * The station decider (服务站 / 驿站): opened by staff of a community, its details,
 * opening hours and amenities kept up to date, closed for a while and reopened, and
 * finally retired. Its stream is `station-<stationId>`.
 *
 * @example
 * handleCommand(stationDecider, record, envelope, { clock, ids, facts: {} });
 */
export const stationDecider: Decider<
  StationCommand,
  StationState,
  StationEvent,
  StationError,
  DecisionContext
> = {
  aggregate: "station",
  idOf: (command) => command.data.stationId,
  permissions: stationPermissions,
  initialState: initialStationState,
  decide: decideStation,
  evolve: evolveStation,
};

export * from "./commands.js";
export { decideStation } from "./decide.js";
export * from "./errors.js";
export * from "./events.js";
export { evolveStation } from "./evolve.js";
export * from "./state.js";
export * from "./views.js";
