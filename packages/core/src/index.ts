/**
 * @courier-station/core — the pure domain of Courier Station (小哥e站): the kernel
 * (ids, time, points, deciders, envelopes, errors, access), the community policy,
 * and the deciders of couriers, stations, activities, sentinel reports and suggestions.
 *
 * Nothing here does I/O, reads the clock or makes random ids; it runs in a browser too.
 *
 * @packageDocumentation
 */
export {
  activityPermissions,
  commandPermissions,
  communityPermissions,
  courierPermissions,
  patrolPermissions,
  patrolRoutePermissions,
  reportPermissions,
  stationPermissions,
  suggestionPermissions,
} from "./access/permissions.js";
export * from "./activities/index.js";
export * from "./couriers/index.js";
export * from "./kernel/index.js";
export * from "./patrols/index.js";
export * from "./policy/index.js";
export * from "./reports/index.js";
export * from "./stations/index.js";
export * from "./statistics/index.js";
export * from "./suggestions/index.js";
