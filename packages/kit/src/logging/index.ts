export {
  Log,
  type LogContext,
  type Logger,
  type LoggerOptions,
  Logging,
  type LogLevel,
  logLevels,
  makeLogger,
  maskUrlCredentials,
  redact,
  redactedKeys,
  redactedValue,
} from "./logger.js";
