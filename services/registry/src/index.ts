/**
 * Courier Station's registry service (a private workspace): communities and their
 * policy versions, stations, couriers and the volunteer team, and roster imports, on
 * the bus as `registryContract` says.
 *
 * @packageDocumentation
 */
export {
  completeErasure,
  executeCourierCommand,
  mobileKeyScope,
  releaseFormerMobileKeys,
} from "./commands.js";
export { automaticErasureCommandId, eraseDueCouriers, recordNoShow } from "./flows.js";
export { ConfiguredPolicy, policyAt, policyVersionsOf } from "./policy.js";
export {
  type CourierRow,
  courierRows,
  type StationRow,
  stationRows,
} from "./read-models.js";
export { rosterMaxRows } from "./roster/roster-file.js";
export {
  processRosterImports,
  type RosterFilePart,
  type RosterImportPacing,
  type RosterImportRecord,
  type RosterRowRecord,
  rosterFileParts,
  rosterImports,
  rosterRows,
} from "./roster/roster-import.js";
export { rosterColumnNames } from "./roster/roster-rows.js";
export {
  RegistrySecrets,
  type RegistrySecretsApi,
  RegistrySettings,
  registrySettingsVariables,
} from "./secrets.js";
export { type RegistryServiceOptions, registryService } from "./service.js";
