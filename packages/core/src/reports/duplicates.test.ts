import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { toGcj02 } from "../kernel/geo.js";
import { ReportId } from "../kernel/ids.js";
import { addMillis, HOUR } from "../kernel/time.js";
import {
  type DuplicateCandidate,
  duplicateCandidateOf,
  duplicateHints,
  originalReportFacts,
} from "./duplicates.js";
import { initialReportState } from "./state.js";
import { NOW, POLICY, reportAfter, stepsTo } from "./testing/fixtures.js";
import { ReportStatus } from "./values.js";

const policy = POLICY.reports; // 100 m, 48 h
const here = { latitude: 30.7416, longitude: 121.3464, datum: "WGS-84" as const };
// About 11 metres north per 0.0001 degree of latitude.
const north = (metres: number) => ({ ...here, latitude: here.latitude + metres / 111_195 });

const candidate = (changes: Partial<DuplicateCandidate> = {}): DuplicateCandidate => ({
  reportId: ReportId.parse("r-0"),
  category: "river-patrol",
  point: here,
  observedAt: NOW,
  status: "accepted",
  ...changes,
});

const report = {
  reportId: ReportId.parse("r-1"),
  category: "river-patrol",
  point: here,
  observedAt: NOW,
};

describe("duplicateHints", () => {
  it("hints a report of the same category within the distance and the window", () => {
    const hints = duplicateHints(
      report,
      [candidate({ point: north(60), observedAt: addMillis(NOW, -47 * HOUR) })],
      policy,
    );
    expect(hints).toHaveLength(1);
    expect(hints[0]?.reportId).toBe("r-0");
    expect(hints[0]?.distanceMetres).toBeCloseTo(60, 0);
    expect(hints[0]?.hoursApart).toBe(47);
  });

  it("does not hint another category, a report too far, or one outside the window", () => {
    expect(duplicateHints(report, [candidate({ category: "noise" })], policy)).toEqual([]);
    expect(duplicateHints(report, [candidate({ point: north(150) })], policy)).toEqual([]);
    expect(
      duplicateHints(report, [candidate({ observedAt: addMillis(NOW, 49 * HOUR) })], policy),
    ).toEqual([]);
  });

  it("does not hint rejected reports nor the report itself", () => {
    expect(duplicateHints(report, [candidate({ status: "rejected" })], policy)).toEqual([]);
    expect(
      duplicateHints(report, [candidate({ reportId: ReportId.parse("r-1") })], policy),
    ).toEqual([]);
  });

  it("compares points across datums", () => {
    // The same place in GCJ-02 is hundreds of metres away in raw coordinates.
    const sameSpotGcj = toGcj02(north(20));
    const hints = duplicateHints(report, [candidate({ point: sameSpotGcj })], policy);
    expect(hints).toHaveLength(1);
    expect(hints[0]?.distanceMetres).toBeCloseTo(20, 0);
  });

  it("orders hints closest first", () => {
    const hints = duplicateHints(
      report,
      [
        candidate({ reportId: ReportId.parse("r-far"), point: north(80) }),
        candidate({ reportId: ReportId.parse("r-near"), point: north(10) }),
        candidate({ reportId: ReportId.parse("r-mid"), point: north(40) }),
      ],
      policy,
    );
    expect(hints.map((hint) => hint.reportId)).toEqual(["r-near", "r-mid", "r-far"]);
  });

  it("is symmetric and every hint lies within the policy's limits (property)", () => {
    const arbitraryCandidate = fc.record({
      reportId: fc.stringMatching(/^r-[a-z0-9]{1,6}$/).map((id) => ReportId.parse(id)),
      category: fc.constantFrom("river-patrol", "noise"),
      point: fc.record({
        latitude: fc.double({ min: 30.74, max: 30.745, noNaN: true }),
        longitude: fc.double({ min: 121.346, max: 121.351, noNaN: true }),
        datum: fc.constantFrom("WGS-84" as const, "GCJ-02" as const),
      }),
      observedAt: fc.integer({ min: -96, max: 96 }).map((hours) => addMillis(NOW, hours * HOUR)),
      status: fc.constantFrom(...ReportStatus.options.filter((status) => status !== "rejected")),
    });
    fc.assert(
      fc.property(arbitraryCandidate, arbitraryCandidate, (a, b) => {
        fc.pre(a.reportId !== b.reportId);
        const fromA = duplicateHints(a, [b], policy);
        const fromB = duplicateHints(b, [a], policy);
        expect(fromA.length).toBe(fromB.length);
        for (const hint of fromA) {
          expect(hint.distanceMetres).toBeLessThanOrEqual(policy.duplicateRadiusMetres);
          expect(hint.hoursApart).toBeLessThanOrEqual(policy.duplicateWindowHours);
          expect(a.category).toBe(b.category);
        }
      }),
    );
  });
});

describe("duplicateCandidateOf and originalReportFacts", () => {
  it("derive what the hint and MarkReportDuplicate need from a report's state", () => {
    const state = reportAfter(stepsTo.accepted());
    expect(duplicateCandidateOf(state)).toMatchObject({
      reportId: "r-1",
      category: "river-patrol",
      status: "accepted",
    });
    expect(originalReportFacts(state)).toEqual({
      reportId: "r-1",
      reporterId: "c-1",
      category: "river-patrol",
      status: "accepted",
      verified: true,
    });
    expect(originalReportFacts(reportAfter(stepsTo.submitted()))?.verified).toBe(false);
    expect(duplicateCandidateOf(initialReportState())).toBeUndefined();
    expect(originalReportFacts(initialReportState())).toBeUndefined();
  });
});
