import { distanceInMetres, type GeoPoint } from "../kernel/geo.js";
import type { CourierId, ReportId } from "../kernel/ids.js";
import { HOUR, type Instant, millisOf } from "../kernel/time.js";
import type { ReportPolicy } from "../policy/sections/reports.js";
import type { OriginalReportFacts } from "./decide.js";
import { isSubmitted, type ReportState } from "./state.js";
import type { ReportStatus } from "./values.js";

/** What the duplicate hint needs to know of a report (the service keeps it in a read model). */
export interface DuplicateCandidate {
  readonly reportId: ReportId;
  readonly category: string;
  readonly point: GeoPoint;
  readonly observedAt: Instant;
  readonly status: ReportStatus;
}

/** A report that may describe the same problem, with how far and how long apart. */
export interface DuplicateHint {
  readonly reportId: ReportId;
  readonly status: ReportStatus;
  readonly distanceMetres: number;
  readonly hoursApart: number;
}

/**
 * The reports that may describe the same problem as `report`: the same category, within
 * the policy's `duplicateRadiusMetres` and `duplicateWindowHours` (either side of the
 * observation), closest first. Rejected reports are left out (a duplicate links to a real
 * original), and so is the report itself. Points may be in WGS-84 or GCJ-02.
 *
 * It is a hint for staff: marking a duplicate is their decision (`MarkReportDuplicate`).
 *
 * @example
 * const hints = duplicateHints(duplicateCandidateOf(report), nearbyReports, policy.reports);
 * // [{ reportId: "r-7", status: "accepted", distanceMetres: 42.1, hoursApart: 3.5 }]
 */
export const duplicateHints = (
  report: Pick<DuplicateCandidate, "reportId" | "category" | "point" | "observedAt">,
  candidates: Iterable<DuplicateCandidate>,
  policy: Pick<ReportPolicy, "duplicateRadiusMetres" | "duplicateWindowHours">,
): DuplicateHint[] => {
  const hints: DuplicateHint[] = [];
  const observed = millisOf(report.observedAt);
  for (const candidate of candidates) {
    if (candidate.reportId === report.reportId) continue;
    if (candidate.category !== report.category || candidate.status === "rejected") continue;
    const hoursApart = Math.abs(millisOf(candidate.observedAt) - observed) / HOUR;
    if (hoursApart > policy.duplicateWindowHours) continue;
    const distanceMetres = distanceInMetres(report.point, candidate.point);
    if (distanceMetres > policy.duplicateRadiusMetres) continue;
    hints.push({
      reportId: candidate.reportId,
      status: candidate.status,
      distanceMetres,
      hoursApart,
    });
  }
  return hints.sort(
    (a, b) =>
      a.distanceMetres - b.distanceMetres ||
      a.hoursApart - b.hoursApart ||
      a.reportId.localeCompare(b.reportId),
  );
};

/**
 * The duplicate hint's view of a report's state; `undefined` before it is submitted, and
 * for a report located by an address only (no point to measure a distance from).
 */
export const duplicateCandidateOf = (state: ReportState): DuplicateCandidate | undefined =>
  isSubmitted(state) && state.location.point !== undefined
    ? {
        reportId: state.reportId,
        category: state.category,
        point: state.location.point,
        observedAt: state.observedAt,
        status: state.status,
      }
    : undefined;

/**
 * The facts `MarkReportDuplicate` needs about an original report, from its state, with
 * the couriers already credited as its corroborators if the service knows them.
 *
 * @example
 * const facts = originalReportFacts(originalState, corroboratorsOf(originalId));
 */
export const originalReportFacts = (
  state: ReportState,
  corroboratorIds?: ReadonlyArray<CourierId>,
): OriginalReportFacts | undefined =>
  isSubmitted(state)
    ? {
        reportId: state.reportId,
        reporterId: state.reporterId,
        category: state.category,
        status: state.status,
        verified: state.verifiedAt !== undefined,
        ...(corroboratorIds === undefined ? {} : { corroboratorIds }),
      }
    : undefined;
