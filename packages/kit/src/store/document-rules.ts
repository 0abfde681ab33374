import { type InputIssue, type LocalizedText, localized } from "@courier-station/core";

/*
 * The rules a value must follow to be stored by every adapter alike. They are the
 * MongoDB wire subset FerretDB accepts (no `.` or leading `$` in keys, no NUL
 * characters, no NaN or ±Infinity, no arrays directly inside arrays) plus plain JSON
 * (what SQLite keeps as text): so a state or an event the memory store takes in a unit
 * test is one MongoDB takes in production.
 */

/** The deepest nesting of objects and arrays a stored value may have. */
export const maximumDocumentDepth = 64;

const issue = (
  path: ReadonlyArray<string | number>,
  code: string,
  message: LocalizedText,
): InputIssue => ({ path: [...path], field: path.map(String).join("."), code, message });

const isPlainObject = (value: object): boolean => {
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === Object.prototype || prototype === null;
};

/**
 * The problems that keep a value from being stored, each with its path and a message
 * in zh-CN and en; empty when the value can be stored.
 *
 * @example
 * findDocumentProblems({ "a.b": 1, list: [[1]] });
 * // [{ field: "a.b", code: "forbidden_key", … }, { field: "list.0", code: "nested_array", … }]
 */
export const findDocumentProblems = (value: unknown): InputIssue[] => {
  const issues: InputIssue[] = [];
  // One path for the whole walk, grown and shrunk as it goes down and back, and copied
  // only into an issue: a copy per key made garbage in proportion to every stored value.
  const visit = (
    current: unknown,
    path: Array<string | number>,
    depth: number,
    inArray: boolean,
  ): void => {
    if (issues.length >= 20) return;
    switch (typeof current) {
      case "string":
        if (current.includes("\u0000")) {
          issues.push(
            issue(
              path,
              "nul_character",
              localized("文本不能包含 NUL 字符", "text must not contain NUL characters"),
            ),
          );
        }
        return;
      case "number":
        if (!Number.isFinite(current)) {
          issues.push(
            issue(
              path,
              "not_finite",
              localized(
                "数值须为有限数（不能是 NaN 或无穷大）",
                "a number must be finite (not NaN or Infinity)",
              ),
            ),
          );
        }
        return;
      case "boolean":
        return;
      case "object":
        break;
      default:
        issues.push(
          issue(
            path,
            "not_json",
            localized(
              `不能保存 ${typeof current} 类型的值（只允许 JSON 值）`,
              `a ${typeof current} value cannot be stored (JSON values only)`,
            ),
          ),
        );
        return;
    }
    if (current === null) return;
    if (depth >= maximumDocumentDepth) {
      issues.push(
        issue(
          path,
          "too_deep",
          localized(
            `嵌套过深：最多 ${maximumDocumentDepth} 层`,
            `nested too deeply: at most ${maximumDocumentDepth} levels`,
          ),
        ),
      );
      return;
    }
    if (Array.isArray(current)) {
      if (inArray) {
        issues.push(
          issue(
            path,
            "nested_array",
            localized(
              "数组不能直接嵌套数组（请改用对象包裹）",
              "an array cannot hold an array directly (wrap it in an object)",
            ),
          ),
        );
        return;
      }
      for (let index = 0; index < current.length; index++) {
        const entry: unknown = current[index];
        if (entry === undefined) {
          issues.push(
            issue(
              [...path, index],
              "not_json",
              localized("数组元素不能是 undefined", "an array element cannot be undefined"),
            ),
          );
          continue;
        }
        path.push(index);
        visit(entry, path, depth + 1, true);
        path.pop();
      }
      return;
    }
    if (!isPlainObject(current)) {
      const name = (current as { constructor?: { name?: unknown } }).constructor?.name;
      issues.push(
        issue(
          path,
          "not_json",
          localized(
            `不能保存 ${String(name ?? "object")} 对象（只允许普通 JSON 对象）`,
            `a ${String(name ?? "object")} cannot be stored (plain JSON objects only)`,
          ),
        ),
      );
      return;
    }
    for (const key of Object.keys(current)) {
      if (
        key === "" ||
        key === "__proto__" ||
        key.startsWith("$") ||
        key.includes(".") ||
        key.includes("\u0000")
      ) {
        issues.push(
          issue(
            [...path, key],
            "forbidden_key",
            localized(
              `键名不能为空、不能以“$”开头、不能包含“.”或 NUL 字符，也不能是 __proto__：“${key.slice(0, 40)}”`,
              `a key must not be empty, start with "$", contain "." or NUL, or be __proto__: "${key.slice(0, 40)}"`,
            ),
          ),
        );
        continue;
      }
      const entry = (current as Record<string, unknown>)[key];
      // An undefined property is left out, as JSON and the MongoDB driver (ignoreUndefined) do.
      if (entry === undefined) continue;
      path.push(key);
      visit(entry, path, depth + 1, false);
      path.pop();
    }
  };
  visit(value, [], 0, false);
  return issues;
};
