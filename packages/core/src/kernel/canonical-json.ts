/**
 * Canonical JSON: the same value always gives the same text, whatever the order its
 * object keys were written in. Used to compare a re-sent command with the first one.
 *
 * @example
 * canonicalJson({ b: 1, a: [2, { d: 3, c: 4 }] }); // '{"a":[2,{"c":4,"d":3}],"b":1}'
 */
export const canonicalJson = (value: unknown): string => JSON.stringify(sortKeys(value));

const sortKeys = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value === "object" && value !== null) {
    const sorted: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const entry = (value as Record<string, unknown>)[key];
      if (entry !== undefined) sorted[key] = sortKeys(entry);
    }
    return sorted;
  }
  return value;
};

/**
 * The path of the first place where two JSON-like values differ, or `undefined` when
 * they are equal. Paths are dotted (`data.items.2.name`); the root is `""`.
 *
 * @example
 * firstDifference({ data: { amount: 5 } }, { data: { amount: 6 } }); // "data.amount"
 */
export const firstDifference = (a: unknown, b: unknown, path = ""): string | undefined => {
  // `===` and not `Object.is`: JSON writes 0 and -0 alike, so they are the same value.
  if (a === b || Object.is(a, b)) return undefined;
  const join = (key: string | number) => (path === "" ? String(key) : `${path}.${key}`);
  if (Array.isArray(a) && Array.isArray(b)) {
    const length = Math.max(a.length, b.length);
    for (let index = 0; index < length; index++) {
      // An entry one array lacks is a difference even if the other holds `undefined`.
      if (index >= a.length || index >= b.length) return join(index);
      const difference = firstDifference(a[index], b[index], join(index));
      if (difference !== undefined) return difference;
    }
    return undefined;
  }
  if (
    typeof a === "object" &&
    a !== null &&
    typeof b === "object" &&
    b !== null &&
    !Array.isArray(a) &&
    !Array.isArray(b)
  ) {
    const left = a as Record<string, unknown>;
    const right = b as Record<string, unknown>;
    const keys = [...new Set([...Object.keys(left), ...Object.keys(right)])].sort();
    for (const key of keys) {
      const difference = firstDifference(left[key], right[key], join(key));
      if (difference !== undefined) return difference;
    }
    return undefined;
  }
  return path;
};
