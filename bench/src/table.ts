import type { BenchRow } from "./scenario.js";

/** A figure for the table: three significant digits, thousands grouped. */
export function formatFigure(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const magnitude = Math.abs(value);
  if (magnitude >= 1_000) return Math.round(value).toLocaleString("en");
  if (magnitude >= 100) return value.toFixed(0);
  if (magnitude >= 10) return value.toFixed(1);
  if (magnitude >= 1) return value.toFixed(2);
  if (magnitude === 0) return "0";
  return value.toPrecision(2);
}

const cellsOf = (row: BenchRow): string[] => [
  row.scenario,
  row.measure,
  formatFigure(row.value.median),
  row.value.samples.length > 1
    ? `${formatFigure(row.value.min)}–${formatFigure(row.value.max)}`
    : "",
  row.unit,
  row.goal ?? "",
  row.met === undefined ? "" : row.met ? "yes" : "NO",
];

const header = ["scenario", "measure", "median", "spread", "unit", "goal", "met"];

/** The rows as one plain-text table, columns padded, numbers right-aligned. */
export function textTable(rows: readonly BenchRow[]): string {
  const body = rows.map(cellsOf);
  const widths = header.map((title, column) =>
    Math.max(title.length, ...body.map((cells) => (cells[column] ?? "").length)),
  );
  const numeric = new Set([2, 3]);
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) =>
        numeric.has(column) ? cell.padStart(widths[column] ?? 0) : cell.padEnd(widths[column] ?? 0),
      )
      .join("  ")
      .trimEnd();
  const notes = rows.flatMap((row) =>
    row.note === undefined ? [] : [`- ${row.scenario} / ${row.measure}: ${row.note}`],
  );
  return [
    line(header),
    line(widths.map((width) => "-".repeat(width))),
    ...body.map(line),
    ...(notes.length > 0 ? ["", "Notes:", ...notes] : []),
  ].join("\n");
}

/** The rows as a Markdown table (for the README), notes below it. */
export function markdownTable(rows: readonly BenchRow[]): string {
  const escapedCell = (cell: string) => cell.replaceAll("|", "\\|");
  const lines = [
    `| ${header.join(" | ")} |`,
    `| ${header.map(() => "---").join(" | ")} |`,
    ...rows.map((row) => `| ${cellsOf(row).map(escapedCell).join(" | ")} |`),
  ];
  return lines.join("\n");
}
