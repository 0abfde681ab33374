export { type LeaseRequest, Leases, type LeasesApi } from "./leases.js";
export { ProcessedEvents, type ProcessedEventsApi } from "./processed-events.js";
export {
  busLayerFor,
  type MainOptions,
  runMain,
  runServices,
  type StoreServices,
} from "./run-main.js";
export { type HostServices, type RunningService, runService } from "./run-service.js";
export {
  type ConsumerContext,
  type ConsumerDefinition,
  consumer,
  defineService,
  derivedId,
  type EndpointContext,
  type EndpointDefinition,
  type EventSelector,
  endpoint,
  type RequirementsOf,
  type ServiceDefinition,
  type TimerContext,
  type TimerDefinition,
  timer,
} from "./service-definition.js";
