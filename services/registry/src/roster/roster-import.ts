import {
  type CommandReply,
  decisionTime,
  type RosterImportRowView,
  type RosterImportView,
  type RosterRowOutcome,
  type RosterSource,
  type StartRosterImport,
  type UploadRosterImportPart,
} from "@courier-station/contracts";
import {
  type Actor,
  authorize,
  type CommandEnvelope,
  CommandIdConflict,
  type CommunityId,
  canonicalJson,
  type DeciderPermissions,
  derivedId,
  Forbidden,
  firstDifference,
  type Instant,
  type InvalidInput,
  isDerivedId,
  isDomainError,
  type LocalizedText,
  toErrorReport,
} from "@courier-station/core";
import {
  defineReadModel,
  type InvalidDocument,
  type InvalidQuery,
  type ReadModelDefinition,
  type RevisionConflict,
  Store,
  type StoreFailure,
} from "@courier-station/kit";
import { Effect, Either, Option } from "effect";
import { executeCourierCommand, type RegistryCommandServices } from "../commands.js";
import { loadStation } from "../queries.js";
import { RegistrySecrets } from "../secrets.js";
import { RosterImportExists, RosterImportNotFound, RosterPartsMissing } from "./errors.js";
import {
  decodeRosterContent,
  type RosterFormat,
  type RosterTable,
  readRosterTable,
} from "./roster-file.js";
import {
  type RosterColumns,
  registrationOfRow,
  rosterColumnsOf,
  rosterCommandId,
} from "./roster-rows.js";

/** A roster import as the registry keeps it: what was imported, by whom, and its progress. */
export interface RosterImportRecord {
  readonly community: string;
  readonly importId: string;
  readonly status: "running" | "completed";
  readonly roster: RosterSource;
  readonly format: RosterFormat;
  readonly fileName?: string;
  /** How many parts the file is kept in until the import completes. */
  readonly parts: number;
  readonly rowsTotal: number;
  /** Rows 1 to `rowsDone` (in file order) are handled and counted below. */
  readonly rowsDone: number;
  readonly rowsRegistered: number;
  readonly rowsUnchanged: number;
  readonly rowsRefused: number;
  /** The staff member who started it: each row is registered as sent by them. */
  readonly startedBy: Actor;
  readonly startedAt: Instant;
  readonly finishedAt?: Instant;
  /** The command that started it, to answer it again as `duplicate` or a conflict. */
  readonly commandId: string;
  readonly body: string;
}

/** Roster imports with their progress. */
export const rosterImports: ReadModelDefinition<RosterImportRecord> =
  defineReadModel<RosterImportRecord>({
    name: "registry_roster_imports",
    indexes: { community: "string", status: "string" },
  });

/**
 * A part of a roster file, kept until its import completes (the rows are read from it
 * again after a restart). It holds personal data (names, numbers): staff only, and gone
 * once the import completes.
 */
export interface RosterFilePart {
  readonly community: string;
  readonly importId: string;
  readonly part: number;
  readonly content: ReadonlyArray<string>;
  readonly commandId: string;
  readonly body: string;
}

/** The parts of roster files being imported. */
export const rosterFileParts: ReadModelDefinition<RosterFilePart> = defineReadModel<RosterFilePart>(
  {
    name: "registry_roster_files",
    indexes: { community: "string", importId: "string" },
  },
);

/** What became of a row of a roster import (no personal data). */
export interface RosterRowRecord {
  readonly community: string;
  readonly importId: string;
  readonly rowNumber: number;
  readonly courierId?: string;
  readonly outcome: RosterRowOutcome;
  readonly refusal?: {
    readonly code: string;
    readonly message: LocalizedText;
    readonly fields?: ReadonlyArray<{ readonly field: string; readonly message: LocalizedText }>;
  };
}

/** The rows of roster imports, in file order. */
export const rosterRows: ReadModelDefinition<RosterRowRecord> = defineReadModel<RosterRowRecord>({
  name: "registry_roster_rows",
  indexes: { community: "string", importId: "string", outcome: "string", rowNumber: "number" },
});

/** The id of an import's record. */
export const rosterImportId = (community: string, importId: string): string =>
  `${community}:${importId}`;

const partId = (community: string, importId: string, part: number): string =>
  `${community}:${importId}:${String(part).padStart(2, "0")}`;

const rowId = (community: string, importId: string, rowNumber: number): string =>
  `${community}:${importId}:${String(rowNumber).padStart(7, "0")}`;

/** Who may send the roster import's commands: staff of the community. */
export const rosterImportPermissions: DeciderPermissions<
  StartRosterImport | UploadRosterImportPart
> = {
  StartRosterImport: ["staff"],
  UploadRosterImportPart: ["staff"],
};

/** A roster file read and checked, kept in memory between timer runs. */
export interface ReadRoster {
  readonly table: RosterTable;
  readonly columns: RosterColumns;
}

/**
 * Roster files already read, by import, so the timer does not read a file again for
 * every batch; after a restart it reads it again from its parts.
 */
export type RosterCache = Map<string, ReadRoster>;

const permitted = (
  envelope: CommandEnvelope<StartRosterImport | UploadRosterImportPart>,
): Effect.Effect<void, Forbidden> => {
  const allowed = authorize(
    envelope.actor,
    envelope.community,
    envelope.command.type,
    rosterImportPermissions,
  );
  if (Either.isLeft(allowed)) return Effect.fail(allowed.left);
  if (envelope.actor.role !== "system" && isDerivedId(envelope.commandId)) {
    return Effect.fail(
      new Forbidden({
        commandType: envelope.command.type,
        role: envelope.actor.role,
        community: envelope.community,
        reason: "command_id",
      }),
    );
  }
  return Effect.void;
};

// The body a receipt keeps to tell a retry from a reuse: the file's content by its
// digest, so the record stays small.
const bodyOf = (envelope: CommandEnvelope<StartRosterImport | UploadRosterImportPart>): string => {
  const command = envelope.command;
  const digestOf = (content: ReadonlyArray<string>) => derivedId("roster-file", content.join(""));
  const data =
    command.type === "UploadRosterImportPart"
      ? { ...command.data, content: digestOf(command.data.content) }
      : command.data.file.kind === "inline"
        ? {
            ...command.data,
            file: { kind: "inline", content: digestOf(command.data.file.content) },
          }
        : command.data;
  return canonicalJson({ actor: envelope.actor.id, command: { type: command.type, data } });
};

const sentAgain = (
  stored: { readonly commandId: string; readonly body: string },
  envelope: CommandEnvelope<StartRosterImport | UploadRosterImportPart>,
  body: string,
): Effect.Effect<boolean, CommandIdConflict> => {
  if (stored.commandId !== envelope.commandId) return Effect.succeed(false);
  if (stored.body === body) return Effect.succeed(true);
  const field = firstDifference(JSON.parse(stored.body), JSON.parse(body)) ?? "";
  return Effect.fail(new CommandIdConflict({ commandId: envelope.commandId, field }));
};

const replyFor = (
  importId: string,
  version: number,
  outcome: "applied" | "duplicate",
): CommandReply => ({
  outcome,
  aggregate: "rosterImport",
  id: importId,
  version,
  eventIds: [],
});

/**
 * Keeps one part of a roster file sent in parts. The same command sent again is
 * answered `duplicate`; a part sent again under another command id replaces it until
 * the import starts; after that the import's parts are closed (`roster.import_exists`).
 */
export const uploadRosterImportPart = (envelope: CommandEnvelope<UploadRosterImportPart>) =>
  Effect.gen(function* () {
    yield* permitted(envelope);
    const store = yield* Store;
    const { importId, part, content } = envelope.command.data;
    const community = envelope.community;
    const body = bodyOf(envelope);
    const parts = yield* store.readModel(rosterFileParts);
    const existing = yield* parts.get(partId(community, importId, part));
    if (Option.isSome(existing) && (yield* sentAgain(existing.value.document, envelope, body))) {
      return replyFor(importId, part, "duplicate");
    }
    const imports = yield* store.readModel(rosterImports);
    if (Option.isSome(yield* imports.get(rosterImportId(community, importId)))) {
      return yield* Effect.fail(new RosterImportExists({ importId }));
    }
    yield* parts.upsert(partId(community, importId, part), {
      community,
      importId,
      part,
      content,
      commandId: envelope.commandId,
      body,
    });
    return replyFor(importId, part, "applied");
  });

const readRoster = (
  community: CommunityId,
  importId: string,
  format: RosterFormat,
  roster: RosterSource,
  partCount: number,
) =>
  Effect.gen(function* () {
    const store = yield* Store;
    const parts = yield* store.readModel(rosterFileParts);
    const found = yield* Effect.forEach(
      Array.from({ length: partCount }, (_, index) => index + 1),
      (part) => parts.get(partId(community, importId, part)),
    );
    const missing = found.flatMap((part, index) => (Option.isNone(part) ? [index + 1] : []));
    if (missing.length > 0) {
      return yield* Effect.fail(new RosterPartsMissing({ importId, missing }));
    }
    const bytes = yield* decodeRosterContent(
      format,
      found.map((part) => (Option.isSome(part) ? part.value.document.content : [])),
    );
    const table = yield* readRosterTable(format, bytes);
    const columns = yield* rosterColumnsOf(table.header, roster);
    return { table, columns } satisfies ReadRoster;
  });

/**
 * Starts a roster import: the file (sent inline or in parts) is read and its columns
 * checked at once — a file that cannot be read, or whose header is wrong, is refused and
 * nothing is kept — then the import's record is written with its rows to do, and the
 * rows are registered in the background by the `roster-imports` timer. The same command
 * sent again is answered `duplicate`; the same id with another body is a conflict; an
 * import id used by another command is `roster.import_exists`.
 */
export const startRosterImport = (
  envelope: CommandEnvelope<StartRosterImport>,
  cache: RosterCache,
) =>
  Effect.gen(function* () {
    yield* permitted(envelope);
    const store = yield* Store;
    const { importId, roster, format, fileName, file } = envelope.command.data;
    const community = envelope.community;
    const body = bodyOf(envelope);
    const imports = yield* store.readModel(rosterImports);
    const id = rosterImportId(community, importId);
    const existing = yield* imports.get(id);
    if (Option.isSome(existing)) {
      if (yield* sentAgain(existing.value.document, envelope, body)) {
        return replyFor(importId, 1, "duplicate");
      }
      return yield* Effect.fail(new RosterImportExists({ importId }));
    }
    if (roster.kind === "station") yield* loadStation(community, roster.stationId);
    const parts = yield* store.readModel(rosterFileParts);
    // A file sent inline is kept as its one part, so the rows can be read again after a
    // restart.
    let read: ReadRoster;
    if (file.kind === "inline") {
      const bytes = yield* decodeRosterContent(format, [file.content]);
      const table = yield* readRosterTable(format, bytes);
      read = { table, columns: yield* rosterColumnsOf(table.header, roster) };
      yield* parts.upsert(partId(community, importId, 1), {
        community,
        importId,
        part: 1,
        content: file.content,
        commandId: envelope.commandId,
        body,
      });
    } else read = yield* readRoster(community, importId, format, roster, file.parts);
    const partCount = file.kind === "inline" ? 1 : file.parts;
    const now = yield* decisionTime;
    const written = yield* imports
      .upsert(
        id,
        {
          community,
          importId,
          status: "running",
          roster,
          format,
          ...(fileName === undefined ? {} : { fileName }),
          parts: partCount,
          rowsTotal: read.table.rows.length,
          rowsDone: 0,
          rowsRegistered: 0,
          rowsUnchanged: 0,
          rowsRefused: 0,
          startedBy: envelope.actor,
          startedAt: now,
          commandId: envelope.commandId,
          body,
        },
        { expectedRevision: 0 },
      )
      .pipe(Effect.either);
    if (Either.isLeft(written)) {
      if (written.left._tag !== "RevisionConflict") return yield* Effect.fail(written.left);
      // Another start of this id won the race: answer as if it had come first.
      const winner = yield* imports.get(id);
      if (Option.isSome(winner) && (yield* sentAgain(winner.value.document, envelope, body))) {
        return replyFor(importId, 1, "duplicate");
      }
      return yield* Effect.fail(new RosterImportExists({ importId }));
    }
    cache.set(id, read);
    return replyFor(importId, 1, "applied");
  });

/** A roster import with its progress, as staff see it. */
export const rosterImportViewOf = (record: RosterImportRecord): RosterImportView => ({
  importId: record.importId,
  roster: record.roster,
  format: record.format,
  ...(record.fileName === undefined ? {} : { fileName: record.fileName }),
  status: record.status,
  rowsTotal: record.rowsTotal,
  rowsDone: record.rowsDone,
  rowsRegistered: record.rowsRegistered,
  rowsUnchanged: record.rowsUnchanged,
  rowsRefused: record.rowsRefused,
  startedBy: record.startedBy.id,
  startedAt: record.startedAt,
  ...(record.finishedAt === undefined ? {} : { finishedAt: record.finishedAt }),
});

/** What a row became, as staff see it. */
export const rosterRowViewOf = (record: RosterRowRecord): RosterImportRowView =>
  ({
    rowNumber: record.rowNumber,
    ...(record.courierId === undefined ? {} : { courierId: record.courierId }),
    outcome: record.outcome,
    ...(record.refusal === undefined ? {} : { refusal: record.refusal }),
  }) as RosterImportRowView;

/** A roster import by id, or `roster.import_not_found`. */
export const loadRosterImport = (community: CommunityId, importId: string) =>
  Effect.gen(function* () {
    const store = yield* Store;
    const imports = yield* store.readModel(rosterImports);
    const found = yield* imports.get(rosterImportId(community, importId));
    if (Option.isNone(found)) return yield* Effect.fail(new RosterImportNotFound({ importId }));
    return found.value.document;
  });

/** A page of what the rows of an import became, in file order. */
export const rosterRowsPage = (
  community: CommunityId,
  importId: string,
  options: {
    readonly outcome?: RosterRowOutcome | undefined;
    readonly after?: string | undefined;
    readonly limit?: number | undefined;
  },
) =>
  Effect.gen(function* () {
    yield* loadRosterImport(community, importId);
    const store = yield* Store;
    const rows = yield* store.readModel(rosterRows);
    const page = yield* rows.find({
      where: {
        community,
        importId,
        ...(options.outcome === undefined ? {} : { outcome: options.outcome }),
      },
      orderBy: { field: "rowNumber" },
      ...(options.after === undefined ? {} : { after: options.after }),
      limit: options.limit ?? 50,
    });
    return {
      items: page.items.map((item) => rosterRowViewOf(item.document)),
      ...(page.next === undefined ? {} : { next: page.next }),
    };
  });

// A failure that says the store is busy or away, not that the row is wrong: the row is
// tried again on the next run instead of being reported refused.
const isPassing = (error: unknown): boolean =>
  isDomainError(error) &&
  (error._tag === "StoreUnavailable" ||
    error._tag === "StoreCorrupt" ||
    error._tag === "VersionConflict");

type RowRefusal = NonNullable<RosterRowRecord["refusal"]>;

const refusalOf = (error: unknown): RowRefusal => {
  if (!isDomainError(error)) {
    return {
      code: "internal.error",
      message: {
        "zh-CN": "处理该行时发生内部错误",
        en: "An internal error occurred while handling this row",
      },
    };
  }
  const report = toErrorReport(error);
  if (error._tag !== "InvalidInput") return { code: report.code, message: report.message };
  const issues = (error as unknown as InvalidInput).issues;
  return {
    code: report.code,
    message: report.message,
    fields: issues.slice(0, 10).map((issue) => ({
      field: issue.field.replace(/^data\./, ""),
      message: issue.message,
    })),
  };
};

/** How the roster-import timer works through rows. */
export interface RosterImportPacing {
  /** Rows handled per run of the timer, over every import (default 200). */
  readonly rowsPerRun?: number;
  /** Rows between two saves of an import's progress (default 20). */
  readonly rowsPerSave?: number;
}

const handleRow = (record: RosterImportRecord, read: ReadRoster, index: number) =>
  Effect.gen(function* () {
    const row = read.table.rows[index];
    if (row === undefined) return undefined;
    const community = record.community as CommunityId;
    const store = yield* Store;
    const rows = yield* store.readModel(rosterRows);
    const id = rowId(community, record.importId, row.rowNumber);
    // A row handled by a run that stopped before it saved its progress keeps its outcome.
    const done = yield* rows.get(id);
    if (Option.isSome(done)) return done.value.document;
    const secrets = yield* RegistrySecrets;
    const base = { community, importId: record.importId, rowNumber: row.rowNumber };
    const registration = registrationOfRow(row, read.columns, record.roster, {
      community,
      mobileKeyOf: secrets.mobileKeyOf,
    });
    let result: RosterRowRecord;
    if (Either.isLeft(registration)) {
      result = { ...base, outcome: "refused", refusal: refusalOf(registration.left) };
    } else {
      const command = registration.right;
      const courierId = command.data.courierId;
      const outcome = yield* executeCourierCommand({
        commandId: rosterCommandId(community, record.startedBy.id, command) as never,
        community,
        actor: record.startedBy,
        command,
        correlationId: `roster-${record.importId}`.slice(0, 128),
      }).pipe(Effect.either);
      if (Either.isRight(outcome)) {
        result = {
          ...base,
          courierId,
          outcome: outcome.right.kind === "applied" ? "registered" : "unchanged",
        };
      } else if (isPassing(outcome.left)) {
        return yield* Effect.fail(outcome.left as StoreFailure);
      } else {
        result = { ...base, courierId, outcome: "refused", refusal: refusalOf(outcome.left) };
      }
    }
    yield* rows.upsert(id, result);
    return result;
  });

const countOutcome = (
  record: RosterImportRecord,
  outcome: RosterRowOutcome,
): RosterImportRecord => ({
  ...record,
  rowsDone: record.rowsDone + 1,
  rowsRegistered: record.rowsRegistered + (outcome === "registered" ? 1 : 0),
  rowsUnchanged: record.rowsUnchanged + (outcome === "unchanged" ? 1 : 0),
  rowsRefused: record.rowsRefused + (outcome === "refused" ? 1 : 0),
});

/**
 * One run of the roster-import timer: the rows of running imports are registered in
 * file order, each as a `RegisterCourier` from the staff member who started the import
 * with its derived command id, and what each became is kept; the import's progress is
 * saved every few rows, and when its last row is done it is completed and its file
 * deleted. A run that stops (a crash, the store away) leaves the rows after the last
 * save to the next run, which finds those it had finished by their outcome.
 */
export const processRosterImports = (
  cache: RosterCache,
  pacing: RosterImportPacing = {},
): Effect.Effect<
  void,
  StoreFailure | InvalidDocument | InvalidQuery | RevisionConflict,
  RegistryCommandServices
> =>
  Effect.gen(function* () {
    const store = yield* Store;
    const imports = yield* store.readModel(rosterImports);
    const parts = yield* store.readModel(rosterFileParts);
    let budget = pacing.rowsPerRun ?? 200;
    const rowsPerSave = pacing.rowsPerSave ?? 20;
    const running = yield* imports.find({ where: { status: "running" }, limit: 20 });
    for (const item of running.items) {
      if (budget <= 0) return;
      let record = item.document;
      const community = record.community as CommunityId;
      const id = rosterImportId(community, record.importId);
      let read = cache.get(id);
      if (read === undefined) {
        const reread = yield* readRoster(
          community,
          record.importId,
          record.format,
          record.roster,
          record.parts,
        ).pipe(Effect.either);
        // The file was read when the import started; failing now means its parts are
        // gone, and no later run will find them: the import ends with what it did.
        if (Either.isLeft(reread)) {
          if (isPassing(reread.left)) return yield* Effect.fail(reread.left as StoreFailure);
          yield* imports.upsert(id, {
            ...record,
            status: "completed",
            finishedAt: yield* decisionTime,
          });
          continue;
        }
        read = reread.right;
        cache.set(id, read);
      }
      let unsaved = 0;
      while (record.rowsDone < record.rowsTotal && budget > 0) {
        const result = yield* handleRow(record, read, record.rowsDone).pipe(
          Effect.tapError(() =>
            unsaved > 0 ? Effect.ignore(imports.upsert(id, record)) : Effect.void,
          ),
        );
        record = countOutcome(record, result?.outcome ?? "refused");
        budget -= 1;
        unsaved += 1;
        if (unsaved >= rowsPerSave) {
          yield* imports.upsert(id, record);
          unsaved = 0;
        }
      }
      if (record.rowsDone >= record.rowsTotal) {
        record = { ...record, status: "completed", finishedAt: yield* decisionTime };
        yield* imports.upsert(id, record);
        for (let part = 1; part <= record.parts; part++) {
          yield* parts.delete(partId(community, record.importId, part));
        }
        cache.delete(id);
      } else if (unsaved > 0) {
        yield* imports.upsert(id, record);
      }
    }
  });
