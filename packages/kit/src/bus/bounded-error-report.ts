import type { DomainErrorReport } from "@courier-station/core";

/** The most characters of detail (strings, keys, numbers) one error report carries. */
export const maxErrorDetailCharacters = 10_000;

// Each language of the message, a code or tag, one string, one key: at most so long.
const maxMessageLength = 1_000;
const maxNameLength = 100;
const maxStringLength = 500;
const maxKeyLength = 64;
// Entries of one array or object, and levels of nesting, that a report keeps.
const maxEntries = 50;
const maxDepth = 8;
// What a value that is not a string costs of the budget, so many small values run it out too.
const entryCost = 8;

const shortened = (text: string, limit: number): string => {
  if (text.length <= limit) return text;
  let end = Math.max(0, limit - 1);
  const last = text.charCodeAt(end - 1);
  // Never cut between the two halves of a surrogate pair.
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return `${text.slice(0, end)}…`;
};

/**
 * An error report cut to a fixed size, whatever the error carries: each language of the
 * message at most 1,000 characters, and the details within a budget of
 * {@link maxErrorDetailCharacters} (strings cut to 500, at most 50 entries an array or
 * object and 8 levels; what is left out is counted: `"… 4950 more"`). Every reply,
 * fault and dead letter of the bus goes through it, so no reply grows with a request.
 *
 * @example
 * boundedErrorReport(toErrorReport(error)); // the same report when it is small
 */
export const boundedErrorReport = (report: DomainErrorReport): DomainErrorReport => {
  let budget = maxErrorDetailCharacters;
  const bounded = (value: unknown, depth: number): unknown => {
    if (typeof value === "string") {
      const text = shortened(value, Math.min(maxStringLength, Math.max(1, budget)));
      budget -= Math.max(entryCost, text.length);
      return text;
    }
    budget -= entryCost;
    if (typeof value === "number" || typeof value === "boolean" || value === null) return value;
    // Anything JSON cannot carry (a bigint, a function) becomes its description.
    if (typeof value !== "object") return value === undefined ? undefined : typeof value;
    if (depth >= maxDepth) return "…";
    if (Array.isArray(value)) {
      const entries: unknown[] = [];
      for (const entry of value) {
        if (entries.length >= maxEntries || budget <= 0) {
          entries.push(`… ${value.length - entries.length} more`);
          break;
        }
        entries.push(bounded(entry, depth + 1));
      }
      return entries;
    }
    const fields: Record<string, unknown> = {};
    const keys = Object.keys(value);
    let kept = 0;
    for (const key of keys) {
      if (kept >= maxEntries || budget <= 0) {
        fields["…"] = `${keys.length - kept} more`;
        break;
      }
      const name = shortened(key, maxKeyLength);
      budget -= name.length;
      fields[name] = bounded((value as Record<string, unknown>)[key], depth + 1);
      kept += 1;
    }
    return fields;
  };
  return {
    code: shortened(report.code, maxNameLength),
    tag: shortened(report.tag, maxNameLength),
    message: {
      "zh-CN": shortened(report.message["zh-CN"], maxMessageLength),
      en: shortened(report.message.en, maxMessageLength),
    },
    details: bounded(report.details, 0) as Record<string, unknown>,
  };
};
