export {
  type CommandIdClaim,
  type CommandIdClaimResult,
  type CommandResultRecord,
  claimCommandId,
  maximumCallerLength,
  maximumCommandIdLength,
  recordCommandResult,
} from "./command-ids.js";
export { findDocumentProblems, maximumDocumentDepth } from "./document-rules.js";
export {
  MemoryStore,
  type MemoryStoreOptions,
  makeMemoryStore,
} from "./memory-store.js";
export {
  cursorAtBound,
  type DocumentWrite,
  defaultPageSize,
  defineReadModel,
  type FindOptions,
  type IndexedFieldType,
  type IndexedValue,
  maximumPageSize,
  type Page,
  type ReadModelApi,
  type ReadModelDefinition,
  type ReadModelOrder,
  type StoredDocument,
  type WriteOptions,
} from "./read-model.js";
export {
  openSqliteStore,
  SqliteStore,
  type SqliteStoreOptions,
  sqliteApplicationId,
} from "./sqlite-store.js";
export {
  type AggregateKey,
  type AppendRequest,
  type AppendResult,
  erasedReceiptBody,
  type LeaseHolder,
  type LoadOptions,
  type LoggedEvent,
  type ReadLogOptions,
  type ReadStreamOptions,
  type RewriteOptions,
  Store,
  type StoreAndCapabilities,
  type StoreApi,
  type StoreLeasesApi,
  type StoreOutboxApi,
  storeCapabilities,
  type UniqueKey,
  type UniqueKeyClaim,
  type UniqueKeyClaimResult,
  withCapabilities,
} from "./store.js";
export {
  InvalidDocument,
  InvalidQuery,
  RevisionConflict,
  StoreCorrupt,
  type StoreFailure,
  StoreLocked,
  type StoreOpenFailure,
  StoreUnavailable,
  VersionConflict,
} from "./store-errors.js";
export { type StoreLayerOptions, storeLayerFor } from "./store-layer.js";
