import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { describeMachine } from "./machine.js";
import { needsServers, runScenarios } from "./run.js";
import type { BenchRow, BenchSize } from "./scenario.js";
import { allScenarios } from "./scenarios.js";
import { serversForRun } from "./servers.js";
import { markdownTable, textTable } from "./table.js";

/*
 * `npm run bench [-- <scenario>…] [--size smoke|full] [--repeats N] [--out file]`: runs the
 * scenarios (all by default) one after another, prints one table on stdout (progress on
 * stderr) and writes the rows, the machine and the date to bench/results.json.
 * `--markdown <results.json>` runs nothing: it prints that file's rows as a Markdown table
 * (how the README's figures are made).
 */

const usage = `usage: npm run bench -- [scenario…] [--size smoke|full] [--repeats N] [--out file] [--list]
       npm run bench -- --markdown bench/results.json
scenarios: ${allScenarios.map((scenario) => scenario.name).join(", ")}`;

const { values, positionals } = parseArgs({
  args: process.argv.slice(2),
  allowPositionals: true,
  options: {
    size: { type: "string", default: "full" },
    repeats: { type: "string" },
    out: { type: "string" },
    list: { type: "boolean", default: false },
    markdown: { type: "string" },
    help: { type: "boolean", short: "h", default: false },
  },
});

const fail = (message: string): never => {
  process.stderr.write(`${message}\n${usage}\n`);
  process.exit(2);
};

if (values.help) {
  process.stdout.write(`${usage}\n`);
  process.exit(0);
}
if (values.list) {
  for (const scenario of allScenarios)
    process.stdout.write(`${scenario.name}\t${scenario.title}\n`);
  process.exit(0);
}
if (values.markdown !== undefined) {
  // Relative to where `npm run` was typed (npm runs the script in bench/).
  const file = resolve(process.env.INIT_CWD ?? process.cwd(), values.markdown);
  const results = JSON.parse(readFileSync(file, "utf8")) as { rows: BenchRow[] };
  process.stdout.write(`${markdownTable(results.rows)}\n`);
  process.exit(0);
}
const size: BenchSize =
  values.size === "smoke" || values.size === "full"
    ? values.size
    : fail(`--size must be smoke or full, not ${values.size}`);
const repeats = values.repeats === undefined ? (size === "smoke" ? 1 : 3) : Number(values.repeats);
if (!Number.isInteger(repeats) || repeats < 1) fail(`--repeats must be a whole number ≥ 1`);
const unknown = positionals.filter(
  (name) => !allScenarios.some((scenario) => scenario.name === name),
);
if (unknown.length > 0) fail(`unknown scenario: ${unknown.join(", ")}`);
const selected =
  positionals.length === 0
    ? allScenarios
    : allScenarios.filter((scenario) => positionals.includes(scenario.name));

const progress = (line: string) => process.stderr.write(`${line}\n`);
const run = await serversForRun(needsServers(selected));
try {
  const machine = await describeMachine(run.servers);
  const began = new Date();
  const outcomes = await runScenarios(selected, { size, repeats, servers: run.servers, progress });
  const rows = outcomes.flatMap((outcome) => outcome.rows);
  process.stdout.write(`\n${textTable(rows)}\n`);
  const failed = outcomes.filter((outcome) => outcome.failure !== undefined);
  for (const outcome of failed) {
    process.stdout.write(`\n${outcome.scenario} FAILED:\n${outcome.failure}\n`);
  }
  const out = values.out ?? join(dirname(fileURLToPath(import.meta.url)), "..", "results.json");
  writeFileSync(
    out,
    `${JSON.stringify(
      {
        date: began.toISOString(),
        size,
        repeats,
        machine,
        scenarios: outcomes.map(({ scenario, seconds, failure }) => ({
          scenario,
          seconds: Math.round(seconds * 10) / 10,
          ...(failure === undefined ? {} : { failure }),
        })),
        rows,
      },
      null,
      2,
    )}\n`,
  );
  progress(`results written to ${out}`);
  if (failed.length > 0) process.exitCode = 1;
} finally {
  await run.stop();
}
