import { localized } from "@courier-station/core";
import { parse as parseCsv } from "csv-parse/sync";
import { Effect, Either } from "effect";
import ExcelJS from "exceljs";
import { RosterFileUnreadable, RosterRowCountInvalid } from "./errors.js";

/** The most rows one roster import takes. */
export const rosterMaxRows = 5_000;

/** The most columns a roster may have (a roster has ten at most; the rest is noise). */
const maxColumns = 40;

/** A row of a roster file: its number in the file (the header is row 1) and its cells, trimmed. */
export interface RosterTableRow {
  readonly rowNumber: number;
  readonly cells: ReadonlyArray<string>;
}

/** A roster file read as a table: its header row and the rows below it that hold anything. */
export interface RosterTable {
  readonly header: ReadonlyArray<string>;
  readonly rows: ReadonlyArray<RosterTableRow>;
}

/** The formats a roster comes in. */
export type RosterFormat = "csv" | "xlsx";

const unreadable = (format: RosterFormat, zhCN: string, en: string) =>
  new RosterFileUnreadable({ format, reason: localized(zhCN, en) });

/**
 * The bytes of a roster file from the base64 pieces it was sent in (joined in order;
 * the URL-safe alphabet is accepted too).
 *
 * @example
 * decodeRosterContent("csv", [["bmlja25h", "bWUK"]]); // Either.right(bytes of "nickname\n")
 */
export const decodeRosterContent = (
  format: RosterFormat,
  parts: ReadonlyArray<ReadonlyArray<string>>,
): Either.Either<Uint8Array, RosterFileUnreadable> => {
  const text = parts.flat().join("").replaceAll("-", "+").replaceAll("_", "/");
  if (text.length % 4 === 1 || !/^[A-Za-z0-9+/]*={0,2}$/.test(text)) {
    return Either.left(
      unreadable(format, "文件内容不是有效的 base64 编码", "its content is not valid base64"),
    );
  }
  return Either.right(new Uint8Array(Buffer.from(text, "base64")));
};

const table = (
  format: RosterFormat,
  records: ReadonlyArray<RosterTableRow>,
): Either.Either<RosterTable, RosterFileUnreadable | RosterRowCountInvalid> => {
  const filled = records.filter((row) => row.cells.some((cell) => cell !== ""));
  const [header, ...rows] = filled;
  if (header === undefined) {
    return Either.left(unreadable(format, "文件中没有表头行", "it has no header row"));
  }
  if (header.cells.length > maxColumns) {
    return Either.left(
      unreadable(format, `列数超过 ${maxColumns} 列`, `it has more than ${maxColumns} columns`),
    );
  }
  if (rows.length === 0 || rows.length > rosterMaxRows) {
    return Either.left(new RosterRowCountInvalid({ rows: rows.length, maximum: rosterMaxRows }));
  }
  return Either.right({ header: header.cells, rows });
};

const readCsv = (bytes: Uint8Array) => {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return Either.left(
      unreadable(
        "csv",
        "文件不是 UTF-8 编码，请在 Excel 中另存为“CSV UTF-8”",
        "it is not UTF-8; save it as “CSV UTF-8” in Excel",
      ),
    );
  }
  let records: string[][];
  try {
    records = parseCsv(text, {
      bom: true,
      trim: true,
      relax_column_count: true,
      skip_empty_lines: false,
      max_record_size: 10_000,
    }) as string[][];
  } catch (error) {
    const code =
      typeof error === "object" && error !== null && "code" in error ? String(error.code) : "";
    return Either.left(
      unreadable("csv", `CSV 格式有误（${code}）`, `it is not well-formed CSV (${code})`),
    );
  }
  // Quoted fields may span lines, so a record's number is its place among records, the
  // row number a spreadsheet shows.
  return table(
    "csv",
    records.map((cells, index) => ({ rowNumber: index + 1, cells })),
  );
};

const readXlsx = (bytes: Uint8Array) =>
  Effect.gen(function* () {
    // A workbook is a zip archive: refuse anything else before the parser sees it.
    if (bytes.length < 4 || bytes[0] !== 0x50 || bytes[1] !== 0x4b) {
      return yield* Effect.fail(
        unreadable("xlsx", "文件不是 .xlsx 工作簿", "it is not an .xlsx workbook"),
      );
    }
    const workbook = new ExcelJS.Workbook();
    yield* Effect.tryPromise({
      // exceljs declares a Buffer type of its own; Node's Buffer is what it reads.
      try: () => workbook.xlsx.load(Buffer.from(bytes) as never),
      catch: () =>
        unreadable("xlsx", "无法打开该 .xlsx 工作簿", "the .xlsx workbook cannot be opened"),
    });
    const sheet = workbook.worksheets[0];
    if (sheet === undefined) {
      return yield* Effect.fail(
        unreadable("xlsx", "工作簿中没有工作表", "the workbook has no sheet"),
      );
    }
    const records: RosterTableRow[] = [];
    let width = 0;
    sheet.eachRow((row, rowNumber) => {
      if (records.length > rosterMaxRows + 1) return;
      if (width === 0) width = Math.min(row.cellCount, maxColumns + 1);
      const cells: string[] = [];
      for (let column = 1; column <= width; column++) {
        cells.push(row.getCell(column).text.trim());
      }
      records.push({ rowNumber, cells });
    });
    return yield* table("xlsx", records);
  });

/**
 * Reads a roster file as a table: a CSV in UTF-8 (with or without a byte-order mark), or
 * the first sheet of an .xlsx workbook, its first row that holds anything being the
 * header. Empty rows are skipped; a file with no rows, or more than
 * {@link rosterMaxRows}, is refused.
 *
 * @example
 * const table = yield* readRosterTable("csv", bytes);
 * table.header; // ["nickname", "realName", "mobileNumber", …]
 */
export const readRosterTable = (
  format: RosterFormat,
  bytes: Uint8Array,
): Effect.Effect<RosterTable, RosterFileUnreadable | RosterRowCountInvalid> =>
  format === "csv" ? Effect.suspend(() => readCsv(bytes)) : readXlsx(bytes);
