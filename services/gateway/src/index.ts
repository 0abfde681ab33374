/**
 * Courier Station's HTTP gateway: the services' bus contracts as a REST API.
 *
 * @packageDocumentation
 */

/** The name the gateway reports itself by in logs and health checks. */
export const gatewayName = "gateway";
