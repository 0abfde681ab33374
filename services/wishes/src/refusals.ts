import { isDomainError } from "@courier-station/core";

/**
 * Failures that pass: the store or the bus is busy or away, another writer kept winning,
 * another service answered with a fault. Trying again later may succeed.
 */
const passingTags: ReadonlySet<string> = new Set([
  "StoreUnavailable",
  "StoreCorrupt",
  "VersionConflict",
  "RevisionConflict",
  "BusUnavailable",
  "BusTimeout",
  "NoResponders",
  "ReplyInvalid",
  "ServiceStopping",
  "InternalFault",
]);

/**
 * Whether a failure is a refusal that will not change by trying again: a domain error
 * that is not a passing failure of the store or the bus, nor a remote fault (5xx).
 *
 * @example
 * if (!isLastingRefusal(error)) return yield* Effect.fail(error); // redelivered later
 */
export const isLastingRefusal = (error: unknown): boolean => {
  if (!isDomainError(error) || passingTags.has(error._tag)) return false;
  const status = (error as { readonly status?: unknown }).status;
  return !(typeof status === "number" && status >= 500);
};
