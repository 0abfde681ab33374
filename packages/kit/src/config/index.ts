export {
  argumentsOf,
  type BusSettings,
  type ConfigProblem,
  Configuration,
  environmentVariables,
  InvalidConfig,
  type LoadConfigOptions,
  loadConfig,
  type RuntimeConfig,
  RuntimeConfigInput,
  type StoreSettings,
} from "./config.js";
