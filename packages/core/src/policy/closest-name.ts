import { type LocalizedText, localized } from "../kernel/localized-text.js";

/**
 * The edit distance (Levenshtein: insertions, deletions, substitutions) between two
 * names, by the classic two-row dynamic programme. Written here rather than taken from
 * a package: it is a dozen lines, the names are short ids (at most 40 characters) and
 * the lists a handful to a hundred, and a pure package should not grow a dependency
 * for a suggestion in an error message.
 */
const editDistance = (from: string, to: string): number => {
  let previous = Array.from({ length: to.length + 1 }, (_, index) => index);
  for (let row = 1; row <= from.length; row++) {
    const current = [row];
    for (let column = 1; column <= to.length; column++) {
      const substitution = from[row - 1] === to[column - 1] ? 0 : 1;
      current[column] = Math.min(
        (previous[column] ?? 0) + 1,
        (current[column - 1] ?? 0) + 1,
        (previous[column - 1] ?? 0) + substitution,
      );
    }
    previous = current;
  }
  return previous[to.length] ?? 0;
};

// Longer names than ids are never compared: the suggestion is for a typo, not an essay.
const maxComparedLength = 64;

/**
 * The name among `names` closest to `name` when it is close enough to be a typo of it
 * (at most two edits, or a third of its length for longer names), else `undefined`.
 * Ties go to the earlier name.
 *
 * @example
 * closestName("volunteerin", ["volunteering", "learning-session"]); // "volunteering"
 * closestName("gardening", ["volunteering", "learning-session"]); // undefined
 */
export const closestName = (name: string, names: ReadonlyArray<string>): string | undefined => {
  if (name.length > maxComparedLength) return undefined;
  const allowed = Math.max(2, Math.floor(name.length / 3));
  let closest: string | undefined;
  let closestDistance = allowed + 1;
  for (const candidate of names) {
    if (candidate.length > maxComparedLength) continue;
    const distance = editDistance(name.toLowerCase(), candidate.toLowerCase());
    if (distance < closestDistance) {
      closest = candidate;
      closestDistance = distance;
    }
  }
  return closest;
};

/** What a list of names names, in both languages, for {@link unknownNameText}. */
export interface NameKind {
  /** As in `没有这种${zhCN}` (`活动类型`). */
  readonly zhCN: string;
  /** As in `not ${en}` (`an activity kind`). */
  readonly en: string;
}

// A message names at most so many of the names there are.
const maxNamesShown = 10;

/**
 * The message for a name that is not one of `names`: the closest name as a suggestion
 * when there is one (see {@link closestName}), else the names there are.
 *
 * @example
 * unknownNameText({ zhCN: "活动类型", en: "an activity kind" }, "volunteerin", activityKinds);
 * // { "zh-CN": "没有这种活动类型；是否为“volunteering”？",
 * //   en: 'not an activity kind; did you mean "volunteering"?' }
 */
export const unknownNameText = (
  kind: NameKind,
  name: string,
  names: ReadonlyArray<string>,
): LocalizedText => {
  const closest = closestName(name, names);
  if (closest !== undefined) {
    return localized(
      `没有这种${kind.zhCN}；是否为“${closest}”？`,
      `not ${kind.en}; did you mean "${closest}"?`,
    );
  }
  const shown = names.slice(0, maxNamesShown);
  const more = names.length > shown.length ? "…" : "";
  return localized(
    `没有这种${kind.zhCN}；可用的有：${shown.join("、")}${more}`,
    `not ${kind.en}; one of: ${shown.join(", ")}${more}`,
  );
};
