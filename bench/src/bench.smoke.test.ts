import { describe, expect, it } from "vitest";
import { runScenarios, type ScenarioOutcome } from "./run.js";
import type { BenchServers } from "./scenario.js";
import { raceSizes } from "./scenarios/redemption-race.js";
import { allScenarios } from "./scenarios.js";

/*
 * Every scenario of `npm run bench` at the smoke size, once: each must return rows whose
 * figures are finite numbers, and the redemption race must hold exactly k on each store.
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
