import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { publicRoutesOf } from "../api/public-routes.js";
import { routesOf, servedContracts } from "../api/route-table.js";
import { gatewayDocument } from "./document.js";

/**
 * Writes the gateway's OpenAPI document (every feature on) to a file, for linting
 * (`npm run lint:openapi -w @courier-station/service-gateway`) and for the docs.
 */
const target = process.argv[2] ?? "dist/openapi.json";
mkdirSync(dirname(target), { recursive: true });
writeFileSync(
  target,
  `${JSON.stringify(
    gatewayDocument(
      routesOf(servedContracts),
      { open311: true, media: true },
      publicRoutesOf(servedContracts),
    ),
    null,
    2,
  )}\n`,
);
process.stdout.write(`wrote ${target}\n`);
