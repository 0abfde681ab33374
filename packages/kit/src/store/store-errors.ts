import { DomainError, type InputIssue, type LocalizedText, localized } from "@courier-station/core";

/**
 * Another write reached the aggregate first: the version the writer read is no longer
 * the aggregate's version. Nothing was written. Load again and decide again
 * (`executeCommand` does this by itself, a bounded number of times).
 */
export class VersionConflict extends DomainError("VersionConflict", {
  code: "store.version_conflict",
  httpStatus: 409,
  text: (props: {
    readonly community: string;
    readonly aggregate: string;
    readonly id: string;
    readonly expectedVersion: number;
  }) =>
    localized(
      `${props.aggregate} ${props.id}（社区 ${props.community}）已被其他操作修改（预期版本 ${props.expectedVersion}），请重试`,
      `${props.aggregate} ${props.id} in community ${props.community} was changed by another write (expected version ${props.expectedVersion}); please retry`,
    ),
}) {}

/**
 * A read-model document was not at the revision the writer expected (another writer
 * changed or deleted it, or it already exists when it should not). Nothing was written.
 */
export class RevisionConflict extends DomainError("RevisionConflict", {
  code: "store.revision_conflict",
  httpStatus: 409,
  text: (props: {
    readonly collection: string;
    readonly id: string;
    readonly expectedRevision: number;
  }) =>
    localized(
      `${props.collection} 中的文档 ${props.id} 已被修改（预期修订号 ${props.expectedRevision}），请重试`,
      `Document ${props.id} in ${props.collection} was changed (expected revision ${props.expectedRevision}); please retry`,
    ),
}) {}

/**
 * A value the store was asked to keep breaks the rules every adapter can honour (the
 * MongoDB wire subset FerretDB accepts): plain JSON only, no keys with `.` or a leading
 * `$`, no NUL characters, no NaN or ±Infinity, no arrays directly inside arrays.
 * Nothing was stored.
 */
export class InvalidDocument extends DomainError("InvalidDocument", {
  code: "store.invalid_document",
  httpStatus: 422,
  text: (props: { readonly what: string; readonly issues: ReadonlyArray<InputIssue> }) => {
    const first = props.issues[0];
    const where = first?.field ? `${first.field}: ` : "";
    const more = props.issues.length > 1 ? props.issues.length - 1 : 0;
    return localized(
      `无法保存${props.what}：${where}${first?.message["zh-CN"] ?? ""}${more ? `（另有 ${more} 处问题）` : ""}`,
      `Cannot store the ${props.what}: ${where}${first?.message.en ?? ""}${more ? ` (and ${more} more)` : ""}`,
    );
  },
}) {}

/** A read-model query names a field that is not indexed, or a value of the wrong type. */
export class InvalidQuery extends DomainError("InvalidQuery", {
  code: "store.invalid_query",
  httpStatus: 422,
  text: (props: { readonly collection: string; readonly reason: LocalizedText }) =>
    localized(
      `对 ${props.collection} 的查询无效：${props.reason["zh-CN"]}`,
      `Invalid query on ${props.collection}: ${props.reason.en}`,
    ),
}) {}

/**
 * The store could not be reached or failed (the database is down, the disk is full, the
 * connection broke). Whether the write happened is unknown: retry with the same command
 * id, and the command's receipt makes the retry safe.
 */
export class StoreUnavailable extends DomainError("StoreUnavailable", {
  code: "store.unavailable",
  httpStatus: 503,
  text: (props: {
    readonly operation: string;
    readonly reason: string;
    readonly cause?: unknown;
  }) =>
    localized(
      `数据存储暂不可用（${props.operation}：${props.reason}），请稍后重试`,
      `The store is unavailable (${props.operation}: ${props.reason}); please retry later`,
    ),
}) {}

/** What any store operation can fail with besides its own refusals. */
export type StoreFailure = StoreUnavailable;
