import { localized } from "@courier-station/core";
import { type Effect, Either, type Option } from "effect";
import { findDocumentProblems } from "./document-rules.js";
import {
  InvalidDocument,
  InvalidQuery,
  type RevisionConflict,
  type StoreFailure,
} from "./store-errors.js";

/** The type of an indexed field: what its values may be (besides `null` or absent). */
export type IndexedFieldType = "string" | "number" | "boolean";

/** A value an indexed field holds or a query compares with; `null` also matches an absent field. */
export type IndexedValue = string | number | boolean | null;

/**
 * A read-model collection: its name and the top-level fields it is indexed by, each with
 * its type. Documents are plain JSON; only indexed fields can be queried and sorted on.
 */
export interface ReadModelDefinition<Document extends object> {
  /** The collection name: lower-case letters, digits and `_`, starting with a letter, at most 40. */
  readonly name: string;
  /** The indexed top-level fields and their types. */
  readonly indexes: { readonly [Field in keyof Document & string]?: IndexedFieldType };
}

const collectionNamePattern = /^[a-z][a-z0-9_]{0,39}$/;
const fieldNamePattern = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;

/**
 * Declares a read-model collection. Throws a `TypeError` at once on a bad name or
 * index (a programming error, found when the module loads).
 *
 * @example
 * interface CourierRow { readonly community: string; readonly status: string; readonly points: number }
 * export const courierRows = defineReadModel<CourierRow>({
 *   name: "courier_rows",
 *   indexes: { community: "string", status: "string", points: "number" },
 * });
 * const rows = yield* store.readModel(courierRows);
 * const page = yield* rows.find({ where: { community: "jinshan-wanda" }, orderBy: { field: "points", direction: "descending" } });
 */
export const defineReadModel = <Document extends object>(
  definition: ReadModelDefinition<Document>,
): ReadModelDefinition<Document> => {
  if (!collectionNamePattern.test(definition.name)) {
    throw new TypeError(
      `A read-model name is lower-case letters, digits and "_", starting with a letter (got "${definition.name}")`,
    );
  }
  for (const [field, type] of Object.entries(definition.indexes)) {
    if (!fieldNamePattern.test(field)) {
      throw new TypeError(`Read model ${definition.name}: "${field}" cannot be an indexed field`);
    }
    if (type !== "string" && type !== "number" && type !== "boolean") {
      throw new TypeError(
        `Read model ${definition.name}: the type of "${field}" must be string, number or boolean`,
      );
    }
  }
  return definition;
};

/** A document as the store keeps it: its id, its revision (1 after the first upsert) and the document. */
export interface StoredDocument<Document> {
  readonly id: string;
  readonly revision: number;
  readonly document: Document;
}

/** The order of a query: an indexed field (ties broken by id) and a direction. */
export interface ReadModelOrder<Document> {
  readonly field: keyof Document & string;
  /** Default `ascending`. Absent (`null`) values come first ascending, last descending. */
  readonly direction?: "ascending" | "descending";
}

/** A query on a read model. */
export interface FindOptions<Document> {
  /** Equality on indexed fields; `null` matches a field that is `null` or absent. */
  readonly where?: { readonly [Field in keyof Document & string]?: IndexedValue };
  /** The order; default by id, ascending. */
  readonly orderBy?: ReadModelOrder<Document>;
  /** The `next` cursor of the previous page, to read the page after it. */
  readonly after?: string;
  /** Documents per page, 1 to 1,000; default 50. */
  readonly limit?: number;
}

/** One page of a query: the documents, and the cursor of the next page when there may be one. */
export interface Page<Document> {
  readonly items: ReadonlyArray<StoredDocument<Document>>;
  /** Pass as `after` to read on; absent when this page is the last. */
  readonly next: string | undefined;
}

/** How a write to a read-model document is guarded. */
export interface WriteOptions {
  /**
   * The revision the document must be at for the write to happen: `0` means it must not
   * exist yet. Absent: the write happens whatever the revision.
   */
  readonly expectedRevision?: number;
  /**
   * The caller knows the id was never written before the last minute: it is made from
   * something that did not exist until a moment ago (as a row per event is, written
   * right after its append). A store may then write without looking for the document
   * first (the MongoDB store saves a read); a document written meanwhile is still found
   * and the write decided on it. Wrong for an id that may be older: leave it out then.
   */
  readonly fresh?: boolean;
}

/** One write of a batch (`upsertMany`): a whole document, guarded as `upsert` guards one. */
export interface DocumentWrite<Document> {
  readonly id: string;
  readonly document: Document;
  /** As in {@link WriteOptions}: `0` means it must not exist yet; absent, no guard. */
  readonly expectedRevision?: number;
}

/**
 * One read-model collection: documents by id, queries by indexed fields with opaque
 * cursors. Every adapter keeps the same order, so a page is the same everywhere.
 *
 * The idempotent projection pattern: keep the last applied event's version (or log
 * position) in the document, skip events at or below it, and write with
 * `expectedRevision` so two projectors never overwrite each other.
 */
export interface ReadModelApi<Document extends object> {
  readonly definition: ReadModelDefinition<Document>;
  /** The document with this id, if there is one. */
  readonly get: (
    id: string,
  ) => Effect.Effect<Option.Option<StoredDocument<Document>>, StoreFailure>;
  /** Writes a whole document and returns its new revision. */
  readonly upsert: (
    id: string,
    document: Document,
    options?: WriteOptions,
  ) => Effect.Effect<number, RevisionConflict | InvalidDocument | StoreFailure>;
  /**
   * Writes several whole documents, in order (a later write of an id sees the earlier
   * one's revision), and returns their new revisions in the same order. Every document is
   * checked before any is written, so an `InvalidDocument` writes nothing. A write whose
   * `expectedRevision` does not hold fails the batch with its `RevisionConflict`: on SQLite
   * and in memory the batch is one transaction and nothing of it is written; MongoDB has no
   * multi-document transactions, so there the writes before the conflicting one stay — a
   * caller that retries must skip what it already wrote (as a projection does by version).
   * What a page of a projection's work costs one commit instead of one per document.
   */
  readonly upsertMany: (
    writes: ReadonlyArray<DocumentWrite<Document>>,
  ) => Effect.Effect<ReadonlyArray<number>, RevisionConflict | InvalidDocument | StoreFailure>;
  /** Deletes a document; `true` when there was one. */
  readonly delete: (
    id: string,
    options?: WriteOptions,
  ) => Effect.Effect<boolean, RevisionConflict | StoreFailure>;
  /**
   * Deletes every document of the collection, unguarded (a write racing it may stay):
   * what a projection rebuilt from the start runs first. On SQLite and in memory one
   * statement instead of a query and a delete per document; on MongoDB a tombstone per
   * document, as `delete` writes. A document written afterwards starts at revision 1.
   */
  readonly deleteAll: () => Effect.Effect<void, StoreFailure>;
  /** A page of documents matching a query, in order. */
  readonly find: (
    options?: FindOptions<Document>,
  ) => Effect.Effect<Page<Document>, InvalidQuery | StoreFailure>;
  /** How many documents match. */
  readonly count: (
    where?: FindOptions<Document>["where"],
  ) => Effect.Effect<number, InvalidQuery | StoreFailure>;
}

/** The largest page a query returns. */
export const maximumPageSize = 1_000;
/** The page size when a query gives none. */
export const defaultPageSize = 50;

/** A query checked against its collection's indexes, ready for an adapter. */
export interface PlannedQuery {
  /** Equality conditions, in the order given. */
  readonly where: ReadonlyArray<readonly [field: string, value: IndexedValue]>;
  /** The order field, or `undefined` to order by id alone. */
  readonly orderField: string | undefined;
  readonly descending: boolean;
  /** Where the previous page ended: the order field's value (when ordered by one) and the id. */
  readonly after: { readonly value: IndexedValue; readonly id: string } | undefined;
  readonly limit: number;
}

/**
 * The fields of the index a query reads, in its order: the equality fields (by name), then
 * the order field unless it is one of them. An index on them finds a query's documents
 * already in order, so a page costs what it returns, not what the collection holds. Shared
 * by the adapters, which make an index of several fields the first time a query needs it.
 *
 * @example
 * queryIndexFields(planned); // ["accountMonth", "version"] for where accountMonth, by version
 */
export const queryIndexFields = (query: PlannedQuery): ReadonlyArray<string> => {
  const equal = [...new Set(query.where.map(([field]) => field))].sort();
  return query.orderField === undefined || equal.includes(query.orderField)
    ? equal
    : [...equal, query.orderField];
};

interface CursorBody {
  readonly f: string | null;
  readonly d: 0 | 1;
  readonly v: IndexedValue;
  readonly i: string;
}

/** Encodes where a page ended as an opaque cursor. */
export const encodeCursor = (
  query: PlannedQuery,
  last: { readonly value: IndexedValue; readonly id: string },
): string => {
  const body: CursorBody = {
    f: query.orderField ?? null,
    d: query.descending ? 1 : 0,
    v: last.value,
    i: last.id,
  };
  return Buffer.from(JSON.stringify(body), "utf8").toString("base64url");
};

/**
 * A cursor that starts a query at one end of a half-open range `[from, to)` of its order
 * field: ascending, give `from`, and the pages hold the documents at `from` or after;
 * descending, give `to`, and they hold the documents before `to`. How a list starts
 * partway (a month read latest first) without reading the documents before that point;
 * where the range ends is the reader's to see, the order field of each document.
 *
 * @example
 * const order = { field: "startsAtMillis", direction: "descending" } as const;
 * rows.find({ where: { community }, orderBy: order, after: cursorAtBound(order, monthEnd) });
 * // activities starting before the month's end, latest first
 */
export const cursorAtBound = <Document>(
  order: ReadModelOrder<Document>,
  bound: Exclude<IndexedValue, null>,
): string => {
  // A page goes on after (value, id), ties broken by id. No document id is empty, so
  // ascending every document at the bound comes after ("", bound), and descending none
  // at it comes before it: the bound is in the range's ascending start, out of its end.
  const body: CursorBody = {
    f: order.field,
    d: order.direction === "descending" ? 1 : 0,
    v: bound,
    i: "",
  };
  return Buffer.from(JSON.stringify(body), "utf8").toString("base64url");
};

const queryError = (collection: string, zhCN: string, english: string) =>
  new InvalidQuery({ collection, reason: localized(zhCN, english) });

const typeOfValue = (value: IndexedValue): IndexedFieldType | "null" =>
  value === null ? "null" : (typeof value as IndexedFieldType);

const checkValue = (
  collection: string,
  field: string,
  type: IndexedFieldType,
  value: unknown,
): InvalidQuery | undefined => {
  if (value === null) return undefined;
  if (typeof value !== type || (typeof value === "number" && !Number.isFinite(value))) {
    return queryError(
      collection,
      `字段 ${field} 的值须为 ${type}`,
      `the value of ${field} must be a ${type}`,
    );
  }
  return undefined;
};

/**
 * Checks a query against a read model's indexes and decodes its cursor. Shared by every
 * adapter, so they refuse the same queries with the same errors.
 */
export const planQuery = <Document extends object>(
  definition: ReadModelDefinition<Document>,
  options: FindOptions<Document>,
): Either.Either<PlannedQuery, InvalidQuery> => {
  const collection = definition.name;
  const indexes = definition.indexes as Readonly<Record<string, IndexedFieldType | undefined>>;
  const where: Array<readonly [string, IndexedValue]> = [];
  for (const [field, value] of Object.entries(options.where ?? {})) {
    if (value === undefined) continue;
    const type = Object.hasOwn(indexes, field) ? indexes[field] : undefined;
    if (type === undefined) {
      return Either.left(
        queryError(
          collection,
          `字段 ${field} 没有索引，不能用于查询`,
          `${field} is not an indexed field`,
        ),
      );
    }
    const problem = checkValue(collection, field, type, value);
    if (problem !== undefined) return Either.left(problem);
    where.push([field, value as IndexedValue]);
  }
  const orderField = options.orderBy?.field;
  if (
    orderField !== undefined &&
    !(Object.hasOwn(indexes, orderField) && indexes[orderField] !== undefined)
  ) {
    return Either.left(
      queryError(
        collection,
        `字段 ${orderField} 没有索引，不能用于排序`,
        `${orderField} is not an indexed field to order by`,
      ),
    );
  }
  const descending = options.orderBy?.direction === "descending";
  const limit = options.limit ?? defaultPageSize;
  if (!Number.isSafeInteger(limit) || limit < 1 || limit > maximumPageSize) {
    return Either.left(
      queryError(
        collection,
        `每页数量须为 1 至 ${maximumPageSize} 的整数`,
        `the page size must be an integer from 1 to ${maximumPageSize}`,
      ),
    );
  }
  let after: PlannedQuery["after"];
  if (options.after !== undefined) {
    const cursor = decodeCursor(options.after);
    const type = orderField === undefined ? undefined : indexes[orderField];
    if (
      cursor === undefined ||
      cursor.f !== (orderField ?? null) ||
      cursor.d !== (descending ? 1 : 0) ||
      (orderField === undefined
        ? cursor.v !== null
        : typeOfValue(cursor.v) !== "null" && typeOfValue(cursor.v) !== type)
    ) {
      return Either.left(
        queryError(
          collection,
          "分页游标无效，或不属于这个排序",
          "the cursor is not valid, or belongs to another order",
        ),
      );
    }
    after = { value: cursor.v, id: cursor.i };
  }
  return Either.right({ where, orderField, descending, after, limit });
};

const decodeCursor = (text: string): CursorBody | undefined => {
  if (text.length > 2_000 || !/^[A-Za-z0-9_-]*$/.test(text)) return undefined;
  try {
    const body: unknown = JSON.parse(Buffer.from(text, "base64url").toString("utf8"));
    if (typeof body !== "object" || body === null) return undefined;
    const candidate = body as Record<string, unknown>;
    const value = candidate.v;
    const valueOk =
      value === null ||
      typeof value === "string" ||
      typeof value === "boolean" ||
      (typeof value === "number" && Number.isFinite(value));
    if (
      (candidate.f === null || typeof candidate.f === "string") &&
      (candidate.d === 0 || candidate.d === 1) &&
      valueOk &&
      typeof candidate.i === "string"
    ) {
      return candidate as unknown as CursorBody;
    }
    return undefined;
  } catch {
    return undefined;
  }
};

/**
 * Checks the indexed fields of a document against their declared types; the problems
 * as `[field, expected type]` pairs.
 */
export const indexedFieldProblems = (
  definition: ReadModelDefinition<object>,
  document: object,
): ReadonlyArray<readonly [string, IndexedFieldType]> => {
  const problems: Array<readonly [string, IndexedFieldType]> = [];
  const values = document as Readonly<Record<string, unknown>>;
  for (const [field, type] of Object.entries(
    definition.indexes as Record<string, IndexedFieldType>,
  )) {
    const value = Object.hasOwn(values, field) ? values[field] : undefined;
    if (value === undefined || value === null) continue;
    if (typeof value !== type) problems.push([field, type]);
  }
  return problems;
};

/** The value of an indexed field of a document, `null` when absent. */
export const indexedValueOf = (document: object, field: string): IndexedValue => {
  const values = document as Readonly<Record<string, unknown>>;
  const value = Object.hasOwn(values, field) ? values[field] : undefined;
  return value === undefined ? null : (value as IndexedValue);
};

const rankOf = (value: IndexedValue): number => {
  // The order MongoDB and SQLite agree on for one declared type: null first.
  if (value === null) return 0;
  return 1;
};

/** Compares strings by Unicode code point, which is the byte order of UTF-8 (SQLite and MongoDB). */
export const compareCodePoints = (left: string, right: string): number => {
  const length = Math.min(left.length, right.length);
  for (let index = 0; index < length; index++) {
    const a = left.charCodeAt(index);
    const b = right.charCodeAt(index);
    if (a === b) continue;
    // Surrogates (0xD800–0xDFFF) stand for code points above 0xFFFF, which sort after
    // every other UTF-16 unit; anything else compares as it is.
    const surrogateA = a >= 0xd800 && a <= 0xdfff;
    const surrogateB = b >= 0xd800 && b <= 0xdfff;
    if (surrogateA !== surrogateB) return surrogateA ? 1 : -1;
    return a < b ? -1 : 1;
  }
  return left.length - right.length;
};

/** Compares two indexed values of one declared type: null first, then by value. */
export const compareIndexedValues = (left: IndexedValue, right: IndexedValue): number => {
  const rank = rankOf(left) - rankOf(right);
  if (rank !== 0 || left === null || right === null) return rank;
  if (typeof left === "string" && typeof right === "string") return compareCodePoints(left, right);
  if (typeof left === "number" && typeof right === "number")
    return left === right ? 0 : left < right ? -1 : 1;
  if (typeof left === "boolean" && typeof right === "boolean") return Number(left) - Number(right);
  return 0;
};

/** A check on a document id: 1 to 200 characters, no NUL. The problem in both languages, if any. */
export const documentIdProblem = (
  id: string,
): { readonly "zh-CN": string; readonly en: string } | undefined => {
  if (typeof id !== "string" || id.length === 0 || id.length > 200) {
    return localized("文档标识须为 1 至 200 个字符", "a document id is 1 to 200 characters");
  }
  if (id.includes("\u0000"))
    return localized("文档标识不能包含 NUL 字符", "a document id must not contain NUL characters");
  return undefined;
};

/**
 * The checks of a read-model write shared by every adapter: the id, the document's
 * storability and its indexed fields' types.
 */
export const documentProblem = (
  definition: ReadModelDefinition<object>,
  id: string,
  document: object,
): InvalidDocument | undefined => {
  const idProblem = documentIdProblem(id);
  const issues = [
    ...(idProblem === undefined
      ? []
      : [{ path: ["id"], field: "id", code: "invalid_id", message: idProblem }]),
    ...(typeof document !== "object" || document === null || Array.isArray(document)
      ? [
          {
            path: [],
            field: "",
            code: "not_object",
            message: { "zh-CN": "文档须为 JSON 对象", en: "a document must be a JSON object" },
          },
        ]
      : findDocumentProblems(document)),
    ...indexedFieldProblems(definition, document).map(([field, type]) => ({
      path: [field],
      field,
      code: "invalid_type",
      message: {
        "zh-CN": `索引字段 ${field} 须为 ${type}`,
        en: `the indexed field ${field} must be a ${type}`,
      },
    })),
  ];
  return issues.length === 0
    ? undefined
    : new InvalidDocument({ what: `${definition.name} ${String(id).slice(0, 60)}`, issues });
};
