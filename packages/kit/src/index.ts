/**
 * @courier-station/kit — the Node runtime of Courier Station (小哥e站): the Store and
 * Bus ports with their adapters, the outbox relay, the service host, configuration
 * and logging.
 *
 * @packageDocumentation
 */

export * from "./bus/index.js";
export * from "./commands/execute-command.js";
export * from "./config/index.js";
export * from "./host/index.js";
export * from "./logging/index.js";
export * from "./relay/index.js";
export * from "./store/index.js";
