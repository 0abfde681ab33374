import { Context, Effect, Layer } from "effect";
import { type DestinationStream, type Logger as PinoLogger, pino } from "pino";

/** The log levels, most to least severe; `silent` logs nothing. */
export type LogLevel = "fatal" | "error" | "warn" | "info" | "debug" | "trace" | "silent";

/** The log levels as a list, for configuration schemas. */
export const logLevels: ReadonlyArray<LogLevel> = [
  "fatal",
  "error",
  "warn",
  "info",
  "debug",
  "trace",
  "silent",
];

// Personal data (个人信息) and secrets, as written in the domain's schemas.
const sensitiveKeys = [
  "personal",
  "realName",
  "mobile",
  "mobileNumber",
  "phone",
  "phoneNumber",
  "idNumber",
  "idCardNumber",
  "homeAddress",
  "password",
  "pass",
  "token",
  "secret",
  "authorization",
  "cookie",
];

/**
 * The keys whose values never reach a log, at any depth: personal data (a courier's
 * real name, mobile number, identity number: 个人信息) and secrets. Matching ignores
 * case. The value is replaced by `[redacted]`.
 */
export const redactedKeys: ReadonlySet<string> = new Set(
  sensitiveKeys.map((key) => key.toLowerCase()),
);

/** What replaces a redacted value. */
export const redactedValue = "[redacted]";

const maxDepth = 8;

const bindingRedactionPaths = sensitiveKeys.flatMap((key) => [key, `*.${key}`]);

/**
 * A copy of a value with every {@link redactedKeys} value replaced, at any depth (up
 * to 8 levels; deeper values are cut), and credentials in URLs
 * (`nats://user:secret@host`) masked.
 *
 * @example
 * redact({ courier: { id: "c-1", personal: { realName: "王强" } } });
 * // { courier: { id: "c-1", personal: "[redacted]" } }
 */
export const redact = (value: unknown, depth = 0): unknown => {
  if (typeof value === "string") return maskUrlCredentials(value);
  if (typeof value !== "object" || value === null) return value;
  if (depth >= maxDepth) return "[…]";
  if (Array.isArray(value)) return value.map((entry) => redact(entry, depth + 1));
  const result: Record<string, unknown> = {};
  for (const [key, entry] of Object.entries(value)) {
    result[key] = redactedKeys.has(key.toLowerCase()) ? redactedValue : redact(entry, depth + 1);
  }
  if (value instanceof Error) {
    result.type = value.name;
    result.message = maskUrlCredentials(value.message);
    if (value.stack !== undefined) result.stack = maskUrlCredentials(value.stack);
  }
  return result;
};

/**
 * Masks the password of URLs with credentials (`nats://user:secret@host` →
 * `nats://user:***@host`).
 */
export const maskUrlCredentials = (text: string): string =>
  text.replace(/([a-z][a-z0-9+.-]*:\/\/[^:/@\s]+):[^@/\s]+@/gi, "$1:***@");

/** What every log line of a service carries when it is known. */
export interface LogContext {
  readonly service?: string;
  readonly instance?: string;
  readonly community?: string;
  readonly commandId?: string;
  readonly correlationId?: string;
  readonly consumer?: string;
  readonly endpoint?: string;
  readonly timer?: string;
}

/** How to make a logger. */
export interface LoggerOptions {
  readonly level?: LogLevel;
  /** The fields every line carries (the service name, its instance). */
  readonly context?: LogContext;
  /** Where lines go; default standard output. Tests pass a stream to read them. */
  readonly destination?: DestinationStream;
}

/** A structured logger (pino): JSON lines with a level, a time, the context and a message. */
export type Logger = PinoLogger;

/**
 * Makes a pino logger that writes JSON lines with the context fields and never writes
 * personal data or secrets (see {@link redactedKeys}).
 *
 * @example
 * const logger = makeLogger({ level: "info", context: { service: "registry" } });
 * logger.child({ community: "jinshan-wanda", commandId }).info("courier registered");
 */
export const makeLogger = (options: LoggerOptions = {}): Logger => {
  const settings = {
    level: options.level ?? "info",
    base: { ...(options.context ?? {}) },
    timestamp: pino.stdTimeFunctions.isoTime,
    // Child bindings (`logger.child({...})`) bypass the log formatter; pino's own
    // redaction covers them, two levels deep.
    redact: { paths: bindingRedactionPaths, censor: redactedValue },
    serializers: {
      // The formatter has already made errors plain; keep pino from re-reading them.
      err: (value: unknown) => (value instanceof Error ? redact(value) : value),
    },
    formatters: {
      level: (label: string) => ({ level: label }),
      bindings: (bindings: Record<string, unknown>) => redact(bindings) as Record<string, unknown>,
      log: (object: Record<string, unknown>) => redact(object) as Record<string, unknown>,
    },
  };
  return options.destination === undefined ? pino(settings) : pino(settings, options.destination);
};

/** The logger of a service: `yield* Log` in an Effect. */
export class Log extends Context.Tag("@courier-station/kit/Log")<Log, Logger>() {}

/**
 * Layers that provide the {@link Log}.
 *
 * @example
 * program.pipe(Effect.provide(Logging.layer({ level: "debug", context: { service: "points" } })));
 */
export const Logging = {
  /** A pino logger with these options; flushed when the layer closes. */
  layer: (options: LoggerOptions = {}): Layer.Layer<Log> =>
    Layer.scoped(
      Log,
      Effect.acquireRelease(
        Effect.sync(() => makeLogger(options)),
        (logger) => Effect.sync(() => logger.flush()),
      ),
    ),
  /** A logger that writes nothing, for tests. */
  silent: Layer.sync(Log, () => makeLogger({ level: "silent" })),
} as const;
