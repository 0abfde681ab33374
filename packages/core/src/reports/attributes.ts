import { z } from "zod";
import { type LocalizedText, localized } from "../kernel/localized-text.js";
import { Instant } from "../kernel/time.js";
import { bilingual } from "../kernel/validation.js";
import {
  type ReportAttribute,
  ReportAttributeCode,
  type ReportCategory,
} from "../policy/sections/reports.js";

/**
 * One answer to a category's attribute: a text (a number or a datetime written as text,
 * as Open311 forms send them, or a list key), or, for a `multivaluelist`, the list keys
 * chosen.
 */
export const ReportAttributeAnswer = z.union([
  z.string().max(2_000),
  z.array(z.string().max(200)).min(1).max(100),
]);
/** One answer to a category's attribute. */
export type ReportAttributeAnswer = z.infer<typeof ReportAttributeAnswer>;

/**
 * A report's answers to its category's attributes (its Open311 service definition), by
 * attribute code. The decider checks them against the category; the report keeps them.
 *
 * @example
 * { hazard: "charging", floor: "3" }
 */
export const ReportAttributeAnswers = z
  .record(ReportAttributeCode, ReportAttributeAnswer)
  .refine(
    (answers) => Object.keys(answers).length <= 30,
    bilingual("最多回答 30 项", "at most 30 answers"),
  );
/** A report's answers to its category's attributes, by attribute code. */
export type ReportAttributeAnswers = z.infer<typeof ReportAttributeAnswers>;

/** Why an answer does not fit its attribute. */
export type ReportAttributeProblemReason =
  | "unknown"
  | "required"
  | "not-asked"
  | "not-a-number"
  | "not-a-datetime"
  | "line-break"
  | "not-a-choice"
  | "one-choice-only";

/** An answer that does not fit its attribute, by the attribute's code. */
export interface ReportAttributeProblem {
  readonly code: string;
  readonly reason: ReportAttributeProblemReason;
}

const reasonTexts: Readonly<Record<ReportAttributeProblemReason, LocalizedText>> = {
  unknown: localized("该类别没有此属性", "the category asks no such attribute"),
  required: localized("必须填写", "an answer is required"),
  "not-asked": localized("仅作说明，不接受回答", "it only informs and takes no answer"),
  "not-a-number": localized("须为数字", "must be a number"),
  "not-a-datetime": localized(
    "须为带时区的 ISO 8601 时间",
    "must be an ISO 8601 date and time with its offset",
  ),
  "line-break": localized("不能换行", "must be one line"),
  "not-a-choice": localized("不是可选的选项", "is not one of its values"),
  "one-choice-only": localized("只能选一项", "takes one value only"),
};

/** The text of a problem's reason, in both languages. */
export const reportAttributeProblemText = (reason: ReportAttributeProblemReason): LocalizedText =>
  reasonTexts[reason];

const NUMBER = /^-?\d+(\.\d+)?$/;

const answerProblem = (
  attribute: ReportAttribute,
  answer: ReportAttributeAnswer,
): ReportAttributeProblemReason | undefined => {
  if (!attribute.variable) return "not-asked";
  const keys = new Set((attribute.values ?? []).map((value) => value.key));
  switch (attribute.datatype) {
    case "multivaluelist": {
      const chosen = typeof answer === "string" ? [answer] : answer;
      return chosen.every((key) => keys.has(key)) ? undefined : "not-a-choice";
    }
    case "singlevaluelist":
      if (typeof answer !== "string") return "one-choice-only";
      return keys.has(answer) ? undefined : "not-a-choice";
    case "number":
      return typeof answer === "string" && NUMBER.test(answer.trim()) ? undefined : "not-a-number";
    case "datetime":
      return typeof answer === "string" && Instant.safeParse(answer.trim()).success
        ? undefined
        : "not-a-datetime";
    case "string":
      if (typeof answer !== "string") return "one-choice-only";
      return /[\r\n]/.test(answer) ? "line-break" : undefined;
    case "text":
      return typeof answer === "string" ? undefined : "one-choice-only";
  }
};

const isBlank = (answer: ReportAttributeAnswer | undefined): boolean =>
  answer === undefined || (typeof answer === "string" && answer.trim() === "");

/**
 * Every way a report's answers do not fit its category's attributes, in the category's
 * order: an answer to no attribute, a required one missing, or an answer of the wrong
 * kind. Empty when they fit.
 *
 * @example
 * reportAttributeProblems(category, { hazard: "fire", floor: "three" });
 * // [{ code: "hazard", reason: "not-a-choice" }, { code: "floor", reason: "not-a-number" }]
 */
export const reportAttributeProblems = (
  category: Pick<ReportCategory, "attributes">,
  answers: ReportAttributeAnswers | undefined,
): ReportAttributeProblem[] => {
  const attributes = category.attributes ?? [];
  const given = answers ?? {};
  const problems: ReportAttributeProblem[] = [];
  for (const attribute of attributes) {
    const answer = Object.hasOwn(given, attribute.code) ? given[attribute.code] : undefined;
    if (answer === undefined || isBlank(answer)) {
      if (attribute.required) problems.push({ code: attribute.code, reason: "required" });
      continue;
    }
    const reason = answerProblem(attribute, answer);
    if (reason !== undefined) problems.push({ code: attribute.code, reason });
  }
  const asked = new Set(attributes.map((attribute) => attribute.code));
  for (const code of Object.keys(given)) {
    if (!asked.has(code)) problems.push({ code, reason: "unknown" });
  }
  return problems;
};

/**
 * A category's attributes in the order they are asked: by `order`, those without one by
 * their place in the list (as if numbered from 1), ties kept in list order.
 */
export const orderedReportAttributes = (
  category: Pick<ReportCategory, "attributes">,
): Array<ReportAttribute & { readonly order: number }> =>
  (category.attributes ?? [])
    .map((attribute, index) => ({ ...attribute, order: attribute.order ?? index + 1, index }))
    .sort((a, b) => a.order - b.order || a.index - b.index)
    .map(({ index: _index, ...attribute }) => attribute);
