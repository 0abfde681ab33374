import { errorStatuses } from "@courier-station/core";
import { describe, expect, it } from "vitest";
import * as wishes from "./index.js";

/** Every error class the package exports: a constructor with a static tag and code. */
const errorClasses = Object.entries(wishes).flatMap(([name, value]) => {
  if (typeof value !== "function") return [];
  const candidate = value as unknown as {
    readonly tag?: unknown;
    readonly code?: unknown;
    readonly httpStatus?: unknown;
  };
  return typeof candidate.tag === "string" && typeof candidate.code === "string"
    ? [{ name, code: candidate.code, httpStatus: candidate.httpStatus }]
    : [];
});

describe("the error classes wishes publishes", () => {
  it("are found", () => {
    expect(errorClasses.length).toBeGreaterThan(50);
  });

  it("each state the HTTP-like status they are answered with", () => {
    const without = errorClasses.filter(
      (error) => !(errorStatuses as ReadonlyArray<unknown>).includes(error.httpStatus),
    );
    expect(without.map((error) => error.name)).toEqual([]);
  });

  it("answer what is not found with 404 and an id already taken with 409", () => {
    for (const error of errorClasses) {
      if (error.code.endsWith("not_found")) expect(error.httpStatus, error.name).toBe(404);
      if (/\.(already_(registered|exists|listed)|[a-z_]*id_taken)$/.test(error.code)) {
        expect(error.httpStatus, error.name).toBe(409);
      }
    }
  });
});
