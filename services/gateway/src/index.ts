/**
 * Courier Station's HTTP gateway (a private workspace): the services' bus contracts as a
 * REST API under `/v1/communities/{community}`, sign-in (couriers by mobile number and a
 * one-time code, others by password, or a district's JWTs), RFC 9457 problem details, an
 * OpenAPI 3.1 document, photos and Open311 GeoReport v2. It holds no domain rule.
 *
 * @packageDocumentation
 */
export { mountContractRoutes } from "./api/contract-routes.js";
export { commandIdFor, idempotencyRecords } from "./api/idempotency.js";
export {
  gatewayCommandPermissions,
  type HttpRoute,
  routesOf,
  type ServedContract,
  servedContracts,
} from "./api/route-table.js";
export { type GatewayApp, type GatewayOptions, gatewayApp } from "./app.js";
export {
  AccountExists,
  courierAccountFor,
  createPasswordAccount,
  createStaffAccount,
  disableAccount,
  type GatewayAccount,
  gatewayAccounts,
  type NewPasswordAccount,
} from "./auth/accounts.js";
export type { SignInSettings } from "./auth/auth-routes.js";
export { type CreateStaffRequest, createStaff, createStaffRequestOf } from "./auth/create-staff.js";
export {
  loggingSmsSender,
  mobileKeyOf,
  type OneTimeCodeSettings,
  type SmsSender,
} from "./auth/one-time-codes.js";
export { hashPassword, verifyPassword } from "./auth/passwords.js";
export {
  type ExternalIdentityProvider,
  type IssuedTokens,
  revokeAccountSessions,
  type TokenSettings,
  tokenVerifier,
} from "./auth/tokens.js";
export { readiness } from "./health.js";
export { type Problem, problemMediaType } from "./http/problem.js";
export { HttpRefusal } from "./http/refusal.js";
export { gridFsMediaStore } from "./media/gridfs-media-store.js";
export { maximumPhotoBytes, reencodePhoto } from "./media/media-routes.js";
export { fileMediaStore, type MediaStore, type StoredPhoto } from "./media/media-store.js";
export { type Open311Settings, open311Error } from "./open311/open311-routes.js";
export { gatewayDocument } from "./openapi/document.js";
export { gatewaySessionsService } from "./sessions-service.js";
export {
  gatewayOptionsFor,
  type RunningGateway,
  type StartGatewayOptions,
  serveGateway,
  startGateway,
} from "./start.js";
