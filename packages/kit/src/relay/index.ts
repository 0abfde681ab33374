export { Outbox, type OutboxApi } from "./outbox.js";
export {
  type OutboxRelay,
  type OutboxRelayOptions,
  type OutboxRelayStatistics,
  runOutboxRelay,
} from "./outbox-relay.js";
