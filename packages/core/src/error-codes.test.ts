import { describe, expect, it } from "vitest";
import * as core from "./index.js";
import { errorStatuses } from "./kernel/errors.js";

/** Every error class core exports: a constructor with a static tag and code. */
const errorClasses = Object.entries(core).flatMap(([name, value]) => {
  if (typeof value !== "function") return [];
  const candidate = value as unknown as {
    readonly tag?: unknown;
    readonly code?: unknown;
    readonly httpStatus?: unknown;
  };
  return typeof candidate.tag === "string" && typeof candidate.code === "string"
    ? [{ name, tag: candidate.tag, code: candidate.code, httpStatus: candidate.httpStatus }]
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

  it("each state the HTTP-like status they are answered with", () => {
    const without = errorClasses.filter(
      (error) => !(errorStatuses as ReadonlyArray<unknown>).includes(error.httpStatus),
    );
    expect(without.map((error) => error.name)).toEqual([]);
  });

  it("answer what is not found with 404, an id or key already taken with 409, access with 403", () => {
    const statusOf = (code: string) =>
      errorClasses.find((error) => error.code === code)?.httpStatus;
    for (const error of errorClasses) {
      if (error.code.endsWith(".not_found")) expect(error.httpStatus, error.name).toBe(404);
      if (/\.already_(registered|submitted|planned|opened|published)$/.test(error.code)) {
        expect(error.httpStatus, error.name).toBe(409);
      }
      if (error.code.startsWith("access.")) expect(error.httpStatus, error.name).toBe(403);
      if (error.code.startsWith("input.")) expect(error.httpStatus, error.name).toBe(400);
    }
    expect(statusOf("courier.already_registered")).toBe(409);
    expect(statusOf("courier.mobile_already_registered")).toBe(409);
    expect(statusOf("command.id_conflict")).toBe(409);
    expect(statusOf("policy.invalid")).toBe(400);
    expect(statusOf("report.transition_not_allowed")).toBe(422);
  });

  it("carry the status on every instance, and keep it out of the error report's details", () => {
    const error = new core.CourierNotFound({ courierId: "c-1" });
    expect(error.httpStatus).toBe(404);
    expect(core.toErrorReport(error).details).toEqual({ courierId: "c-1" });
  });
});
