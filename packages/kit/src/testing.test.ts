import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

/*
 * `@courier-station/kit/testing` as an adopter uses it: a test file that imports only the
 * package's public entries (`scripts/fixtures/adopter-adapters.contract.ts`) runs in a
 * vitest of its own, once with adapters that keep the contracts and once with a store
 * that lets the last writer win. The suites must pass the first and fail the second
 * exactly where it breaks the contract.
 */

const fixtures = resolve(dirname(fileURLToPath(import.meta.url)), "../scripts/fixtures");
const vitestCli = join(
  dirname(createRequire(import.meta.url).resolve("vitest/package.json")),
  "vitest.mjs",
);

interface AssertionResult {
  readonly fullName: string;
  readonly status: string;
}

interface JsonReport {
  readonly numTotalTests: number;
  readonly numPassedTests: number;
  readonly numFailedTests: number;
  readonly testResults: ReadonlyArray<{ readonly assertionResults: AssertionResult[] }>;
}

interface FixtureRun {
  readonly exitCode: number;
  readonly report: JsonReport;
  readonly output: string;
}

let reports: string;

beforeAll(async () => {
  reports = await mkdtemp(join(tmpdir(), "kit-testing-entry-"));
});

afterAll(async () => {
  await rm(reports, { recursive: true, force: true });
});

/** Runs the adopter's test file in a vitest of its own with `ADAPTER=adapter`. */
const runFixture = async (adapter: string): Promise<FixtureRun> => {
  const outputFile = join(reports, `${adapter}.json`);
  // The child is a vitest run of its own, not a worker of this one.
  const environment = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith("VITEST")),
  );
  const { exitCode, output } = await new Promise<{ exitCode: number; output: string }>((settle) => {
    execFile(
      process.execPath,
      [
        vitestCli,
        "run",
        "--config",
        "vitest.config.ts",
        "--reporter=json",
        `--outputFile=${outputFile}`,
      ],
      {
        cwd: fixtures,
        env: { ...environment, ADAPTER: adapter },
        timeout: 120_000,
        maxBuffer: 16 * 1024 * 1024,
      },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === "number" ? error.code : -1;
        settle({ exitCode: code, output: `${stdout}${stderr}` });
      },
    );
  });
  const report = JSON.parse(await readFile(outputFile, "utf8")) as JsonReport;
  return { exitCode, report, output };
};

const testsWith = (report: JsonReport, status: string): string[] =>
  report.testResults.flatMap((file) =>
    file.assertionResults
      .filter((result) => result.status === status)
      .map((result) => result.fullName),
  );

describe("@courier-station/kit/testing, run by an adopter's test file", () => {
  it("passes adapters that keep the contracts: every Store and Bus test, through the public entries", async () => {
    const run = await runFixture("correct");
    expect(testsWith(run.report, "failed"), run.output).toEqual([]);
    expect(run.exitCode).toBe(0);
    const passed = testsWith(run.report, "passed");
    expect(passed.length).toBe(run.report.numTotalTests);
    const store = passed.filter((name) => name.startsWith("Store contract: memory, through"));
    const bus = passed.filter((name) => name.startsWith("Bus contract: in-process, through"));
    // Both suites registered their tests (more than a token few each) and all ran.
    expect(store.length).toBeGreaterThan(30);
    expect(bus.length).toBeGreaterThan(10);
    expect(store.length + bus.length).toBe(run.report.numTotalTests);
  }, 180_000);

  it("fails a store that lets the last writer win at its version checks, and passes the rest", async () => {
    const run = await runFixture("last-writer-wins");
    expect(run.exitCode, run.output).not.toBe(0);
    const failed = testsWith(run.report, "failed");
    expect(failed).toEqual(
      expect.arrayContaining([
        expect.stringContaining(
          "refuses an append at a stale version with a typed VersionConflict",
        ),
        expect.stringMatching(/concurrent writers on one aggregate win each version once/),
      ]),
    );
    // What neither races nor appends at a stale version still passes, so the failures
    // point at the bug rather than at the suite.
    const passed = testsWith(run.report, "passed");
    expect(passed).toEqual(
      expect.arrayContaining([
        expect.stringContaining(
          "keeps aggregates of one id in two communities and two kinds apart",
        ),
      ]),
    );
    expect(passed.length).toBeGreaterThan(failed.length);
  }, 180_000);
});
