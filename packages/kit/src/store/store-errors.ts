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

/**
 * The store's data is damaged, or is not a Courier Station store at all (a file of
 * another application, or of no database): retrying cannot help, so nothing retries it
 * (the outbox relay stops, and says so). Stop the services and restore the store from
 * a backup, or point the configuration at the right place.
 */
export class StoreCorrupt extends DomainError("StoreCorrupt", {
  code: "store.corrupt",
  httpStatus: 500,
  text: (props: {
    /** Where the store is (a file path). */
    readonly location: string;
    /** `damaged`: unreadable or not a database; `foreign`: another application's database. */
    readonly problem: "damaged" | "foreign";
    /** What was found, as the database said it. */
    readonly detail: string;
    readonly cause?: unknown;
  }) =>
    props.problem === "foreign"
      ? localized(
          `${props.location} 不是小哥e站的数据存储，而是另一个应用的数据库（${props.detail}）：请勿重试，请检查存储位置（SQLITE_PATH），或从备份恢复该文件`,
          `${props.location} is not a Courier Station store but another application's database (${props.detail}): do not retry; check where the store is (SQLITE_PATH), or restore the file from a backup`,
        )
      : localized(
          `数据存储 ${props.location} 已损坏或不是数据库（${props.detail}）：重试无济于事，请停止服务并从备份恢复`,
          `The store ${props.location} is damaged or not a database (${props.detail}): retrying will not help; stop the services and restore it from a backup`,
        ),
}) {}

/**
 * Another process has the SQLite store's file open: a file takes one process (the
 * embedded station), which opening it a second time would stall — better-sqlite3 is
 * synchronous, so waiting for another process's lock stops the whole event loop.
 * Stop the other process, or run services in several processes on MongoDB.
 */
export class StoreLocked extends DomainError("StoreLocked", {
  code: "store.locked",
  httpStatus: 503,
  text: (props: {
    readonly location: string;
    /** The process that has the file, as it recorded itself (absent when unreadable). */
    readonly holder?: { readonly pid: number; readonly host: string; readonly since: string };
  }) => {
    const holder = props.holder;
    return localized(
      `数据存储文件 ${props.location} 正由${holder === undefined ? "另一个进程" : `进程 ${holder.pid}（主机 ${holder.host}，${holder.since} 起）`}使用：一个 SQLite 文件只供一个进程使用。请先停止该进程，或改用 MongoDB（MONGODB_URI）以多个进程运行服务`,
      `The store file ${props.location} is in use by ${holder === undefined ? "another process" : `pid ${holder.pid} on host ${holder.host} (since ${holder.since})`}: one process per file for a SQLite store. Stop that process, or run the services in several processes on MongoDB (MONGODB_URI)`,
    );
  },
}) {}

/** What any store operation can fail with besides its own refusals. */
export type StoreFailure = StoreUnavailable | StoreCorrupt;

/** What opening a store can fail with: its operations' failures, or its file held by another process. */
export type StoreOpenFailure = StoreFailure | StoreLocked;
