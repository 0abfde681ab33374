export {
  Log,
  type LogContext,
  type Logger,
  type LoggerOptions,
  type LogLevel,
  Logging,
  logLevels,
  makeLogger,
  maskUrlCredentials,
  redact,
  redactedKeys,
  redactedValue,
} from "./logger.js";
