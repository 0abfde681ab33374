export {
  authorize,
  type CommandPermissions,
  type DeciderPermissions,
  Forbidden,
} from "./access.js";
export { Actor, actsIn, Role, systemActor } from "./actors.js";
export { canonicalJson, firstDifference } from "./canonical-json.js";
export {
  type AggregateRecord,
  CommandIdConflict,
  type CommandOutcome,
  type CommandReceipt,
  type CommandRuntime,
  handleCommand,
  newAggregateRecord,
  VersionPreconditionFailed,
} from "./command-handling.js";
export {
  accept,
  type Decider,
  type Decision,
  type DecisionContext,
  refuse,
  replay,
} from "./decider.js";
export { derivedId, derivedIdPattern, derivedIdPrefix, isDerivedId } from "./derived-id.js";
export {
  AggregateName,
  type CommandEnvelope,
  commandEnvelopeOf,
  type DomainCommand,
  type DomainEvent,
  EventEnvelope,
  EventType,
  ExpectedVersion,
  streamName,
} from "./envelope.js";
export {
  DomainError,
  type DomainErrorConstructor,
  type DomainErrorOf,
  type DomainErrorReport,
  type DomainErrorShape,
  type ErrorStatus,
  errorStatuses,
  isDomainError,
  isErrorStatus,
  toErrorReport,
} from "./errors.js";
export { distanceInMetres, GeoDatum, GeoPoint, toGcj02, toWgs84 } from "./geo.js";
export {
  AccountId,
  ActivityId,
  CatalogueItemId,
  CheckpointId,
  CommandId,
  CommunityId,
  CorrelationId,
  CourierId,
  DerivedTransferId,
  EventId,
  formatUuidV7,
  HandlerId,
  type IdGenerator,
  identifierPattern,
  PatrolRouteId,
  RecordedTransferId,
  RedemptionId,
  ReportId,
  SponsorId,
  StaffId,
  StationId,
  SuggestionId,
  sequentialIds,
  TransferId,
  uuidV7Ids,
  WishId,
} from "./ids.js";
export { Language, LocalizedText, localized } from "./localized-text.js";
export { addPoints, InvalidPoints, Points, toPoints, ZERO_POINTS } from "./points.js";
export {
  displayText,
  freeText,
  nameText,
  type TextRules,
  type TextSubject,
  visibleLength,
} from "./text.js";
export {
  addMillis,
  type Clock,
  DAY,
  HOUR,
  Instant,
  instantFromMillis,
  isAfter,
  isBefore,
  type LocalDateTime,
  localDateTime,
  localMinuteOfDay,
  type ManualClock,
  MINUTE,
  manualClock,
  millisOf,
  minutesOfTimeOfDay,
  SECOND,
  systemClock,
  TimeOfDay,
  TimeZone,
} from "./time.js";
export {
  bilingual,
  bilingualIssue,
  boundedIssues,
  defaultInputLimits,
  findUnsafeInput,
  type InputIssue,
  type InputLimits,
  InvalidInput,
  maxReportedIssues,
  parseInput,
  toInputIssues,
} from "./validation.js";
