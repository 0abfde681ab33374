import { describe, expect, it } from "vitest";
import { runScenarios, type ScenarioOutcome } from "./run.js";
import type { BenchServers } from "./scenario.js";
import { httpSizes } from "./scenarios/http.js";
import { raceSizes } from "./scenarios/redemption-race.js";
import { allScenarios } from "./scenarios.js";

/*
 * Every scenario of `npm run bench` at the smoke size, once: each must return rows whose
 * figures are finite numbers, the redemption race must hold exactly k on each store, and
 * every check-in the gateway answered 2xx must be stored.
 */

const servers = (): BenchServers => ({
  ...(process.env.NATS_URL ? { natsUrl: process.env.NATS_URL } : {}),
  ...(process.env.MONGODB_URI ? { mongodbUri: process.env.MONGODB_URI } : {}),
});

describe("npm run bench at the smoke size", () => {
  const outcomes = new Map<string, ScenarioOutcome>();

  it.each(allScenarios.map((scenario) => [scenario.name, scenario] as const))(
    "%s returns rows with finite figures",
    async (_name, scenario) => {
      const [outcome] = await runScenarios([scenario], {
        size: "smoke",
        repeats: 1,
        servers: servers(),
        progress: () => undefined,
      });
      if (outcome !== undefined) outcomes.set(scenario.name, outcome);
      expect(outcome?.failure).toBeUndefined();
      expect(outcome?.rows.length).toBeGreaterThan(0);
      for (const row of outcome?.rows ?? []) {
        expect(row.scenario).toBe(scenario.name);
        // A stack that could not complete its part is a row that says so; at smoke size none may.
        if (row.goal === "completes") expect(row.met, `${row.measure}: ${row.note}`).toBe(true);
        for (const figure of [
          row.value.median,
          row.value.min,
          row.value.max,
          ...row.value.samples,
        ]) {
          expect(Number.isFinite(figure), `${row.measure}: ${figure}`).toBe(true);
        }
      }
    },
  );

  it("http: every courier's check-in is answered 2xx and read back from the activity's roster, none refused", async () => {
    const rows = outcomes.get("http")?.rows ?? [];
    const row = (start: string) => rows.find((candidate) => candidate.measure.startsWith(start));
    const everyCourier = [httpSizes.smoke.couriers];
    expect(row("check-ins answered 2xx")?.value.samples).toEqual(everyCourier);
    expect(row("check-ins stored per repeat")?.value.samples).toEqual(everyCourier);
    expect(row("check-ins stored per repeat")?.met).toBe(true);
    expect(row("write non-2xx and errors")?.value.samples).toEqual([0]);
    expect(row("read non-2xx and errors")?.value.samples).toEqual([0]);
    expect(row("read (a courier's balance) req/s")?.value.median).toBeGreaterThan(0);
  });

  it("the redemption race holds exactly k of the racers on the SQLite store and the MongoDB wire server", async () => {
    const outcome = outcomes.get("redemption-race");
    const held = (outcome?.rows ?? []).filter((row) => row.measure.startsWith("held of"));
    expect(held.map((row) => row.measure)).toEqual([
      expect.stringContaining("SQLite"),
      expect.stringContaining("MongoDB"),
    ]);
    const covered = [raceSizes.smoke.embedded.covered, raceSizes.smoke["nats-mongodb"].covered];
    for (const [index, row] of held.entries()) {
      expect(row.value.samples).toEqual([covered[index]]);
      expect(row.met).toBe(true);
    }
  });
});
