import { DomainError, type LocalizedText, localized } from "@courier-station/core";

/** The roster file could not be read as the format it was said to be in. */
export class RosterFileUnreadable extends DomainError("RosterFileUnreadable", {
  code: "roster.file_unreadable",
  httpStatus: 400,
  text: (props: { readonly format: string; readonly reason: LocalizedText }) =>
    localized(
      `无法读取名单文件（${props.format}）：${props.reason["zh-CN"]}`,
      `The roster file cannot be read as ${props.format}: ${props.reason.en}`,
    ),
}) {}

/** The roster's header row lacks a required column, or has one it does not know or twice. */
export class RosterColumnsInvalid extends DomainError("RosterColumnsInvalid", {
  code: "roster.columns_invalid",
  httpStatus: 400,
  text: (props: {
    readonly missing: ReadonlyArray<string>;
    readonly unknown: ReadonlyArray<string>;
    readonly repeated: ReadonlyArray<string>;
  }) => {
    const zh: string[] = [];
    const en: string[] = [];
    if (props.missing.length > 0) {
      zh.push(`缺少列：${props.missing.join("、")}`);
      en.push(`missing columns: ${props.missing.join(", ")}`);
    }
    if (props.unknown.length > 0) {
      zh.push(`无法识别的列：${props.unknown.join("、")}`);
      en.push(`unknown columns: ${props.unknown.join(", ")}`);
    }
    if (props.repeated.length > 0) {
      zh.push(`重复的列：${props.repeated.join("、")}`);
      en.push(`columns given twice: ${props.repeated.join(", ")}`);
    }
    return localized(
      `名单表头有误（${zh.join("；")}）`,
      `The roster's header row is wrong (${en.join("; ")})`,
    );
  },
}) {}

/** The roster holds no rows, or more than one import takes. */
export class RosterRowCountInvalid extends DomainError("RosterRowCountInvalid", {
  code: "roster.row_count_invalid",
  httpStatus: 422,
  text: (props: { readonly rows: number; readonly maximum: number }) =>
    props.rows === 0
      ? localized("名单中没有数据行", "The roster has no rows below its header")
      : localized(
          `名单有 ${props.rows} 行，一次最多导入 ${props.maximum} 行，请拆分后分批导入`,
          `The roster has ${props.rows} rows; one import takes at most ${props.maximum}: split it`,
        ),
}) {}

/** Parts of a roster file sent in parts have not arrived. */
export class RosterPartsMissing extends DomainError("RosterPartsMissing", {
  code: "roster.parts_missing",
  httpStatus: 422,
  text: (props: { readonly importId: string; readonly missing: ReadonlyArray<number> }) =>
    localized(
      `导入 ${props.importId} 缺少文件分段：${props.missing.join("、")}`,
      `Import ${props.importId} lacks the file parts ${props.missing.join(", ")}`,
    ),
}) {}

/** An import with this id has started already (under another command id). */
export class RosterImportExists extends DomainError("RosterImportExists", {
  code: "roster.import_exists",
  httpStatus: 409,
  text: (props: { readonly importId: string }) =>
    localized(
      `导入 ${props.importId} 已开始，请换一个导入编号`,
      `Import ${props.importId} has started already; use another import id`,
    ),
}) {}

/** No roster import with this id. */
export class RosterImportNotFound extends DomainError("RosterImportNotFound", {
  code: "roster.import_not_found",
  httpStatus: 404,
  text: (props: { readonly importId: string }) =>
    localized(`找不到导入 ${props.importId}`, `Import ${props.importId} was not found`),
}) {}
