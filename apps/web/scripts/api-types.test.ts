import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";

/*
 * The committed `src/api/schema.d.ts` is what the generator writes from the gateway's
 * OpenAPI document today: a route or schema the gateway changed without regenerating
 * the pages' types fails here (and the build regenerates it).
 */
it("the pages' API types are the gateway's current OpenAPI document", () => {
  const web = join(import.meta.dirname, "..");
  const generated = execFileSync(
    process.execPath,
    [join(web, "scripts", "generate-api-types.mjs"), "--stdout"],
    { cwd: web, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 },
  );
  const committed = readFileSync(join(web, "src", "api", "schema.d.ts"), "utf8");
  expect(generated === committed, "run npm run generate:api -w @courier-station/web").toBe(true);
}, 120_000);
