import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { z } from "zod";

/*
 * What a courier's phone downloads to open its first page, read from the build's
 * manifest (`vite build` writes dist/.vite/manifest.json): the entry chunk, the courier
 * area's chunks and every chunk they import statically. The staff console's charts
 * (ECharts) and any spreadsheet code must not be among them.
 */

const dist = join(import.meta.dirname, "..", "dist");
const manifestPath = join(dist, ".vite", "manifest.json");

const chunkSchema = z.object({
  file: z.string(),
  src: z.string().optional(),
  isEntry: z.boolean().optional(),
  isDynamicEntry: z.boolean().optional(),
  imports: z.array(z.string()).optional(),
  dynamicImports: z.array(z.string()).optional(),
  css: z.array(z.string()).optional(),
});
const manifestSchema = z.record(z.string(), chunkSchema);
type Manifest = z.infer<typeof manifestSchema>;

/** The courier area's modules, each the source of a chunk loaded lazily from the routes. */
const courierSources = ["src/courier/courier-area.tsx", "src/courier/courier-pages.tsx"];

/** Heavy libraries that only the staff console may load. */
const consoleOnly = /echarts|zrender|exceljs|xlsx|sheetjs/i;

/** The manifest keys of the given chunks and of everything they import statically. */
const staticClosure = (manifest: Manifest, roots: ReadonlyArray<string>): Set<string> => {
  const seen = new Set<string>();
  const visit = (key: string) => {
    if (seen.has(key)) return;
    const chunk = manifest[key];
    if (chunk === undefined) throw new Error(`The manifest has no chunk ${key}`);
    seen.add(key);
    for (const imported of chunk.imports ?? []) visit(imported);
  };
  for (const root of roots) visit(root);
  return seen;
};

/** The files (scripts and style sheets) of the given chunks. */
const filesOf = (manifest: Manifest, keys: Iterable<string>): Set<string> => {
  const files = new Set<string>();
  for (const key of keys) {
    const chunk = manifest[key];
    if (chunk === undefined) continue;
    files.add(chunk.file);
    for (const css of chunk.css ?? []) files.add(css);
  }
  return files;
};

const gzippedBytes = (files: Iterable<string>): number =>
  [...files].reduce((total, file) => total + gzipSync(readFileSync(join(dist, file))).length, 0);

describe("the courier's first page", () => {
  // The web project's global setup builds the app first, so a missing manifest is a
  // broken build, not a reason to skip.
  it("has a build manifest to read", () => {
    expect(existsSync(manifestPath), manifestPath).toBe(true);
  });

  const manifest = (): Manifest =>
    manifestSchema.parse(JSON.parse(readFileSync(manifestPath, "utf8")));
  const entryKey = (m: Manifest): string => {
    const entry = Object.entries(m).find(([, chunk]) => chunk.isEntry === true);
    if (entry === undefined) throw new Error("The manifest has no entry chunk");
    return entry[0];
  };

  it("loads the courier area as chunks of its own, apart from the entry", () => {
    const m = manifest();
    const entry = m[entryKey(m)];
    for (const source of courierSources) {
      expect(m[source]?.isDynamicEntry, source).toBe(true);
      expect(entry?.dynamicImports ?? []).toContain(source);
    }
    // The staff console is its own chunk too, not part of what every page loads.
    expect(m["src/staff/staff-routes.tsx"]?.isDynamicEntry).toBe(true);
  });

  it("does not load ECharts or a spreadsheet library", () => {
    const m = manifest();
    const courier = staticClosure(m, [entryKey(m), ...courierSources]);
    const heavy = [...courier].filter((key) => consoleOnly.test(`${key} ${m[key]?.src ?? ""}`));
    expect(heavy).toEqual([]);
    // Bundled inside a chunk rather than as one of its own, ECharts still names itself.
    for (const file of filesOf(m, courier)) {
      if (!file.endsWith(".js")) continue;
      expect(/echarts|zrender|exceljs/i.test(readFileSync(join(dist, file), "utf8")), file).toBe(
        false,
      );
    }
  });

  it("stays under 300 kB gzipped, and the console fetches ECharts only for its dashboard", () => {
    const m = manifest();
    const courier = staticClosure(m, [entryKey(m), ...courierSources]);
    const courierBytes = gzippedBytes(filesOf(m, courier));
    const staff = staticClosure(m, [entryKey(m), "src/staff/staff-routes.tsx"]);
    const staffBytes = gzippedBytes(filesOf(m, staff));
    console.info(
      `bundle-size: courier first page ${(courierBytes / 1024).toFixed(1)} KiB gzipped, ` +
        `staff console ${(staffBytes / 1024).toFixed(1)} KiB gzipped (before its dashboard's charts)`,
    );
    // The single bundle was ~900 kB; ECharts alone is ~370 kB gzipped.
    expect(courierBytes).toBeLessThan(300 * 1024);
    const charts = Object.entries(m).filter(([key]) => key.includes("echarts"));
    expect(charts.length).toBeGreaterThan(0);
    for (const [key, chunk] of charts) {
      expect(staff.has(key), `${key} is loaded with the console`).toBe(false);
      expect(chunk.isDynamicEntry, key).toBe(true);
    }
  });
});
