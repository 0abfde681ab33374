/**
 * Courier Station's station (a private workspace): the program that runs every service,
 * the outbox relay and the gateway in one process (`npm start`), or one service with
 * `--service <name>`, with the plugins a district names in its configuration.
 *
 * @packageDocumentation
 */

export {
  type HeldClock,
  heldClock,
  type StationAnswer,
  type StationConnection,
  type StationQuery,
  type StationReply,
  type StationRequest,
  stationConnection,
} from "./demo.js";
export { type DemonstrationOptions, loadJinshanDemonstration } from "./demonstration.js";
export {
  type DevelopmentSecrets,
  developmentSecrets,
  developmentSecretsFile,
} from "./development-secrets.js";
export {
  buildWebAppIfMissing,
  builtWebApp,
  createStaffIfAsked,
  type GatewayHandle,
  type GatewayPlacement,
  type GatewayStart,
  type GatewayStarter,
  type GatewayStartOptions,
  type StaffCreation,
  startGatewayIfBuilt,
  type WebAppBuild,
} from "./gateway.js";
export {
  isServiceDefinition,
  type LoadedPlugin,
  loadPlugins,
  serviceDefinitionsIn,
} from "./plugins.js";
export {
  CommunitySetting,
  type ConfiguredPolicies,
  readConfiguredPolicies,
  StationSettings,
  stationSettingsVariables,
} from "./settings.js";
export {
  builtInServices,
  ownServiceNames,
  type RunningStation,
  type StartStationOptions,
  type StationContext,
  type StationFlags,
  type StationRefused,
  type StationService,
  startStation,
  stationFlags,
} from "./station.js";
export { type DemoSummary, welcomeText } from "./welcome.js";
