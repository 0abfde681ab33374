import type { BenchContext, BenchRow, BenchServers, BenchSize, Scenario } from "./scenario.js";

/** What one scenario of a run gave: its rows, or the failure that stopped it. */
export interface ScenarioOutcome {
  readonly scenario: string;
  readonly seconds: number;
  readonly rows: readonly BenchRow[];
  readonly failure?: string;
}

/** Whether the scenarios need the servers (a scenario that does not say may need them). */
export const needsServers = (scenarios: readonly Scenario[]): boolean =>
  scenarios.some((scenario) => scenario.needs === undefined || scenario.needs.length > 0);

/**
 * Runs the scenarios one after another (never two at once, so they do not share the
 * cores), catching a failure so the others still run; a failed scenario has no rows.
 */
export async function runScenarios(
  scenarios: readonly Scenario[],
  options: {
    readonly size: BenchSize;
    readonly repeats: number;
    readonly servers: BenchServers;
    readonly progress: (line: string) => void;
  },
): Promise<readonly ScenarioOutcome[]> {
  const outcomes: ScenarioOutcome[] = [];
  for (const scenario of scenarios) {
    const context: BenchContext = {
      size: options.size,
      repeats: options.repeats,
      servers: options.servers,
      progress: (line) => options.progress(`[${scenario.name}] ${line}`),
    };
    options.progress(`[${scenario.name}] ${scenario.title}`);
    const began = performance.now();
    try {
      const rows = await scenario.run(context);
      outcomes.push({
        scenario: scenario.name,
        seconds: (performance.now() - began) / 1_000,
        rows,
      });
    } catch (error) {
      const failure = error instanceof Error ? (error.stack ?? error.message) : String(error);
      options.progress(`[${scenario.name}] FAILED: ${failure}`);
      outcomes.push({
        scenario: scenario.name,
        seconds: (performance.now() - began) / 1_000,
        rows: [],
        failure,
      });
    }
  }
  return outcomes;
}
