import { describe, expect, it } from "vitest";
import * as core from "./index.js";

/** Every error class core exports: a constructor with a static tag and code. */
const errorClasses = Object.entries(core).flatMap(([name, value]) => {
  if (typeof value !== "function") return [];
  const candidate = value as unknown as { readonly tag?: unknown; readonly code?: unknown };
  return typeof candidate.tag === "string" && typeof candidate.code === "string"
    ? [{ name, tag: candidate.tag, code: candidate.code }]
    : [];
});

describe("the error codes core publishes", () => {
  it("finds the error classes of every area", () => {
    expect(errorClasses.length).toBeGreaterThan(100);
    const areas = new Set(errorClasses.map((error) => error.code.split(".")[0]));
    for (const area of ["access", "command", "input", "points", "policy", "courier", "station"]) {
      expect(areas).toContain(area);
    }
    for (const area of ["community", "activity", "patrol", "report", "suggestion"]) {
      expect(areas).toContain(area);
    }
  });

  it("are area.snake_case, each class its own code, tagged with its exported name", () => {
    for (const error of errorClasses) {
      expect(error.code, error.name).toMatch(/^[a-z][a-z0-9]*\.[a-z][a-z0-9_]*$/);
      expect(error.tag, error.name).toBe(error.name);
    }
    const byCode = new Map<string, string[]>();
    for (const error of errorClasses) {
      byCode.set(error.code, [...(byCode.get(error.code) ?? []), error.name]);
    }
    const shared = [...byCode].filter(([, names]) => names.length > 1);
    expect(shared).toEqual([]);
  });
});
